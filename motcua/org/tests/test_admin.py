import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from motcua.org import validation
from motcua.org.models import Agency, AgencyLevel, Role, Staff
from motcua.org.tests.factories import AgencyFactory, ProvinceFactory, ServiceDeskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return ProvinceFactory()


def agency_form(**overrides):
    data = {
        "code": "000.00.02.H26",
        "code_verified": "on",
        "name": "Sở Tư pháp",
        "short_name": "STP",
        "level": "department",
        "parent": "",
        "valid_from": "",
        "valid_to": "",
        "address": "",
        "phones": "",
        "email": "",
        "website": "",
        "note": "",
        "children-TOTAL_FORMS": "0",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_admin_pages_render_in_vietnamese(admin_client, city):
    AgencyFactory(parent=city)
    ServiceDeskFactory()
    for name in ["org_agency", "org_servicedesk", "org_staff"]:
        response = admin_client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200
        response = admin_client.get(reverse(f"admin:{name}_add"))
        assert response.status_code == 200
    page = admin_client.get(reverse("admin:org_agency_changelist") + "?valid_on=today").content.decode()
    assert "Đang hiệu lực hôm nay" in page


def test_admin_search_ignores_diacritics(admin_client, city):
    AgencyFactory(parent=city, name="Sở Tư pháp", code="000.00.02.H26")
    page = admin_client.get(reverse("admin:org_agency_changelist") + "?q=so+tu+phap").content.decode()
    assert "000.00.02.H26" in page


def test_admin_rejects_group_mismatch_with_the_same_message(admin_client, city):
    response = admin_client.post(
        reverse("admin:org_agency_add"), agency_form(code="000.00.02.H29", parent=str(city.pk))
    )
    assert response.status_code == 200  # the form comes back with errors
    assert "khác nhóm H26" in response.content.decode()
    assert not Agency.objects.filter(code="000.00.02.H29").exists()


def test_admin_rejects_overlapping_validity(admin_client, city):
    AgencyFactory(parent=city, code="000.00.02.H26", name="Sở Cũ", valid_to=datetime.date(2025, 2, 28))
    response = admin_client.post(
        reverse("admin:org_agency_add"), agency_form(parent=str(city.pk), valid_from="2025-01-01")
    )
    assert "Sở Cũ" in response.content.decode()
    assert Agency.objects.filter(code="000.00.02.H26").count() == 1
    response = admin_client.post(
        reverse("admin:org_agency_add"), agency_form(parent=str(city.pk), valid_from="2025-03-01")
    )
    assert response.status_code == 302
    assert Agency.objects.filter(code="000.00.02.H26").count() == 2


def test_admin_and_services_call_the_same_validation(admin_client, city):
    with mock.patch.object(validation, "validate_agency", wraps=validation.validate_agency) as spy:
        admin_client.post(reverse("admin:org_agency_add"), agency_form(parent=str(city.pk)))
    assert spy.called
    assert Agency.objects.filter(code="000.00.02.H26").exists()


def test_staff_admin_creates_the_user_and_the_roles(admin_client, city):
    dept = AgencyFactory(parent=city)
    data = {
        "user": "",
        "username": "new.officer",
        "password": "demo-pass-1",
        "full_name": "Trần Thị Mai",
        "agency": str(dept.pk),
        "unit": "",
        "desk": "",
        "position": "Công chức Một cửa",
        "public_phone": "024 3999 0001",
        "show_in_directory": "on",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": "desk_officer",
        "roles-1-role": "administrator",
    }
    response = admin_client.post(reverse("admin:org_staff_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    staff = Staff.objects.get(full_name="Trần Thị Mai")
    assert staff.user.username == "new.officer" and staff.user.check_password("demo-pass-1")
    assert staff.has_role(Role.DESK_OFFICER) and staff.user.is_staff and not staff.user.is_superuser


def test_staff_admin_requires_a_user(admin_client, city):
    dept = AgencyFactory(parent=city)
    response = admin_client.post(
        reverse("admin:org_staff_add"),
        {
            "full_name": "Không Tài Khoản",
            "agency": str(dept.pk),
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "tên đăng nhập mới" in response.content.decode()
    assert not get_user_model().objects.filter(staff__full_name="Không Tài Khoản").exists()


def test_an_agency_administrator_administers_their_agency_only(client, city):
    """Defect 3 of issue 8: the `quantri` role is staff of the admin site for its agency's subtree,
    not a superuser of the province."""
    from motcua.org import services as org_services

    mine, other = AgencyFactory(parent=city), AgencyFactory(parent=city)
    unit = AgencyFactory(parent=mine, level=AgencyLevel.SUB_UNIT)
    admin_staff = org_services.create_staff(
        username="qt.mine", full_name="Quản Trị", agency=mine, roles=[Role.ADMINISTRATOR], password="x-demo-1"
    )
    org_services.create_staff(username="cb.other", full_name="Cán Bộ Khác", agency=other)
    org_services.create_staff(username="cb.mine", full_name="Cán Bộ Mình", agency=unit)
    admin_staff.user.refresh_from_db()
    assert admin_staff.user.is_staff and not admin_staff.user.is_superuser
    client.force_login(admin_staff.user)
    staff_list = client.get(reverse("admin:org_staff_changelist")).content.decode()
    assert "Cán Bộ Mình" in staff_list and "Cán Bộ Khác" not in staff_list
    agencies = client.get(reverse("admin:org_agency_changelist")).content.decode()
    assert mine.name in agencies and other.name not in agencies
    other_staff = Staff.objects.get(full_name="Cán Bộ Khác")
    assert client.get(reverse("admin:org_staff_change", args=[other_staff.pk])).status_code in (302, 404)
