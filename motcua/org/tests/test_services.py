import datetime

import pytest
from django.core.exceptions import ValidationError

from motcua.org import services
from motcua.org.models import Agency, AgencyLevel, Role, Staff, StaffRole
from motcua.org.tests.factories import AgencyFactory, ProvinceFactory, SubUnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def city():
    return ProvinceFactory()


def messages(exc, field):
    return " ".join(exc.value.message_dict[field])


def test_create_agency_sets_folded_search_text(city):
    agency = services.create_agency(
        code="000.00.02.H26", name="Sở Tư pháp", short_name="STP", level=AgencyLevel.DEPARTMENT, parent=city
    )
    assert agency.pk and "so tu phap" in agency.search_text


def test_malformed_code_is_rejected_and_nothing_saved(city):
    with pytest.raises(ValidationError) as exc:
        services.create_agency(code="000.00.2.h26", name="Sở X", level=AgencyLevel.DEPARTMENT, parent=city)
    assert "Mã định danh" in messages(exc, "code")
    assert Agency.objects.count() == 1


def test_child_must_share_parent_level1_group(city):
    with pytest.raises(ValidationError) as exc:
        services.create_agency(code="000.00.02.H29", name="Sở Lạc", level=AgencyLevel.DEPARTMENT, parent=city)
    text = messages(exc, "code")
    assert "H29" in text and "H26" in text and city.name in text
    assert not Agency.objects.filter(code="000.00.02.H29").exists()


def test_same_code_with_overlapping_validity_is_rejected(city):
    services.create_agency(
        code="000.00.02.H26", name="Sở Cũ", level=AgencyLevel.DEPARTMENT, parent=city, valid_to=D(2025, 2, 28)
    )
    with pytest.raises(ValidationError) as exc:
        services.create_agency(
            code="000.00.02.H26",
            name="Sở Mới",
            level=AgencyLevel.DEPARTMENT,
            parent=city,
            valid_from=D(2025, 2, 1),
        )
    text = messages(exc, "code")
    assert "Sở Cũ" in text and "28/02/2025" in text
    assert Agency.objects.filter(code="000.00.02.H26").count() == 1


def test_open_ended_periods_overlap(city):
    services.create_agency(code="000.00.02.H26", name="Sở A", level=AgencyLevel.DEPARTMENT, parent=city)
    with pytest.raises(ValidationError):
        services.create_agency(
            code="000.00.02.H26",
            name="Sở B",
            level=AgencyLevel.DEPARTMENT,
            parent=city,
            valid_from=D(2030, 1, 1),
        )


def test_code_can_be_reused_after_the_old_agency_ends(city):
    services.create_agency(
        code="000.00.02.H26", name="Sở Cũ", level=AgencyLevel.DEPARTMENT, parent=city, valid_to=D(2025, 2, 28)
    )
    new = services.create_agency(
        code="000.00.02.H26",
        name="Sở Mới",
        level=AgencyLevel.DEPARTMENT,
        parent=city,
        valid_from=D(2025, 3, 1),
    )
    assert new.pk
    assert list(Agency.objects.filter(code="000.00.02.H26").valid_on(D(2025, 3, 1))) == [new]


def test_valid_to_before_valid_from_is_rejected(city):
    with pytest.raises(ValidationError) as exc:
        services.create_agency(
            code="000.00.02.H26",
            name="Sở X",
            level=AgencyLevel.DEPARTMENT,
            parent=city,
            valid_from=D(2025, 3, 1),
            valid_to=D(2025, 2, 1),
        )
    assert "01/02/2025" in messages(exc, "valid_to")


def test_district_cannot_outlive_june_2025(city):
    with pytest.raises(ValidationError) as exc:
        services.create_agency(
            code="000.00.60.H26", name="UBND Quận X", level=AgencyLevel.DISTRICT, parent=city
        )
    assert "30/06/2025" in messages(exc, "valid_to")
    with pytest.raises(ValidationError):
        services.create_agency(
            code="000.00.60.H26",
            name="UBND Quận X",
            level=AgencyLevel.DISTRICT,
            parent=city,
            valid_to=D(2025, 7, 1),
        )
    ok = services.create_agency(
        code="000.00.60.H26",
        name="UBND Quận X",
        level=AgencyLevel.DISTRICT,
        parent=city,
        valid_to=D(2025, 6, 30),
    )
    assert ok.pk


def test_child_validity_must_lie_within_parent(city):
    dept = services.create_agency(
        code="000.00.02.H26",
        name="Sở Mới",
        level=AgencyLevel.DEPARTMENT,
        parent=city,
        valid_from=D(2025, 3, 1),
    )
    with pytest.raises(ValidationError) as exc:
        services.create_agency(code="000.01.02.H26", name="Phòng A", level=AgencyLevel.SUB_UNIT, parent=dept)
    assert "Sở Mới" in messages(exc, "valid_from")
    closed = services.create_agency(
        code="000.00.03.H26",
        name="Sở Đóng",
        level=AgencyLevel.DEPARTMENT,
        parent=city,
        valid_to=D(2025, 2, 28),
    )
    with pytest.raises(ValidationError) as exc:
        services.create_agency(
            code="000.01.03.H26",
            name="Phòng B",
            level=AgencyLevel.SUB_UNIT,
            parent=closed,
            valid_to=D(2025, 12, 31),
        )
    assert "Sở Đóng" in messages(exc, "valid_to")


def test_update_that_strands_a_child_is_rejected_and_changes_nothing(city):
    dept = services.create_agency(
        code="000.00.02.H26", name="Sở A", level=AgencyLevel.DEPARTMENT, parent=city
    )
    services.create_agency(code="000.01.02.H26", name="Phòng Con", level=AgencyLevel.SUB_UNIT, parent=dept)
    with pytest.raises(ValidationError) as exc:
        services.update_agency(agency=dept, valid_to=D(2025, 6, 30), name="Sở Đổi tên")
    assert "Phòng Con" in messages(exc, "valid_to")
    dept.refresh_from_db()
    assert (dept.name, dept.valid_to) == ("Sở A", None)


def test_parent_cannot_be_its_own_descendant(city):
    dept = AgencyFactory(parent=city)
    unit = SubUnitFactory(parent=dept)
    with pytest.raises(ValidationError) as exc:
        services.update_agency(agency=dept, parent=unit)
    assert "parent" in exc.value.message_dict


def test_update_agency_changes_fields(city):
    dept = AgencyFactory(parent=city, name="Sở Cũ")
    updated = services.update_agency(agency=dept, name="Sở Văn hóa và Thể thao")
    assert updated.search_text.startswith("so van hoa va the thao")


def test_create_agency_rejects_unknown_fields(city):
    with pytest.raises(TypeError):
        services.create_agency(code="000.00.02.H26", name="X", level="department", colour="red")


def test_staff_unit_must_belong_to_agency(city):
    dept = AgencyFactory(parent=city)
    other = AgencyFactory(parent=city)
    own_unit = SubUnitFactory(parent=dept)
    foreign_unit = SubUnitFactory(parent=other)
    with pytest.raises(ValidationError) as exc:
        services.create_staff(username="a", full_name="Lê Văn A", agency=dept, unit=foreign_unit)
    assert foreign_unit.name in messages(exc, "unit")
    assert not Staff.objects.exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="a").exists()  # the user went with the rollback
    staff = services.create_staff(username="b", full_name="Lê Văn B", agency=dept, unit=own_unit)
    assert staff.unit == own_unit
    same = services.create_staff(username="c", full_name="Lê Văn C", agency=dept, unit=dept)
    assert same.pk


def test_roles_and_superuser_flag(city):
    dept = AgencyFactory(parent=city)
    staff = services.create_staff(
        username="qt", full_name="Quản Trị", agency=dept, roles=[Role.ADMINISTRATOR], password="x-demo-1"
    )
    staff.user.refresh_from_db()
    # An agency's administrator is staff of the admin site with their group, never a superuser.
    assert not staff.user.is_superuser and staff.user.is_staff and staff.user.check_password("x-demo-1")
    assert list(staff.user.groups.values_list("name", flat=True)) == ["Quản trị cơ quan"]
    services.set_staff_roles(staff=staff, roles=[Role.DESK_OFFICER, Role.SPECIALIST])
    staff.user.refresh_from_db()
    assert not staff.user.is_superuser and not staff.user.is_staff
    assert not staff.user.groups.exists()
    assert set(StaffRole.objects.filter(staff=staff).values_list("role", flat=True)) == {
        "desk_officer",
        "specialist",
    }
    with pytest.raises(ValidationError):
        services.set_staff_roles(staff=staff, roles=["emperor"])


def test_directory_only_staff_cannot_log_in(city):
    staff = services.create_staff(username="dm", full_name="Đỗ Minh", agency=AgencyFactory(parent=city))
    assert not staff.user.has_usable_password()


def test_messages_are_translated_to_english(city):
    from django.utils import translation

    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.create_agency(code="000.00.02.H29", name="Sở Lạc", level=AgencyLevel.DEPARTMENT, parent=city)
    assert "belongs to level-1 group H29" in messages(exc, "code")


def test_province_of_walks_up_to_the_province_and_centre_kinds_are_the_2025_centres(db):
    from motcua.org.choices import CENTRE_KINDS
    from motcua.org.models import DeskKind
    from motcua.org.selectors import province_of
    from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, SubUnitFactory

    city = ProvinceFactory()
    ward = CommuneFactory(parent=city)
    unit = SubUnitFactory(parent=ward)
    assert province_of(unit) == province_of(ward) == province_of(city) == city
    assert {DeskKind.CENTRE, DeskKind.BRANCH, DeskKind.COMMUNE_CENTRE} == CENTRE_KINDS
