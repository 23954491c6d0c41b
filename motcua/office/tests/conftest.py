import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services
from motcua.org.tests.factories import CommuneFactory, StaffFactory

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a thread
# with a running loop unless told this is fine (the browser tests only touch the DB from the test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "motcua-test"


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium through Playwright (slow)")


@pytest.fixture
def commune(db):
    return CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")


@pytest.fixture
def version(commune):
    return published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1},
            {"name": "Giấy chứng sinh", "kind": "original", "quantity": 1},
            {
                "group": "Trường hợp ủy quyền",
                "name": "Văn bản ủy quyền",
                "kind": "copy",
                "quantity": 1,
                "mandatory": False,
            },
        ],
    )


@pytest.fixture
def desk(commune):
    return StaffFactory(agency=commune, roles=["desk_officer"], full_name="Lê Thị Một Cửa")


@pytest.fixture
def specialist(commune):
    return StaffFactory(agency=commune, roles=["specialist"], full_name="Phạm Văn Chuyên")


@pytest.fixture
def leader(commune):
    return StaffFactory(agency=commune, roles=["agency_leader"], full_name="Hoàng Văn Lãnh")


def login(client, staff):
    client.force_login(staff.user)
    return client


def receive(version, agency, desk, *, now=None, **applicant):
    """A dossier received at the desk through the service (what the intake screen does)."""
    values = {"kind": "0", "full_name": "Trần Thị Lan", "id_number": "001190012345", "phone": "0912345678"}
    values.update(applicant)
    papers = [
        services.PaperData(name=r.name, kind=r.kind, requirement_id=r.pk)
        for r in version.requirements.filter(mandatory=True)
    ]
    intake = services.Intake(
        version=version, agency=agency, applicant=services.ApplicantData(**values), papers=papers
    )
    return services.receive_at_desk(
        officer=desk, intake=intake, now=now or datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)
    )
