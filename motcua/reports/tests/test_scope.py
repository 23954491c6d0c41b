"""Who may report on which unit (issue 12): an officer's own subtree; the people's committee's
office (where the procedure-control office sits) the whole province."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.org.choices import AgencyLevel
from motcua.org.models import Role
from motcua.org.tests.factories import AgencyFactory, CommuneFactory, ProvinceFactory, StaffFactory
from motcua.reports import scope


@pytest.fixture
def city(db):
    province = ProvinceFactory()
    office = AgencyFactory(
        parent=province, level=AgencyLevel.PROVINCE_OFFICE, name="Văn phòng UBND Thành phố"
    )
    justice = AgencyFactory(parent=province, name="Sở Tư pháp")
    ward = CommuneFactory(parent=province)
    return province, office, justice, ward


def test_the_control_office_reports_on_the_whole_province(city):
    province, office, justice, ward = city
    control = StaffFactory(agency=office, roles=[Role.CONTROL_OFFICER])
    assert scope.home_unit(control.user) == province
    assert set(scope.require_unit(control.user, province)) == {province.pk, office.pk, justice.pk, ward.pk}


def test_a_department_leader_reports_on_their_own_subtree_only(city):
    province, _office, justice, _ward = city
    leader = StaffFactory(agency=justice, roles=[Role.AGENCY_LEADER])
    assert scope.home_unit(leader.user) == justice
    assert scope.require_unit(leader.user, justice) == [justice.pk]
    with pytest.raises(PermissionDenied):
        scope.require_unit(leader.user, province)


def test_a_desk_officer_reports_on_nothing(city):
    *_others, ward = city
    desk = StaffFactory(agency=ward, roles=[Role.DESK_OFFICER])
    assert scope.reportable_root_ids(desk.user) == []
    with pytest.raises(PermissionDenied):
        scope.require_unit(desk.user, ward)


@pytest.mark.parametrize("code", ["\x9e\x00", "0" * 36, "000.00.99.H26"])
def test_a_unit_code_that_names_no_agency_is_a_clear_400(db, code):
    with pytest.raises(ValidationError) as refused:
        scope.unit_by_code(code)
    assert refused.value.error_dict["unit"][0].code == "unit_unknown"
