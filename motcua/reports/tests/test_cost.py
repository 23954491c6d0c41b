"""The compliance cost formula on hand-built versions, two of them compared (issue 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from motcua.catalog import services
from motcua.catalog.tests.factories import version_data
from motcua.dossiers.models import DossierPause
from motcua.dossiers.states import State
from motcua.org.tests.factories import CommuneFactory, StaffFactory
from motcua.reports import cost

from .builders import at, dossier

RATES = {"hourly_cost_vnd": 40000, "visit_hours": "2.5", "processing_hour_share": "0.1"}


@pytest.fixture
def ward(db):
    return CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")


@pytest.fixture
def versions(ward):
    """Version 1: at the desk only, 15 working days, 100.000 đ; version 2 (the simplified one):
    also full online, 5 working days, 50.000 đ."""
    first = services.publish_version(
        version=services.create_draft(
            data=version_data(
                code="1.000001",
                name="Cấp giấy phép thử nghiệm",
                channels=["desk"],
                time_amount=15,
                fees=[
                    {
                        "name": "Lệ phí",
                        "amount_vnd": 100000,
                        "text": "100.000 đồng/hồ sơ",
                        "collected_at": "1",
                    }
                ],
                implementing_agencies=[ward],
            )
        ),
        effective_from=dt.date(2025, 7, 1),
    )
    draft = services.new_draft(version=first)
    services.update_draft(
        version=draft,
        data={
            "channels": ["desk", "online_full"],
            "time_amount": 5,
            "fees": [
                {"name": "Lệ phí", "amount_vnd": 50000, "text": "50.000 đồng/hồ sơ", "collected_at": "1"}
            ],
        },
    )
    second = services.publish_version(version=draft, effective_from=dt.date(2026, 1, 1))
    first.refresh_from_db()
    return first, second


@override_settings(MOTCUA_COMPLIANCE_COST=RATES)
def test_published_cost_of_each_channel(versions):
    first, second = versions
    [desk] = cost.published_cost(first)
    # 100.000 fees + 2 visits × 2,5 h × 40.000 + 15 days × 8 h × 40.000 × 0,1
    assert (desk.channel, desk.fees_vnd, desk.visits, desk.visit_cost_vnd) == ("desk", 100000, 2, 200000)
    assert (desk.processing_hours, desk.processing_days, desk.processing_cost_vnd) == (120, 15, 480000)
    assert desk.total_vnd == 780000
    rows = {row.channel: row.total_vnd for row in cost.published_cost(second)}
    assert rows == {"desk": 50000 + 200000 + 160000, "online_full": 50000 + 0 + 160000}


@override_settings(MOTCUA_COMPLIANCE_COST=RATES)
def test_before_and_after_compared(versions):
    first, second = versions
    lines = cost.compare(cost.version_cost(first, None), cost.version_cost(second, None))
    by_channel = {line["channel"]: line for line in lines}
    assert list(by_channel) == ["desk", "online_full", "best"]
    desk = by_channel["desk"]
    assert (desk["total_vnd_change"], desk["total_percent"]) == (-370000, Decimal("-47.44"))
    assert (desk["fees_vnd_change"], desk["visits_change"], desk["processing_hours_change"]) == (
        -50000,
        0,
        -80,
    )
    assert (
        by_channel["online_full"]["before"] is None and by_channel["online_full"]["total_vnd_change"] is None
    )
    best = by_channel["best"]
    assert (best["before"].channel, best["after"].channel) == ("desk", "online_full")
    assert (best["total_vnd_change"], best["total_percent"]) == (-570000, Decimal("-73.08"))


@override_settings(MOTCUA_COMPLIANCE_COST=RATES)
def test_measured_cost_counts_visits_supplements_and_working_time(versions, ward):
    first, _second = versions
    # Received Monday 08:00, finished the next Monday 08:00: 5 working days, one of them paused
    # (supplement requested Tuesday 08:00, completed Wednesday 08:00): 32 working hours.
    done = dossier(
        first, ward, State.RETURNED, received=at(2, 8), due=at(20), finished=at(9, 8), supplements=1
    )
    DossierPause.objects.create(dossier=done, kind="supplement", started_at=at(3, 8), ended_at=at(4, 8))
    dossier(first, ward, State.PROCESSING, received=at(2, 8), due=at(20))  # not finished: not counted
    [desk] = cost.measured_cost(first, [ward.pk])
    assert desk.dossiers == 1
    assert desk.processing_hours == 32
    assert desk.visits == 3  # hand in, bring the supplement, collect the result
    assert desk.total_vnd == 100000 + 3 * 100000 + 32 * 4000
    assert cost.measured_cost(first, []) == []  # outside the scope: nothing


@override_settings(MOTCUA_COMPLIANCE_COST={**RATES, "hourly_cost_vnd": 20000})
def test_the_hourly_cost_is_a_setting(versions):
    first, _second = versions
    assert cost.published_cost(first)[0].total_vnd == 100000 + 100000 + 240000


def test_cost_screen_and_api(versions, client):
    leader = StaffFactory(agency=versions[0].implementing_agencies.first(), roles=["agency_leader"])
    client.force_login(leader.user)
    page = client.get("/bao-cao/chi-phi-tuan-thu/1.000001/?before=1&after=2")
    assert page.status_code == 200
    assert "So sánh phiên bản 1 và 2" in page.content.decode()
    answer = client.get("/api/v1/compliance-cost/1.000001/compare/?before=1&after=2")
    assert answer.status_code == 200
    assert answer.json()["comparison"][0]["channel"] == "desk"
    assert client.get("/api/v1/compliance-cost/1.000001/").json()["versions"][1]["number"] == 2


def test_cost_needs_a_reporting_role(versions, client):
    officer = StaffFactory(agency=versions[0].implementing_agencies.first(), roles=["desk_officer"])
    client.force_login(officer.user)
    assert client.get("/bao-cao/chi-phi-tuan-thu/1.000001/").status_code == 403
    assert client.get("/api/v1/compliance-cost/1.000001/").status_code == 403
