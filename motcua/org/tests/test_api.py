import datetime

import pytest

from motcua.core.testing import query_budget
from motcua.org.models import AgencyLevel, DeskKind
from motcua.org.tests.factories import (
    AgencyFactory,
    CommuneFactory,
    HotlineFactory,
    ProvinceFactory,
    ServiceDeskFactory,
    SubUnitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def tree():
    city = ProvinceFactory()
    stp = AgencyFactory(parent=city, code="000.00.02.H26", name="Sở Tư pháp", short_name="STP")
    unit = SubUnitFactory(parent=stp, code="000.01.02.H26", name="Phòng Hành chính tư pháp")
    old = AgencyFactory(
        parent=city, code="000.00.30.H26", name="Sở Kế hoạch và Đầu tư", valid_to=D(2025, 2, 28)
    )
    new = AgencyFactory(
        parent=city, code="000.00.30.H26", name="Sở Mới Dùng Lại Mã", valid_from=D(2025, 3, 1)
    )
    ward = CommuneFactory(parent=city, code="000.00.100.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")
    return {"city": city, "stp": stp, "unit": unit, "old": old, "new": new, "ward": ward}


def codes(response):
    return [a["code"] for a in response.json()["results"]]


def test_agencies_list_is_public_and_has_codes(client, tree):
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 6
    first = body["results"][0]
    assert {"code", "name", "level", "parent_code", "valid_from", "valid_to"} <= set(first)


def test_agencies_filters(client, tree):
    assert codes(client.get("/api/v1/agencies/", {"level": "commune"})) == ["000.00.100.H26"]
    assert codes(client.get("/api/v1/agencies/", {"parent": "000.00.02.H26"})) == ["000.01.02.H26"]
    on_feb = client.get("/api/v1/agencies/", {"valid_on": "2025-02-01", "parent": "000.00.00.H26"})
    names = [a["name"] for a in on_feb.json()["results"]]
    assert "Sở Kế hoạch và Đầu tư" in names and "Sở Mới Dùng Lại Mã" not in names
    assert codes(client.get("/api/v1/agencies/", {"search": "so tu phap"})) == ["000.00.02.H26"]
    assert codes(client.get("/api/v1/agencies/", {"search": "HOAN KIEM"})) == ["000.00.100.H26"]
    bad = client.get("/api/v1/agencies/", {"level": "galaxy"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_agency_by_code_prefers_the_current_holder(client, tree):
    response = client.get("/api/v1/agencies/000.00.02.H26/")
    assert response.status_code == 200 and response.json()["name"] == "Sở Tư pháp"
    assert response.json()["parent_code"] == "000.00.00.H26"
    assert client.get("/api/v1/agencies/000.00.30.H26/").json()["name"] == "Sở Mới Dùng Lại Mã"
    assert client.get("/api/v1/agencies/000.00.99.H26/").status_code == 404


def test_api_is_read_only(client, tree):
    assert client.post("/api/v1/agencies/", {"code": "000.00.77.H26"}).status_code in (401, 403, 405)


def test_desks_api(client, tree):
    centre = ServiceDeskFactory(
        name="Trung tâm", kind=DeskKind.CENTRE, host_agency=tree["city"], agencies=[tree["stp"], tree["unit"]]
    )
    HotlineFactory(desk=centre, label="Đường dây nóng", phone="1022")
    for _ in range(5):
        HotlineFactory(desk=ServiceDeskFactory(host_agency=tree["ward"]))
    with query_budget("api.org.desks"):
        response = client.get("/api/v1/desks/")
    assert response.status_code == 200
    desk = next(d for d in response.json()["results"] if d["name"] == "Trung tâm")
    assert desk["hotlines"] == [{"label": "Đường dây nóng", "phone": "1022"}]
    assert [a["code"] for a in desk["agencies"]] == ["000.00.02.H26", "000.01.02.H26"]
    assert desk["host_agency"]["code"] == "000.00.00.H26"
    filtered = client.get("/api/v1/desks/", {"agency": "000.01.02.H26"}).json()["results"]
    assert [d["name"] for d in filtered] == ["Trung tâm"]
    assert len(client.get("/api/v1/desks/", {"kind": "centre"}).json()["results"]) == 1


def test_schema_lists_org_endpoints_and_filters(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert "/api/v1/agencies/" in paths and "/api/v1/agencies/{code}/" in paths and "/api/v1/desks/" in paths
    params = {p["name"] for p in paths["/api/v1/agencies/"]["get"]["parameters"]}
    assert {"level", "parent", "valid_on", "search"} <= params
    assert AgencyLevel.COMMUNE.value in str(schema)
