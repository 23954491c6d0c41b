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
        "Trung bình",  # confidence mark
        "đơn vị thời hạn được suy ra",
        "1 ngày làm việc",
    ]:
        assert text in html, text


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
