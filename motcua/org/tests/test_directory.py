import pytest
from django.apps import apps
from django.urls import reverse

from motcua.core.testing import query_budget
from motcua.org.models import DeskKind
from motcua.org.tests.factories import (
    CommuneFactory,
    HotlineFactory,
    ProvinceFactory,
    ServiceDeskFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
URL = "/co-quan/bo-phan-mot-cua/"


@pytest.fixture
def directory():
    city = ProvinceFactory()
    centre = ServiceDeskFactory(
        name="Trung tâm Phục vụ hành chính công Thành phố",
        kind=DeskKind.CENTRE,
        host_agency=city,
        address="258 Võ Chí Công",
        office_hours="Thứ Hai – Thứ Sáu: 08:00–17:00",
        saturday_morning=True,
        area_m2=1500,
    )
    # The directory reads Saturday mornings from the calendar (an app above org: no import here).
    apps.get_model("calendars", "AgencyCalendar").objects.create(agency=city, saturday_session="receive")
    branch = ServiceDeskFactory(name="Chi nhánh số 1", kind=DeskKind.BRANCH, parent=centre, host_agency=city)
    ward = CommuneFactory(parent=city, name="Ủy ban nhân dân Phường Hoàn Kiếm")
    ward_desk = ServiceDeskFactory(name="Bộ phận Một cửa Phường Hoàn Kiếm", host_agency=ward)
    HotlineFactory(desk=centre, label="Đường dây nóng Trung tâm", phone="024 3999 0001")
    HotlineFactory(desk=ward_desk, label="Đường dây nóng UBND", phone="024 3999 7000")
    StaffFactory(
        desk=centre,
        agency=city,
        full_name="Lê Thị Giám",
        position="Giám đốc Trung tâm",
        is_leader=True,
        public_phone="024 3999 1111",
    )
    StaffFactory(
        desk=ward_desk,
        agency=ward,
        full_name="Phạm Văn Cửa",
        position="Công chức Một cửa",
        public_phone="024 3999 2222",
    )
    StaffFactory(desk=ward_desk, agency=ward, full_name="Ẩn Danh Tính", show_in_directory=False)
    return {"centre": centre, "branch": branch, "ward": ward, "ward_desk": ward_desk}


def test_url_name():
    assert reverse("org:desks") == URL


def test_directory_lists_desks_staff_leaders_and_hotlines(client, directory):
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi">' in page and 'name="viewport"' in page
    for text in [
        "Trung tâm Phục vụ hành chính công Thành phố",
        "Chi nhánh số 1",
        "Bộ phận Một cửa Phường Hoàn Kiếm",
        "258 Võ Chí Công",
        "Thứ Hai – Thứ Sáu: 08:00–17:00",
        "Có tiếp nhận hồ sơ sáng thứ Bảy",
        "1500 m²",
        "Lê Thị Giám",
        "Giám đốc Trung tâm",
        "024 3999 1111",
        "Phạm Văn Cửa",
        "024 3999 2222",
        "Đường dây nóng Trung tâm",
        "024 3999 0001",
        "024 3999 7000",
    ]:
        assert text in page, text
    assert "Ẩn Danh Tính" not in page  # show_in_directory=False
    # The centre comes first, then its branch, then the one-stop desks.
    assert (
        page.index("Trung tâm Phục vụ") < page.index("Chi nhánh số 1") < page.index("Bộ phận Một cửa Phường")
    )


def test_directory_search_ignores_diacritics(client, directory):
    page = client.get(URL, {"q": "hoan kiem"}).content.decode()
    assert "Bộ phận Một cửa Phường Hoàn Kiếm" in page
    assert "Chi nhánh số 1" not in page
    page = client.get(URL, {"q": "PHAM VAN CUA"}).content.decode()
    assert "Bộ phận Một cửa Phường Hoàn Kiếm" in page


def test_directory_filters_by_kind_and_agency(client, directory):
    page = client.get(URL, {"kind": "branch"}).content.decode()
    assert "Chi nhánh số 1" in page and "Bộ phận Một cửa Phường Hoàn Kiếm" not in page
    page = client.get(URL, {"agency": directory["ward"].code}).content.decode()
    assert "Bộ phận Một cửa Phường Hoàn Kiếm" in page and "Chi nhánh số 1" not in page
    assert client.get(URL, {"kind": "nonsense"}).status_code == 200


def test_desks_of_closed_agencies_are_hidden(client, directory):
    import datetime

    ward = directory["ward"]
    ward.valid_to = datetime.date(2020, 1, 1)
    ward.save()
    assert "Bộ phận Một cửa Phường Hoàn Kiếm" not in client.get(URL).content.decode()


def test_directory_query_count_does_not_grow_with_desks(client, directory):
    city = directory["centre"].host_agency
    for _ in range(15):
        desk = ServiceDeskFactory(host_agency=CommuneFactory(parent=city))
        HotlineFactory(desk=desk)
        StaffFactory.create_batch(2, desk=desk, agency=desk.host_agency)
    with query_budget("page.org.desks"):
        response = client.get(URL)
    assert response.status_code == 200


def test_desk_detail_page(client, directory):
    centre = directory["centre"]
    response = client.get(reverse("org:desk_detail", args=[centre.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page and "Lê Thị Giám" in page and "Chi nhánh số 1" in page
    assert client.get(reverse("org:desk_detail", args=[99999])).status_code == 404


def test_directory_in_english(client, directory):
    client.cookies["django_language"] = "en"  # the language selector's cookie
    page = client.get(URL).content.decode()
    assert '<html lang="en">' in page
    assert "One-stop desks, staff and hotlines" in page and "Receives dossiers on Saturday morning" in page


def test_directory_search_prefers_the_whole_phrase(client, directory):
    city = directory["centre"].host_agency
    ServiceDeskFactory(name="Bộ phận Một cửa Phường Cửa Nam", host_agency=CommuneFactory(parent=city))
    StaffFactory(desk=directory["ward_desk"], agency=directory["ward"], full_name="Trần Văn Nam")
    page = client.get(URL, {"q": "cua nam"}).content.decode()
    assert "Bộ phận Một cửa Phường Cửa Nam" in page
    assert "Bộ phận Một cửa Phường Hoàn Kiếm" not in page
