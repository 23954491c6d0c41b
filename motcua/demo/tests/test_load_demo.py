import datetime
import re
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from motcua.core.testing import query_budget
from motcua.demo.management.commands.load_demo import DEMO_AGENCIES
from motcua.org.demo import DEMO_PASSWORD
from motcua.org.models import Agency, AgencyLevel, DeskKind, Hotline, Role, ServiceDesk, Staff, StaffRole
from motcua.reports.periods import Period

pytestmark = pytest.mark.django_db(transaction=False)


def snapshot():
    User = get_user_model()
    return {
        # Every table of every app (other loaders included), not only the organisation's.
        "counts": {
            m._meta.label: m._default_manager.count()
            for m in apps.get_models()
            if m._meta.db_table in connection.introspection.table_names()
        },
        "agencies": sorted(
            Agency.objects.values_list("code", "name", "parent__code", "valid_from", "valid_to")
        ),
        "desks": sorted(ServiceDesk.objects.values_list("name", "kind", "host_agency__code", "address")),
        "desk_agencies": sorted(
            ServiceDesk.agencies.through.objects.values_list("servicedesk__name", "agency__code")
        ),
        "hotlines": sorted(Hotline.objects.values_list("desk__name", "label", "phone")),
        "staff": sorted(
            Staff.objects.values_list("user__username", "full_name", "agency__code", "desk__name")
        ),
        "roles": sorted(StaffRole.objects.values_list("staff__user__username", "role")),
        "users": sorted(User.objects.values_list("username", "password", "is_superuser", "is_staff")),
    }


@pytest.fixture
def loaded(monkeypatch):
    """The organisation only: the catalogue and calendar loaders have their own tests."""
    monkeypatch.setattr("motcua.demo.management.commands.load_demo.call_command", lambda *a, **k: None)
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent(monkeypatch, settings, tmp_path):
    settings.MOTCUA_SIMULATOR_DIR = str(tmp_path)
    # The whole command, with whatever loaders exist, twice: nothing may change the second time.
    monkeypatch.setattr("motcua.demo.management.commands.load_demo.DEMO_DOSSIERS", 60)
    loading = StringIO()
    call_command("load_demo", stdout=loading)
    first = snapshot()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert snapshot() == first
    assert "0 bản ghi mới, 0 bản ghi cập nhật" in out.getvalue()
    # The demo comes with dossiers for the queues to show (generated once only).
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.selectors import work_queue

    # the 60 generated, and the staged ones that give each demo queue its every colour
    staged = int(re.search(r"Hồ sơ bổ sung cho đủ màu hàng chờ: (\d+)", loading.getvalue()).group(1))
    assert Dossier.objects.count() == 60 + staged
    # The demo citizen, linked to a person with dossiers (issue 8: online submission needs it).
    citizen = get_user_model().objects.get(username="congdan")
    assert citizen.check_password(DEMO_PASSWORD)
    assert Dossier.objects.filter(applicant__user=citizen).exists()
    assert "congdan" in out.getvalue()
    # ... who is one of the VNeID simulator's people (logs in through /dang-nhap/), with others.
    from motcua.integrations.vneid import identities

    person = citizen.applicant_profiles.get()
    assert identities.find(person.id_number).full_name == person.full_name
    assert len(identities.registered()) == 5
    # ... all of them where the demo accounts work, and the desks there have work waiting.
    assert set(Dossier.objects.values_list("agency__name", flat=True)) == set(DEMO_AGENCIES)
    for username in [
        "stp.motcua",
        "hoankiem.motcua",
        "stp.kiemsoat",
        "hoankiem.kiemsoat",
        "hoankiem.quantri",
    ]:
        staff = Staff.objects.get(user__username=username)
        assert work_queue(staff, timezone.now()).entries, username
    # The leader of Sở Tư pháp sees seed 003's Phụ lục I filled (desk area, procedures, one-stop list,
    # dossiers), and so does the ward's leader its Phụ lục III.
    from motcua.reports.scope import require_unit
    from motcua.reports.tables import build_table

    for username in ("stp.lanhdao", "hoankiem.lanhdao"):
        leader = Staff.objects.select_related("agency", "user").get(user__username=username)
        today = timezone.localdate()
        period = Period(today - datetime.timedelta(days=30), today)
        table = build_table(leader.agency, period, subtree=require_unit(leader.user, leader.agency))
        first = table.rows[0].values
        assert first["area_m2"] and first["procedures"] and first["one_stop_procedures"], username
        assert table.total.values["on_time"] + table.total.values["late"] > 0, username


def test_the_demo_calendars_hold_the_saturday_sessions_the_desks_announce(loaded, client):
    from motcua.calendars.services import calendar_for

    ward = Agency.objects.get(name="Ủy ban nhân dân Phường Hoàn Kiếm")
    department = Agency.objects.get(short_name="STP")
    assert ServiceDesk.objects.get(host_agency=ward).saturday_morning
    assert calendar_for(ward).saturday_session is not None
    assert calendar_for(department).saturday_session is None
    page = client.get(
        f"/co-quan/bo-phan-mot-cua/{ServiceDesk.objects.get(host_agency=ward).pk}/"
    ).content.decode()
    assert "Có tiếp nhận hồ sơ sáng thứ Bảy" in page
    page = client.get(f"/co-quan/bo-phan-mot-cua/{ServiceDesk.objects.get(host_agency=department).pk}/")
    assert "Có tiếp nhận hồ sơ sáng thứ Bảy" not in page.content.decode()


def test_demo_tree_is_complete(loaded):
    city = Agency.objects.get(code="000.00.00.H26")
    assert city.level == AgencyLevel.PROVINCE and "H26" in city.note
    assert Agency.objects.filter(level=AgencyLevel.PROVINCE_OFFICE, parent=city).exists()
    departments = Agency.objects.filter(level=AgencyLevel.DEPARTMENT).valid_on(datetime.date(2026, 1, 1))
    assert departments.count() >= 10
    for short in ["STP", "STC", "SXD", "SNNMT", "SYT", "SGDĐT", "SNV", "SCT", "SVHTT", "SKHCN", "SNGV"]:
        dept = departments.get(short_name=short)
        assert dept.children.filter(level=AgencyLevel.SUB_UNIT).exists(), short
    for short in ["CATP", "BHXH"]:
        assert Agency.objects.get(short_name=short).level == AgencyLevel.VERTICAL
    communes = Agency.objects.filter(level=AgencyLevel.COMMUNE, valid_to__isnull=True)
    assert communes.count() >= 20
    assert communes.filter(name="Ủy ban nhân dân Phường Hoàn Kiếm").exists()
    districts = Agency.objects.filter(level=AgencyLevel.DISTRICT)
    assert districts.count() >= 2 and all(str(d.valid_to) == "2025-06-30" for d in districts)
    # Invented codes are flagged as such.
    assert not Agency.objects.filter(code_verified=True).exists()
    # Every agency passes the same validation as the admin.
    for agency in Agency.objects.select_related("parent"):
        agency.full_clean()


def test_demo_desks(loaded):
    centre = ServiceDesk.objects.get(kind=DeskKind.CENTRE)
    assert centre.branches.count() >= 3
    assert centre.hotlines.exists()
    # From 1/7/2025 every commune's desk is its Public Administration Service Centre (Decree 118/2025).
    for commune in Agency.objects.filter(level=AgencyLevel.COMMUNE, valid_to__isnull=True):
        desk = commune.hosted_desks.get(kind=DeskKind.COMMUNE_CENTRE)
        assert desk.hotlines.exists() and desk.staff.filter(is_leader=True).exists()
    assert Agency.objects.get(short_name="STP").hosted_desks.exists()


def test_every_role_has_an_account_at_a_department_and_a_commune(loaded, client):
    for level in [AgencyLevel.DEPARTMENT, AgencyLevel.COMMUNE]:
        held = set(
            StaffRole.objects.filter(staff__agency__level=level, staff__user__password__isnull=False)
            .exclude(staff__user__password__startswith="!")
            .values_list("role", flat=True)
        )
        assert held == set(Role.values), level
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    # An agency's administrator is staff of the admin site, not a superuser (issue 8, defect 3).
    quantri = get_user_model().objects.get(username="stp.quantri")
    assert quantri.is_staff and not quantri.is_superuser
    for username in ["stp.motcua", "hoankiem.motcua", "admin"]:
        assert username in loaded
    # Through the login page (the lockout's backend needs the request, which client.login lacks).
    response = client.post("/can-bo/dang-nhap/", {"username": "hoankiem.motcua", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_demo_directory_page(loaded, client):
    with query_budget("page.org.desks.demo"):
        response = client.get("/co-quan/bo-phan-mot-cua/")
    page = response.content.decode()
    assert "Trung tâm Phục vụ hành chính công Thành phố Hà Nội" in page
    assert "Bộ phận Một cửa Phường Cửa Nam" in page


def test_the_control_offices_demo_accounts_have_feedback_to_handle(loaded, client):
    from django.utils import timezone

    from motcua.feedback import selectors as feedback_selectors
    from motcua.feedback.models import Feedback

    assert "Phản ánh, kiến nghị mẫu: 10" in loaded
    for username in ("hoankiem.kiemsoat", "stp.kiemsoat"):
        rows = feedback_selectors.queue(Staff.objects.get(user__username=username), timezone.now())
        assert {r.feedback.state for r in rows} == {"received", "answered"}, username
        assert rows[0].band == "overdue"  # the oldest waits past its two working days
    assert Feedback.objects.filter(state="published").count() == 2
    page = client.get("/phan-anh/").content.decode()
    assert "Hướng dẫn nộp trực tuyến" in page and "Lê Văn Nam" not in page
