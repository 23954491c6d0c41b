"""A commune implementing a published procedure submittable online, a citizen account, an officer."""

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.tests.factories import citizen_account
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def commune(db):
    commune = CommuneFactory(code="000.00.31.H26", name="Ủy ban nhân dân Phường Thử nghiệm")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Thử nghiệm")
    return commune


@pytest.fixture
def version(commune):
    return published_version(
        code="1.000001",
        time_amount=3,
        time_unit="working_day",
        channels=["desk", "online_partial"],
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai", "kind": "original", "quantity": 1},
            {"name": "Văn bản ủy quyền", "kind": "copy", "quantity": 1, "mandatory": False},
        ],
    )


@pytest.fixture
def citizen(db):
    return citizen_account("congdan-test", full_name="Trần Thị Lan", id_number="001190012345")


@pytest.fixture
def desk(commune):
    return StaffFactory(agency=commune, roles=["desk_officer"])
