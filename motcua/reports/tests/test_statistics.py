"""The statistics page, its .xlsx and the API (issue 12): scope, rows, the drill-down."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Applicant, Dossier, DossierStep
from motcua.dossiers.states import Channel, State
from motcua.org.models import Role, Staff, StaffRole
from motcua.org.tests.factories import CommuneFactory
from motcua.reports.periods import REPORTING_ZONE


def at(day, hour=9):
    return dt.datetime(2026, 11, day, hour, tzinfo=REPORTING_ZONE)


@pytest.fixture
def world(db):
    ward = CommuneFactory(code="000.00.41.H26")
    other = CommuneFactory(code="000.00.42.H26")
    version = published_version(
        code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[ward, other]
    )
    applicant = Applicant.objects.create(kind="0", full_name="Trần Thị Lan", id_number="001190012345")

    def staff(name, agency, role):
        person = Staff.objects.create(user=User.objects.create_user(name), agency=agency, full_name=name)
        StaffRole.objects.create(staff=person, role=role)
        return person

    leader = staff("lanhdao", ward, Role.AGENCY_LEADER)
    officer = staff("chuyenvien", ward, Role.SPECIALIST)
    for n, (finished, agency) in enumerate([(at(5), ward), (at(9), ward), (at(5), other)]):
        d = Dossier.objects.create(
            code=f"S-{n}",
            procedure_version=version,
            agency=agency,
            applicant=applicant,
            channel=Channel.DESK,
            state=State.RETURNED,
            submitted_at=at(3),
            received_at=at(3),
            due_at=at(6),
            finished_at=finished,
        )
        DossierStep.objects.create(
            dossier=d,
            order=1,
            work="Thẩm định hồ sơ",
            agency=agency,
            budget_amount=1,
            budget_unit="working_day",
            assignee=officer,
        )
    return ward, other, leader, officer


def test_api_rows_by_procedure_and_scope(client, world):
    ward, other, leader, _officer = world
    client.force_login(leader.user)
    body = client.get(
        "/api/v1/statistics/dossiers/",
        {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30", "by": "procedure"},
    ).json()
    assert [
        (r["procedure"], r["received"], r["resolved_early"], r["resolved_late"], r["on_time_rate"])
        for r in body["rows"]
    ] == [("1.001193", 2, 1, 1, "50.00")]
    assert body["total"]["received"] == 2
    refused = client.get(
        "/api/v1/statistics/dossiers/", {"unit": other.code, "from": "2026-11-01", "to": "2026-11-30"}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "report_forbidden")
    bad = client.get("/api/v1/statistics/dossiers/", {"unit": ward.code, "from": "2026-11-01"})
    assert (bad.status_code, bad.json()["field"]) == (400, "to")
    empty = client.get(
        "/api/v1/statistics/dossiers/", {"unit": ward.code, "from": "2026-10-01", "to": "2026-10-31"}
    ).json()
    assert (empty["rows"], empty["total"]["on_time_rate"]) == ([], None)


def test_a_specialist_may_not_report(client, world):
    ward, _other, _leader, officer = world
    client.force_login(officer.user)
    response = client.get(
        "/api/v1/statistics/dossiers/", {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30"}
    )
    assert response.status_code == 403


def test_by_officer_and_step(client, world):
    ward, _other, leader, officer = world
    client.force_login(leader.user)
    for by, key in (("officer", officer.pk), ("step", "Thẩm định hồ sơ")):
        rows = client.get(
            "/api/v1/statistics/dossiers/",
            {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30", "by": by},
        ).json()["rows"]
        assert [(r[by], r["received"]) for r in rows] == [(key, 2)]


def test_screen_xlsx_and_drilldown(client, world):
    ward, _other, leader, _officer = world
    client.force_login(leader.user)
    query = {"unit": ward.code, "from": "2026-11-01", "to": "2026-11-30", "by": "unit"}
    page = client.get("/bao-cao/thong-ke/", query)
    assert page.status_code == 200
    assert (
        "ho-so/?unit=000.00.41.H26&amp;from=2026-11-01&amp;to=2026-11-30&amp;column=resolved_late"
        in page.content.decode()
    )
    sheet = load_workbook(io.BytesIO(client.get("/bao-cao/thong-ke/xlsx/", query).content)).active
    assert [c.value for c in sheet[4]][1:4] == ["Tổng cộng", 2, 0]
    late = client.get("/bao-cao/thong-ke/ho-so/", {**query, "column": "resolved_late", "key": ward.pk})
    assert [d.code for d in late.context["dossiers"]] == ["S-1"]
