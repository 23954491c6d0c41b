"""Shared fixtures of the dossier tests: a commune, a published procedure with a process, staff."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services
from motcua.org.tests.factories import AgencyFactory, CommuneFactory, ServiceDeskFactory, StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)


@pytest.fixture
def ward(db):
    return CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")


@pytest.fixture
def police(db):
    return AgencyFactory(code="000.00.42.H26", name="Công an Thành phố Hà Nội")


@pytest.fixture
def process_version(ward, police):
    """Ten working days: check (2), then police and ward in parallel (5), then approval (3)."""
    version = published_version(
        code="1.013225",
        name="Cấp giấy phép xây dựng",
        time_amount=10,
        time_unit="working_day",
        implementing_agencies=[ward],
        requirements=[{"name": "Đơn đề nghị", "kind": "original", "quantity": 1}],
        fees=[{"name": "Lệ phí", "amount_vnd": 75000, "text": "75.000 đồng", "collected_at": "1"}],
    )
    process = ProcessDefinition.objects.create(version=version, agency=ward)
    rows = [
        (1, "Thẩm định hồ sơ", None, "Công chức địa chính", 2, None),
        (2, "Xác minh nhân thân", police, "Công an", 5, 1),
        (3, "Kiểm tra hiện trạng", None, "Công chức địa chính", 5, 1),
        (4, "Phê duyệt", None, "Chủ tịch UBND phường", 3, None),
    ]
    for order, work, agency, responsible, amount, group in rows:
        ProcessStep.objects.create(
            process=process,
            order=order,
            work=work,
            responsible_agency=agency,
            responsible=responsible,
            amount=amount,
            unit="working_day",
            parallel_group=group,
            is_interagency=agency is not None,
        )
    return version


@pytest.fixture
def desk(ward):
    return StaffFactory(agency=ward, roles=["desk_officer"], full_name="Trần Văn Bình")


@pytest.fixture
def specialist(ward):
    return StaffFactory(agency=ward, roles=["specialist"], full_name="Phạm Thu Hà")


@pytest.fixture
def head(ward):
    return StaffFactory(agency=ward, roles=["agency_leader"], full_name="Lê Minh Đức", position="Chủ tịch")


@pytest.fixture
def police_officer(police):
    return StaffFactory(agency=police, roles=["specialist"], full_name="Đỗ Quang Huy")


def applicant(**overrides):
    data = {
        "kind": "0",
        "full_name": "Nguyễn Thị Hằng",
        "id_number": "001185012345",
        "phone": "0912345678",
        "email": "hang@example.vn",
        "address": "12 Hàng Bạc, Hà Nội",
    }
    data.update(overrides)
    return services.ApplicantData(**data)


def make_intake(version, agency, **overrides):
    papers = [
        services.PaperData(name=r.name, kind=r.kind, requirement_id=r.pk)
        for r in version.requirements.filter(mandatory=True)
    ]
    values = {"version": version, "agency": agency, "applicant": applicant(), "papers": papers}
    values.update(overrides)
    return services.Intake(**values)


@pytest.fixture
def received(process_version, ward, desk):
    return services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)


@pytest.fixture
def processing(received, desk):
    return services.start_processing(
        dossier=received, actor=services.Actor.officer(desk), now=MONDAY_9.replace(minute=30)
    )


# A commune with its desk and a published three-working-day procedure it implements.
@pytest.fixture
def commune(db):
    commune = CommuneFactory(code="000.00.31.H26", name="Ủy ban nhân dân Phường Thử nghiệm")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Thử nghiệm", phone="024 3999 0000")
    return commune


@pytest.fixture
def version(commune):
    return published_version(
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai", "kind": "original", "quantity": 1},
            {
                "name": "Trường hợp ủy quyền: văn bản ủy quyền",
                "kind": "copy",
                "quantity": 1,
                "mandatory": False,
            },
        ],
    )
