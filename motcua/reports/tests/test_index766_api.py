"""The index's API (the national portal's shape, errors, scope) and screens (issue 12)."""

import datetime as dt

import pytest
from django.urls import reverse

from motcua.catalog.tests.factories import published_version
from motcua.core.testing import query_budget
from motcua.dossiers.models import Applicant, Dossier
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, StaffFactory
from motcua.reports.periods import REPORTING_ZONE

URL = "/api/v1/index-766/"


def at(day: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, tzinfo=REPORTING_ZONE)


@pytest.fixture
def tree(db):
    province = ProvinceFactory()
    ward = CommuneFactory(parent=province, code="000.00.41.H26")
    other = CommuneFactory(parent=province, code="000.00.42.H26")
    version = published_version(
        implementing_agencies=[ward, other],
        channels=["desk", "online_full"],
        effective_from=dt.date(2026, 1, 1),
    )
    applicant = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")
    for n, (agency, finished) in enumerate([(ward, at(5)), (ward, at(9)), (other, at(9))]):
        Dossier.objects.create(
            code=f"A-{n}",
            procedure_version=version,
            agency=agency,
            applicant=applicant,
            channel=Channel.ONLINE,
            state=State.RETURNED,
            submitted_at=at(3),
            received_at=at(3),
            due_at=at(6),
            finished_at=finished,
        )
    return province, ward, other


def leader_of(agency):
    return StaffFactory(agency=agency, roles=["agency_leader"]).user


def test_the_national_shape(client, tree):
    _province, ward, _other = tree
    client.force_login(leader_of(ward))
    body = client.get(URL, {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30"}).json()
    assert body["unit"] == {"code": ward.code, "name": ward.name, "level": "commune"}
    assert body["methodology"]["notApplicable"] == ["1.1", "1.2", "1.3", "3.1", "3.5"]
    assert [g["code"] for g in body["groups"]] == ["CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH"]
    assert sum(g["maxScore"] for g in body["groups"]) == pytest.approx(100)
    on_time = next(m for g in body["groups"] for m in g["metrics"] if m["code"] == "2.1")
    assert {"code", "name", "numerator", "denominator", "ratio", "score", "maxScore"} <= set(on_time)
    assert (on_time["numerator"], on_time["denominator"], on_time["ratio"], on_time["score"]) == (
        1,
        2,
        50.0,
        8.75,
    )
    feedback = next(m for g in body["groups"] for m in g["metrics"] if m["code"] == "5.1")
    assert feedback["ratio"] is None and feedback["score"] is None
    assert isinstance(body["total"], float)

    items = client.get(on_time["items"] + "&part=missing").json()
    assert (items["count"], items["visible"], [r["code"] for r in items["results"]]) == (1, 1, ["A-1"])


def test_drill_down_only_shows_visible_dossiers(client, tree):
    province, ward, _other = tree
    client.force_login(StaffFactory(agency=province, roles=["control_officer"]).user)
    response = client.get(
        URL + "items/",
        {
            "unit": province.code,
            "from": "2026-11-01",
            "to": "2026-11-30",
            "indicator": "2.1",
            "part": "denominator",
        },
    )
    assert response.json()["count"] == 3 and response.json()["visible"] == 3
    desk = StaffFactory(agency=ward, roles=["desk_officer", "agency_leader"]).user
    client.force_login(desk)
    body = client.get(
        URL + "items/", {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30", "indicator": "2.1"}
    ).json()
    assert {r["code"] for r in body["results"]} == {"A-0", "A-1"}


def test_errors_and_scope(client, tree):
    _province, ward, other = tree
    client.force_login(leader_of(ward))
    refused = client.get(URL, {"unit": other.code, "from": "2026-11-01", "to": "2026-11-30"})
    assert refused.status_code == 403 and refused.json()["code"] == "report_forbidden"
    missing = client.get(URL, {"unit": ward.code, "from": "2026-11-01"})
    assert missing.status_code == 400 and (missing.json()["code"], missing.json()["field"]) == (
        "period_required",
        "to",
    )
    unknown = client.get(URL, {"unit": "000.00.99.H26", "from": "2026-11-01", "to": "2026-11-30"})
    assert (unknown.status_code, unknown.json()["code"], unknown.json()["field"]) == (
        400,
        "unit_unknown",
        "unit",
    )
    bad = client.get(
        URL + "items/", {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30", "indicator": "9.9"}
    )
    assert (bad.status_code, bad.json()["code"], bad.json()["field"]) == (
        400,
        "indicator_unknown",
        "indicator",
    )
    early = client.get(URL, {"unit": ward.code, "from": "2020-01-01", "to": "2020-01-31"})
    assert (early.status_code, early.json()["code"]) == (400, "no_methodology")
    client.logout()
    assert client.get(URL, {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30"}).status_code == 403


def test_ranking_and_how_to_gain(client, tree):
    province, ward, other = tree
    client.force_login(leader_of(province))
    params = {"unit": province.code, "from": "2026-11-01", "to": "2026-11-30"}
    ranking = client.get(URL + "ranking/", params).json()["results"]
    assert [(r["rank"], r["unit"]["code"]) for r in ranking] == [(1, ward.code), (2, other.code)]
    gains = client.get(URL + "how-to-gain/", {**params, "unit": other.code}).json()["results"]
    assert gains and gains[0]["missing"] >= gains[-1]["missing"]
    late = next(g for g in gains if g["code"] == "2.1")
    assert [e["code"] for e in late["examples"]] == ["A-2"]


def test_the_screen(client, tree):
    province, ward, _other = tree
    client.force_login(leader_of(province))
    page = client.get(
        reverse("reports:index766"), {"unit": province.code, "from": "2026-11-01", "to": "2026-11-30"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "2.1" in html and "<meter" in html and ward.name in html
    assert reverse("reports:index766-items", args=["2.1"]) in html
    items = client.get(
        reverse("reports:index766-items", args=["2.1"]),
        {"unit": province.code, "from": "2026-11-01", "to": "2026-11-30", "part": "missing"},
    )
    assert (
        items.status_code == 200 and "A-1" in items.content.decode() and "A-0" not in items.content.decode()
    )
    client.force_login(leader_of(ward))
    assert client.get(reverse("reports:index766"), {"unit": province.code}).status_code == 403


def test_query_budget(client, tree):
    _province, ward, _other = tree
    client.force_login(leader_of(ward))
    with query_budget("api.reports.index766"):
        response = client.get(URL, {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200
