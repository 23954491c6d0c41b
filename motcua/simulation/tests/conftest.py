"""A small province for the generator: two wards and the police, three procedures (same-day civil
status with no process, a building permit with a parallel inter-agency stage, a step of a ward's
unit and fees, a certification counted in working hours with fractional step budgets). The steps'
positions name every role a step can have (desk, specialist, unit head, leader) and none."""

from datetime import datetime

import pytest
from django.utils import translation

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.org.tests.factories import AgencyFactory, CommuneFactory, SubUnitFactory
from motcua.workcal import VN_TZ

UNTIL = datetime(2026, 11, 20, 17, 0, tzinfo=VN_TZ)


def _process(version, agency, rows):
    process = ProcessDefinition.objects.create(version=version, agency=agency)
    for order, (work, responsible_agency, responsible, amount, unit, group) in enumerate(rows, start=1):
        ProcessStep.objects.create(
            process=process,
            order=order,
            work=work,
            responsible_agency=responsible_agency,
            responsible=responsible,
            amount=amount,
            unit=unit,
            parallel_group=group,
            is_interagency=responsible_agency is not None and responsible_agency.parent_id != agency.pk,
        )


@pytest.fixture
def province(db):
    ward_a = CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")
    ward_b = CommuneFactory(code="000.00.42.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")
    police = AgencyFactory(code="000.00.43.H26", name="Công an Thành phố Hà Nội")
    economy = SubUnitFactory(parent=ward_a, name="Phòng Kinh tế, Hạ tầng và Đô thị")
    birth = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        time_amount=None,
        time_unit="same_day",
        channels=["desk", "post", "online_partial"],
        implementing_agencies=[ward_a, ward_b],
        requirements=[
            {"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1},
            {"name": "Giấy chứng sinh", "kind": "original", "quantity": 1},
            {"name": "Văn bản ủy quyền", "kind": "either", "quantity": 1, "mandatory": False},
        ],
    )
    building = published_version(
        code="1.013225",
        name="Cấp giấy phép xây dựng",
        sector="Hoạt động xây dựng",
        time_amount=15,
        time_unit="working_day",
        channels=["desk", "online_partial"],
        implementing_agencies=[ward_a],
        requirements=[
            {"name": "Đơn đề nghị cấp giấy phép xây dựng", "kind": "original", "quantity": 1},
            {"name": "Bản vẽ thiết kế", "kind": "copy", "quantity": 2},
        ],
        fees=[
            {"name": "Lệ phí cấp giấy phép", "amount_vnd": 75000, "text": "75.000 đồng", "collected_at": "1"}
        ],
    )
    certify = published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        sector="Chứng thực",
        time_amount=8,
        time_unit="working_hour",
        channels=["desk", "online_partial"],
        implementing_agencies=[ward_a, ward_b],
        requirements=[{"name": "Bản chính giấy tờ", "kind": "original", "quantity": 1}],
    )
    _process(
        building,
        ward_a,
        [
            ("Thẩm định hồ sơ", None, "Công chức địa chính", 3, "working_day", None),
            ("Xác minh nhân thân", police, "Công an", 5, "working_day", 1),
            ("Kiểm tra hiện trạng", economy, "Phòng Kinh tế", 5, "working_day", 1),
            ("Phê duyệt", None, "Chủ tịch UBND phường", 3, "working_day", None),
        ],
    )
    _process(
        certify,
        ward_b,
        [
            ("Kiểm tra bản chính", None, "Công chức Bộ phận Một cửa", "0.25", "working_hour", None),
            ("Chứng thực", None, "Phó Trưởng phòng Tư pháp", 4, "working_hour", None),
            ("Ký", None, "Phó Chủ tịch", "0.5", "day", None),
        ],
    )
    return {"wards": [ward_a, ward_b], "police": police, "versions": [birth, building, certify]}


@pytest.fixture(autouse=True)
def _vi():
    with translation.override("vi"):
        yield
