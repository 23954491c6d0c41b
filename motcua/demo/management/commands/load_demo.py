"""`manage.py load_demo`: a Hà Nội-like city to try MotCua with, safe to run again.

Loads the organisation (motcua.org.demo: agencies, desks, directory staff, one account per role at
a department and at a ward), the calendars' Saturday sessions the desks announce, then the
procedure catalogue and a week and a half of generated dossiers at the two agencies where the demo
accounts work (Sở Tư pháp and Phường Hoàn Kiếm), through the services, so that the steps reach the
roles the processes name and every demo officer opens a queue with work; then staged dossiers
(motcua.simulation.staging) wherever a demo desk's, specialist's, unit head's or leader's queue
lacks a colour at the reference instant (`--until`, default this hour); prints the demo accounts.

Invented data: every agency code except the pattern of the People's Committee's is invented
(`code_verified` is off and the agency's note says so), Hà Nội's level-1 group H26 itself is
unverified, and addresses, phone numbers and names of people are illustrative.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Count

from motcua.calendars.models import SaturdaySession
from motcua.calendars.services import set_saturday_session
from motcua.catalog import services as catalog_services
from motcua.catalog.models import Procedure
from motcua.cms import demo as cms_demo
from motcua.dossiers import applicants
from motcua.dossiers.models import Applicant, Dossier
from motcua.feedback import demo as feedback_demo
from motcua.integrations.vneid import identities
from motcua.org.demo import DEMO_PASSWORD, DemoLoader
from motcua.org.models import Agency, Role, ServiceDesk, Staff
from motcua.simulation import staging
from motcua.simulation.management.commands.generate_dossiers import reference_instant
from motcua.simulation.world import load_world
from motcua.surveys import demo as survey_demo

#: Generated at the demo accounts' agencies over DEMO_DAYS days before now: with a short history
#: many stay open, so the queues hold work on time, due soon and overdue (about 40 s on SQLite).
DEMO_DOSSIERS = 240
DEMO_DAYS = 8
DEMO_AGENCIES = ("Sở Tư pháp", "Ủy ban nhân dân Phường Hoàn Kiếm")
#: The demo accounts whose queues hold every colour (motcua.org.demo's usernames).
STAGED_PLACES = ("stp", "hoankiem")
STAGED_ROLES = ("motcua", "chuyenvien", "truongphong", "lanhdao")


#: The procedures the demo city opens to boundary-free intake from 1/7/2025 (Decree 118/2025 art. 5):
#: birth registration, certified copies, signature certification (an illustrative list).
DEMO_BOUNDARY_FREE = ("1.001193", "2.000815", "2.000884")
DEMO_BOUNDARY_FREE_LIST = "Danh mục TTHC tiếp nhận không phụ thuộc địa giới hành chính (minh họa)"


def open_boundary_free() -> tuple[int, int]:
    """The demo's published list, for those of its procedures the catalogue holds."""
    codes = list(Procedure.objects.filter(code__in=DEMO_BOUNDARY_FREE).values_list("code", flat=True))
    return catalog_services.load_boundary_free_list(
        codes=codes,
        valid_from=datetime.date(2025, 7, 1),
        valid_to=None,
        published_list=DEMO_BOUNDARY_FREE_LIST,
    )


#: The demo's one-stop lists (seed 003's tables read them): from 1/7/2025, every procedure an agency
#: implements whose version in force is received at the desk (an illustrative rule, not a decision).
DEMO_ONE_STOP_LIST = "Danh mục TTHC thực hiện theo cơ chế một cửa (minh họa)"


def one_stop_lists() -> int:
    """One list per implementing agency, refreshed on every run; returns how many lists there are."""
    from collections import defaultdict

    from motcua.catalog.models import Channel as CatalogChannel
    from motcua.catalog.models import ProcedureVersion
    from motcua.catalog.selectors import in_force_q
    from motcua.reports.table_models import OneStopList

    listed: dict[int, set[int]] = defaultdict(set)
    versions = ProcedureVersion.objects.filter(in_force_q()).prefetch_related("implementing_agencies")
    for version in versions:
        if CatalogChannel.DESK in (version.channels or []):
            for agency in version.implementing_agencies.all():
                listed[agency.pk].add(version.procedure_id)
    for agency_id, procedures in sorted(listed.items()):
        one_stop, _created = OneStopList.objects.get_or_create(
            agency_id=agency_id,
            valid_from=datetime.date(2025, 7, 1),
            defaults={"decision": DEMO_ONE_STOP_LIST},
        )
        one_stop.procedures.set(procedures)
    return len(listed)


def saturday_calendars() -> int:
    """Each desk's host agency's calendar receives on Saturday morning exactly when one of the
    desks it hosts says so (the directory reads the calendar); returns how many rows changed."""
    wanted: dict[int, bool] = {}
    for desk in ServiceDesk.objects.select_related("host_agency"):
        wanted[desk.host_agency_id] = wanted.get(desk.host_agency_id, False) or desk.saturday_morning
    agencies = Agency.objects.in_bulk(list(wanted))
    return sum(
        set_saturday_session(
            agency=agencies[pk], session=SaturdaySession.RECEIVE if receives else SaturdaySession.NONE
        )
        for pk, receives in sorted(wanted.items())
    )


CITIZEN_USERNAME = "congdan"


def citizen_account() -> tuple[str, str] | None:
    """The demo citizen `congdan`: the account of the person with the most generated dossiers, their
    identity linked as a VNeID login would (applicants.verified_login), so the API's online
    submission and the citizen's dossier list can be tried. Created once; None without dossiers."""
    User = get_user_model()
    user = User.objects.filter(username=CITIZEN_USERNAME).first()
    person = Applicant.objects.filter(user=user).first() if user is not None else None
    if person is None:
        person = (
            Applicant.objects.filter(kind="0", user__isnull=True)
            .exclude(id_number="")
            .annotate(n=Count("dossiers"))
            .order_by("-n", "pk")
            .first()
        )
        if person is None:
            return None
        if user is None:
            user = User.objects.create_user(CITIZEN_USERNAME, password=DEMO_PASSWORD)
        data = {"full_name": person.full_name, "id_number": person.id_number}
        if person.date_of_birth:
            data["date_of_birth"] = person.date_of_birth
        person = applicants.verified_login(user=user, data=data)
    register_with_simulators(person)
    return person.full_name, person.id_number


#: How many more generated citizens the VNeID and population simulators know, beside `congdan`.
SIMULATED_CITIZENS = 4


def register_with_simulators(citizen: Applicant) -> None:
    """The demo's citizens become the VNeID and population-data simulators' people: `congdan` (who
    logs in through /dang-nhap/ → VNeID) and a few others from the generated dossiers, so a login
    through the simulator lands on a person with a history."""
    others = (
        Applicant.objects.filter(kind="0", user__isnull=True, date_of_birth__isnull=False)
        .exclude(id_number="")
        .annotate(n=Count("dossiers"))
        .order_by("-n", "pk")[:SIMULATED_CITIZENS]
    )
    for person in [citizen, *others]:
        identities.add_identity(
            identities.Identity(
                id_number=person.id_number,
                full_name=person.full_name,
                date_of_birth=person.date_of_birth,
                address=person.address,
                phone=person.phone,
                email=person.email,
                note="Công dân mẫu “congdan”" if person.pk == citizen.pk else "Công dân trong dữ liệu mẫu",
            )
        )


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (cơ quan, bộ phận một cửa, cán bộ, thủ tục, lịch làm việc); chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--until",
            help="thời điểm tham chiếu của hồ sơ mẫu (mặc định: giờ hiện tại); cố định để dữ liệu lặp lại được",
        )

    def _stage(self, codes: list[str], until: str) -> None:
        """Complete what the generated histories left out: every demo desk, specialist, unit head
        and leader opens a queue with work in every colour (and the desk a dossier waiting for the
        applicant's supplement), at the same reference instant as the histories."""
        world = load_world(agencies=codes)
        officers = Staff.objects.filter(
            user__username__in=[f"{place}.{role}" for place in STAGED_PLACES for role in STAGED_ROLES]
        ).order_by("user__username")
        added = staging.stage(world, officers, reference_instant(until))
        staged = sum(len(bands) for bands in added.values())
        self.stdout.write(f"Hồ sơ bổ sung cho đủ màu hàng chờ: {staged} ({len(added)} tài khoản).")

    def handle(self, *args, **options):
        loader = DemoLoader()
        loader.load()
        self.stdout.write(
            f"Tổ chức: {loader.created} bản ghi mới, {loader.updated} bản ghi cập nhật "
            "(mã định danh do dữ liệu mẫu tự đặt được đánh dấu “chưa xác minh”; nhóm H26 chưa xác minh)."
        )
        changed = saturday_calendars()
        self.stdout.write(f"Lịch làm việc: {changed} cơ quan đổi buổi sáng thứ Bảy theo bộ phận một cửa.")
        # The catalogue assigns procedures to the agencies just loaded. Calendars need no demo
        # rows: the national calendar comes from the holidays package and motcua.workcal's data.
        call_command("load_catalogue", stdout=self.stdout, stderr=self.stderr)
        created, _updated = open_boundary_free()
        self.stdout.write(f"Tiếp nhận không phụ thuộc địa giới: {created} thủ tục mới trong danh mục.")
        self.stdout.write(f"Danh mục TTHC thực hiện theo cơ chế một cửa: {one_stop_lists()} cơ quan.")
        # Dossier histories where the demo accounts work, so queues, timelines and forms have
        # something to show. Only into an empty dossier table: running the command again adds nothing.
        if not Dossier.objects.exists():
            # One reference instant for the histories and the staged dossiers (default: this hour).
            until = reference_instant(options.get("until")).isoformat()
            codes = list(
                Agency.objects.filter(name__in=DEMO_AGENCIES, valid_to__isnull=True).values_list(
                    "code", flat=True
                )
            )
            call_command(
                "generate_dossiers",
                count=DEMO_DOSSIERS,
                seed=1,
                days=DEMO_DAYS,
                until=until,
                via="services",
                agencies=codes,
                no_progress=True,
                stdout=self.stdout,
                stderr=self.stderr,
            )
            # Staging tops up generated histories; with no dossier generated (the loaders stubbed
            # out, as the organisation's tests do) there is nothing to top up.
            if Dossier.objects.filter(agency__code__in=codes).exists():
                self._stage(codes, until)
            # The statistics read the rollups: built from the demo's dossiers, whatever path wrote them.
            call_command("rebuild_rollups", stdout=self.stdout, stderr=self.stderr)

        answered, quiz_questions = survey_demo.load()
        self.stdout.write(
            f"Khảo sát sự hài lòng: {answered} phiếu mẫu (/can-bo/khao-sat/); cuộc thi: {quiz_questions} câu hỏi (/cuoc-thi/)."
        )
        # The public reform pages (/cai-cach/), after the dossiers: their results page reads the figures.
        cms_demo.load()
        self.stdout.write("Trang cải cách hành chính: /cai-cach/ (soạn, duyệt tại /cms-admin/).")

        self.stdout.write("")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})")
        rows = [(a.username, DEMO_PASSWORD, str(Role(a.role).label), a.agency) for a in loader.accounts]
        citizen = citizen_account()
        if citizen is not None:
            name, number = citizen
            rows.append(
                (
                    CITIZEN_USERNAME,
                    DEMO_PASSWORD,
                    "Công dân",
                    f"{name} ({number}), đăng nhập /dang-nhap/ → VNeID (mô phỏng)",
                )
            )
        rows.append(
            (
                cms_demo.OFFICER_USERNAME,
                DEMO_PASSWORD,
                "Cán bộ truyền thông",
                "/cms-admin/: soạn tin, gửi duyệt",
            )
        )
        rows.append(
            (
                cms_demo.APPROVER_USERNAME,
                DEMO_PASSWORD,
                "Lãnh đạo duyệt tin bài",
                "/cms-admin/: duyệt, xuất bản",
            )
        )
        header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Cơ quan")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
        for row in [header, *rows]:
            self.stdout.write(
                "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
            )
        # After the accounts (the demo citizen `congdan` sends one of them).
        made = feedback_demo.load()
        self.stdout.write(f"Phản ánh, kiến nghị mẫu: {made} (việc cho các tài khoản *.kiemsoat).")
