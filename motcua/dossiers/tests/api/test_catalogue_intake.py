"""An integrator builds an intake from the catalogue API alone (issue 10): cases, components,
alternatives and channels come with stable identifiers; the version in force is the one used."""

import datetime

import pytest

from motcua.catalog import services as catalog_services
from motcua.catalog.tests.cases import birth_with_cases
from motcua.dossiers.models import Dossier

from .conftest import HANOI, client_for, post_json, staff

URL = "/api/v1/dossiers/"
APPLICANT = {
    "kind": "0",
    "full_name": "Trần Thị Lan",
    "id_number": "001190012345",
    "date_of_birth": "1990-05-01",
    "phone": "0912345678",
}


@pytest.fixture
def birth(commune):
    return birth_with_cases(agencies=[commune], time_amount=3, time_unit="working_day")


def intake_from_detail(detail: dict, *, case_name: str, channel: str, choose=lambda group: group[0]) -> dict:
    """What a client builds, reading only the procedure detail: the case's components for the channel,
    one of each alternative group, shown papers as shown."""
    case = next(c for c in detail["cases"] if c["name"] == case_name)
    papers, groups = [], {}
    for component in detail["requirements"]:
        if component["case"] not in (None, case["id"]):
            continue
        if component["channels"] and channel not in component["channels"]:
            continue
        if not component["mandatory"]:
            continue
        if component["alternative_group"]:
            groups.setdefault(component["alternative_group"], []).append(component)
            continue
        papers.append(component)
    papers += [choose(group) for group in groups.values()]
    return {
        "procedure": detail["code"],
        "agency": "000.00.31.H26",
        "channel": 1 if channel == "desk" else 3,
        "case_id": case["id"],
        "applicant": APPLICANT,
        "papers": [
            {"requirement": p["id"], "kind": "original", "shown_only": p["presentation"] == "show"}
            for p in papers
        ],
    }


def test_a_client_builds_an_intake_from_the_detail_alone_and_gets_201(birth, commune):
    detail = client_for().get("/api/v1/procedures/1.001193/").json()
    assert {c["name"]: c["is_default"] for c in detail["cases"]} == {
        "Trường hợp thông thường": True,
        "Trẻ em bị bỏ rơi": False,
    }
    assert all(
        {"id", "case", "presentation", "alternative_group", "channels"} <= set(r)
        for r in detail["requirements"]
    )
    body = intake_from_detail(detail, case_name="Trường hợp thông thường", channel="desk")
    assert len(body["papers"]) == 3  # tờ khai, giấy chứng sinh (one of two), căn cước shown
    response = post_json(client_for(staff(commune, "desk_officer").user), URL, body)
    assert response.status_code == 201, response.json()
    dossier = Dossier.objects.get()
    assert dossier.case.name == "Trường hợp thông thường"
    shown = dossier.papers.get(shown_only=True)
    assert shown.name == "Căn cước của người đi đăng ký" and not shown.file


def test_a_component_of_another_case_or_channel_is_a_field_error(birth, commune):
    detail = client_for().get("/api/v1/procedures/1.001193/").json()
    desk = client_for(staff(commune, "desk_officer").user)
    body = intake_from_detail(detail, case_name="Trường hợp thông thường", channel="desk")
    abandoned = next(r for r in detail["requirements"] if r["name"] == "Biên bản xác nhận việc trẻ bị bỏ rơi")
    body["papers"].append({"requirement": abandoned["id"], "kind": "original"})
    response = post_json(desk, URL, body)
    assert response.status_code == 400
    assert response.json()["error_codes"] == {"papers": ["component_other_case"]}
    body = intake_from_detail(detail, case_name="Trường hợp thông thường", channel="desk")
    eform = next(r for r in detail["requirements"] if r["name"] == "Tờ khai điện tử tương tác")
    body["papers"].append({"requirement": eform["id"], "kind": "electronic"})
    response = post_json(desk, URL, body)
    assert response.status_code == 400
    assert response.json()["error_codes"] == {"papers": ["component_other_channel"]}
    assert "Trực tuyến" in response.json()["errors"]["papers"][0]
    # both alternatives at once, then none
    both = intake_from_detail(detail, case_name="Trường hợp thông thường", channel="desk")
    witness = next(r for r in detail["requirements"] if r["name"].startswith("Văn bản của người làm chứng"))
    both["papers"].append({"requirement": witness["id"], "kind": "original"})
    assert post_json(desk, URL, both).json()["error_codes"] == {"papers": ["alternatives"]}
    unknown = intake_from_detail(detail, case_name="Trường hợp thông thường", channel="desk")
    unknown["case_id"] = 999999
    assert post_json(desk, URL, unknown).json()["error_codes"]["case"] == ["unknown_case"]
    assert not Dossier.objects.exists()


def test_a_version_dated_tomorrow_is_not_used_today_and_is_used_tomorrow(commune, frozen):
    from unittest import mock

    from motcua.catalog.tests.factories import published_version

    today = datetime.datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)
    with mock.patch("django.utils.timezone.now", return_value=today):
        current = published_version(
            time_amount=3,
            time_unit="working_day",
            implementing_agencies=[commune],
            effective_from=datetime.date(2025, 7, 1),
            requirements=[{"name": "Tờ khai", "kind": "original"}],
        )
        draft = catalog_services.new_draft(version=current)
        catalog_services.update_draft(version=draft, data={"time_amount": 5})
        catalog_services.publish_version(version=draft, effective_from=datetime.date(2026, 11, 17), now=today)
    desk = client_for(staff(commune, "desk_officer").user)

    def receive(at):
        frozen.at = at
        with mock.patch("django.utils.timezone.now", return_value=at):
            detail = client_for().get("/api/v1/procedures/1.001193/").json()
            tokhai = detail["requirements"][0]["id"]
            body = {
                "procedure": "1.001193",
                "agency": "000.00.31.H26",
                "applicant": APPLICANT,
                "papers": [{"requirement": tokhai, "kind": "original"}],
            }
            response = post_json(desk, URL, body)
        assert response.status_code == 201, response.json()
        return detail, Dossier.objects.get(code=response.json()["code"])

    detail, first = receive(today)
    assert detail["version"] == 1 and detail["next_version"]["effective_from"] == "2026-11-17"
    assert first.procedure_version.number == 1
    assert first.due_at == datetime.datetime(2026, 11, 19, 9, 0, tzinfo=HANOI)  # 3 working days
    detail, second = receive(datetime.datetime(2026, 11, 17, 0, 5, tzinfo=HANOI))
    assert detail["version"] == 2 and detail["next_version"] is None
    assert second.procedure_version.number == 2
    first.refresh_from_db()
    assert first.procedure_version.number == 1  # a dossier keeps the version it was received under


def test_the_fee_endpoint_computes_a_certified_copy(commune):
    from motcua.catalog.tests.factories import published_version

    published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        fees=[
            {
                "name": "Phí chứng thực",
                "amount_vnd": 2000,
                "text": "2,000 Việt Nam Đồng (/trang)",
                "description": "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không quá "
                "200.000 đồng/bản.",
                "channels": ["desk"],
            }
        ],
    )
    response = client_for().get("/api/v1/procedures/2.000815/fee/?pages=5&copies=2")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["total"] == 14000
    assert body["lines"][0]["rule"]["cap_per_copy"] == 200000
    assert client_for().get("/api/v1/procedures/2.000815/fee/?pages=0").status_code == 400
    schema = client_for().get("/api/schema/?format=json").json()
    assert "/api/v1/procedures/{code}/fee/" in schema["paths"]
    detail_schema = schema["components"]["schemas"]["ProcedureDetail"]["properties"]
    assert {"cases", "requirements", "next_version"} <= set(detail_schema)
