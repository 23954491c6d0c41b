import pytest

from motcua.catalog import services
from motcua.catalog.models import ProcessOrigin

from .factories import AgencyFactory, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth():
    commune = AgencyFactory(code="000.01.01.H26", name="UBND phường Ba Đình", level="commune")
    version = published_version(
        implementing_agencies=[commune],
        confidence="medium",
        flags=["đơn vị thời hạn được suy ra"],
        legal_basis=[{"code": "123/2015/NĐ-CP", "title": "Nghị định về hộ tịch"}],
    )
    services.save_process(
        version=version,
        agency=commune,
        steps=[
            {
                "order": 1,
                "work": "Tiếp nhận hồ sơ",
                "responsible": "Bộ phận Một cửa",
                "amount": 2,
                "unit": "working_hour",
            },
            {
                "order": 2,
                "work": "Cấp Giấy khai sinh",
                "responsible": "Công chức tư pháp",
                "amount": 6,
                "unit": "working_hour",
            },
        ],
        origin=ProcessOrigin.GENERATED,
    )
    return version


def test_search_page(client, birth):
    response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert 'name="viewport"' in html
    assert "Đăng ký khai sinh" in html and "/thu-tuc/1.001193/" in html
    assert "Không tìm thấy" in client.get("/thu-tuc/", {"q": "ket hon"}).content.decode()


def test_search_page_filters_and_pagination(client, birth):
    for n in range(25):
        published_version(code=f"1.{n:06d}", name=f"Thủ tục thử {n}", sector="Thử")
    html = client.get("/thu-tuc/", {"q": "thu tuc thu"}).content.decode()
    assert "Trang 1/2" in html and "page=2" in html
    html2 = client.get("/thu-tuc/", {"q": "thu tuc thu", "page": 2}).content.decode()
    assert "Trang 2/2" in html2
    html3 = client.get(
        "/thu-tuc/", {"agency": "000.01.01.H26", "level": "commune", "sector": "abc"}
    ).content.decode()
    assert "/thu-tuc/1.001193/" in html3 and "Thủ tục thử" not in html3


def test_procedure_page_shows_every_component(client, birth):
    response = client.get("/thu-tuc/1.001193/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Đăng ký khai sinh",
        "Tờ khai đăng ký khai sinh",  # papers
        "Miễn phí",  # fee table
        "Thu khi tiếp nhận hồ sơ",
        "Tiếp nhận hồ sơ",  # process table
        "Quy trình mẫu do MotCua tạo",  # generated process is marked
        "UBND phường Ba Đình",
        "123/2015/NĐ-CP",
        "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x",  # source link
        "1 ngày làm việc",
    ]:
        assert text in html, text
    # for citizens, not maintainers: no confidence mark, no data notes
    for text in ["Trung bình", "Độ tin cậy", "đơn vị thời hạn được suy ra"]:
        assert text not in html, text


def test_the_staff_view_keeps_the_maintainers_notes(client, birth, django_user_model):
    assert client.get("/thu-tuc/1.001193/noi-bo/").status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("dan", password="x"))
    assert client.get("/thu-tuc/1.001193/noi-bo/").status_code == 403
    client.force_login(django_user_model.objects.create_user("bientap", password="x", is_staff=True))
    html = client.get("/thu-tuc/1.001193/noi-bo/").content.decode()
    assert "Trung bình" in html and "đơn vị thời hạn được suy ra" in html


def test_the_page_shows_cases_alternatives_and_template_links(client, db):
    from .cases import birth_with_cases

    birth_with_cases()
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "Trẻ em bị bỏ rơi" in html and "Trường hợp thông thường" in html
    assert "<em>hoặc</em> Văn bản của người làm chứng" in html
    assert "Giấy tờ phải xuất trình" in html
    assert "Áp dụng khi nộp: Trực tiếp, Dịch vụ bưu chính công ích" in html
    assert (
        'href="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/x" rel="noopener">Tờ khai đăng ký khai sinh</a>'
        in html
    )


def test_the_page_shows_the_version_in_force_and_announces_the_next(client, db):
    import datetime

    from django.utils import timezone

    from .factories import version_data

    first = services.publish_version(
        version=services.create_draft(data=version_data()), effective_from=datetime.date(2025, 7, 1)
    )
    draft = services.new_draft(version=first)
    services.update_draft(version=draft, data={"name": "Đăng ký khai sinh (mới)"})
    later = timezone.localdate() + datetime.timedelta(days=13)
    services.publish_version(version=draft, effective_from=later)
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert "<h1>Đăng ký khai sinh</h1>" in html
    assert f"Từ ngày {later:%d/%m/%Y}, thủ tục được thực hiện theo phiên bản mới (phiên bản 2)" in html
    api = client.get("/api/v1/procedures/1.001193/").json()
    assert api["version"] == 1 and api["next_version"]["version"] == 2


def test_procedure_page_english(client, birth):
    client.cookies["django_language"] = "en"  # the language selector's cookie
    response = client.get("/thu-tuc/1.001193/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Required papers" in html and "Internal process" in html


def test_unknown_or_draft_only_procedure_is_404(client, birth):
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    services.create_draft(data={"code": "1.000001", "name": "Nháp", "sector": "Hộ tịch"})
    assert client.get("/thu-tuc/1.000001/").status_code == 404


def test_identical_processes_are_shown_once_with_their_agencies(client, birth):
    other = AgencyFactory(code="000.02.01.H26", name="UBND xã Sóc Sơn", level="commune")
    first = birth.processes.get()
    services.save_process(
        version=birth,
        agency=other,
        steps=[
            {
                "order": s.order,
                "work": s.work,
                "responsible": s.responsible,
                "amount": s.amount,
                "unit": s.unit,
            }
            for s in first.steps.all()
        ],
        origin=ProcessOrigin.GENERATED,
    )
    html = client.get("/thu-tuc/1.001193/").content.decode()
    assert html.count("Cấp Giấy khai sinh") == 1
    assert "UBND phường Ba Đình; UBND xã Sóc Sơn" in html
