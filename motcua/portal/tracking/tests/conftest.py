"""A commune with its desk, a procedure, a citizen (an account linked to a verified identity, as after
a VNeID login) with one received and one returned dossier."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.dossiers.tests.factories import citizen_account
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ID_NUMBER = "001185012345"


def _intake(version, agency, full_name="Nguyễn Thị Hằng", id_number=ID_NUMBER, phone="0912345678"):
    applicant = services.ApplicantData(
        kind="0",
        full_name=full_name,
        id_number=id_number,
        phone=phone,
        email="",
        address="12 Hàng Bạc, Hà Nội",
    )
    papers = [
        services.PaperData(name=r.name, kind=r.kind, requirement_id=r.pk)
        for r in version.requirements.filter(mandatory=True)
    ]
    return services.Intake(version=version, agency=agency, applicant=applicant, papers=papers)


@pytest.fixture
def world(db):
    commune = CommuneFactory(code="000.00.31.H26", name="Ủy ban nhân dân Phường Thử nghiệm")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Thử nghiệm", phone="024 3999 0000")
    version = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    desk = StaffFactory(agency=commune, roles=["desk_officer"], full_name="Trần Văn Bình")
    citizen = citizen_account("congdan", full_name="Nguyễn Thị Hằng", id_number=ID_NUMBER, date_of_birth=None)
    open_one = services.receive_at_desk(officer=desk, intake=_intake(version, commune), now=MONDAY_9)
    done = services.receive_at_desk(
        officer=desk, intake=_intake(version, commune), now=MONDAY_9 + timedelta(hours=1)
    )
    # The return is the lifecycle's (tested there); these pages only read the state it leaves.
    Dossier.objects.filter(pk=done.pk).update(state=State.RETURNED, returned_at=MONDAY_9 + timedelta(days=2))
    done.refresh_from_db()
    stranger = services.receive_at_desk(
        officer=desk,
        intake=_intake(version, commune, "Lê Văn Khác", "001190077777", "0987654321"),
        now=MONDAY_9,
    )
    return {
        "commune": commune,
        "desk": desk,
        "citizen": citizen,
        "open": open_one,
        "done": done,
        "stranger": stranger,
    }
