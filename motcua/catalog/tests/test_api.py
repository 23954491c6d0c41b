import pytest
import yaml  # noqa: F401  (drf-spectacular depends on PyYAML)
from rest_framework.test import APIClient

from motcua.catalog import services
from motcua.catalog.models import ProcessOrigin

from .factories import AgencyFactory, published_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def catalogue():
    commune = AgencyFactory(code="000.01.01.H26", name="UBND phường Ba Đình", level="commune")
    stp = AgencyFactory(code="000.00.10.H26", name="Sở Tư pháp", short_name="STP", level="department")
    birth = published_version(implementing_agencies=[commune])
    services.save_process(
        version=birth,
        agency=commune,
        steps=[
            {"order": 1, "work": "Tiếp nhận", "amount": 2, "unit": "working_hour"},
            {"order": 2, "work": "Giải quyết", "amount": 6, "unit": "working_hour"},
        ],
        origin=ProcessOrigin.GENERATED,
    )
    foreign = published_version(
        code="2.000528",
        name="Đăng ký khai sinh có yếu tố nước ngoài",
        levels=["province"],
        implementing_agencies=[stp],
    )
    copy = published_version(code="2.000815", name="Chứng thực bản sao từ bản chính", sector="Chứng thực")
    draft = services.new_draft(version=copy)
    services.update_draft(version=draft, data={"name": "Chứng thực bản sao (dự thảo)"})
    return {"birth": birth, "foreign": foreign, "copy": copy}


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["results"]]


def test_list_and_search_without_diacritics(api, catalogue):
    assert codes(api.get("/api/v1/procedures/")) == ["1.001193", "2.000528", "2.000815"]
    assert codes(api.get("/api/v1/procedures/", {"search": "dang ky khai sinh"})) == ["1.001193", "2.000528"]
    assert codes(api.get("/api/v1/procedures/", {"search": "DU THAO"})) == []  # drafts are not public


def test_filters(api, catalogue):
    assert codes(api.get("/api/v1/procedures/", {"level": "province"})) == ["2.000528"]
    assert codes(api.get("/api/v1/procedures/", {"agency": "000.01.01.H26"})) == ["1.001193"]
    sector = catalogue["copy"].sector_id
    assert codes(api.get("/api/v1/procedures/", {"sector": sector})) == ["2.000815"]
    assert codes(api.get("/api/v1/procedures/", {"state": "abolished"})) == []
    bad = api.get("/api/v1/procedures/", {"level": "district-x"})
    assert bad.status_code == 400


def test_detail_has_components_and_processes(api, catalogue):
    response = api.get("/api/v1/procedures/1.001193/")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Đăng ký khai sinh"
    assert body["time_limit"]["unit"] == "working_day"
    assert body["requirements"][0]["name"] == "Tờ khai đăng ký khai sinh"
    assert body["fees"][0]["collected_at"] == "1"
    assert body["implementing_agencies"][0]["code"] == "000.01.01.H26"
    assert body["processes"][0]["is_generated"] is True
    assert [s["order"] for s in body["processes"][0]["steps"]] == [1, 2]
    assert body["missing_components"] == []
    assert api.get("/api/v1/procedures/9.999999/").status_code == 404


def test_sectors(api, catalogue):
    response = api.get("/api/v1/sectors/")
    assert {s["name"] for s in response.json()["results"]} == {"Hộ tịch", "Chứng thực"}


def test_read_only_for_anonymous(api, catalogue):
    assert api.post("/api/v1/procedures/", {"code": "1.000000"}).status_code in (401, 403, 405)
    assert api.delete("/api/v1/procedures/1.001193/").status_code in (401, 403, 405)


def test_schema_lists_the_catalogue(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"] if response["content-type"].startswith("application/json") else None
    if paths is None:
        import yaml as _yaml

        paths = _yaml.safe_load(response.content)["paths"]
    assert "/api/v1/procedures/" in paths
    assert "/api/v1/procedures/{code}/" in paths
    assert "/api/v1/sectors/" in paths
    params = {p["name"] for p in paths["/api/v1/procedures/"]["get"]["parameters"]}
    assert {"search", "sector", "level", "agency", "state", "page"} <= params


def test_schema_generation_has_no_warnings_for_catalogue(capsys):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    SchemaGenerator().get_schema(request=None, public=True)
    err = capsys.readouterr().err
    assert "catalog" not in err.lower(), err
