from datetime import date

import pytest
from rest_framework.test import APIClient

from motcua.calendars.models import CalendarDay, DayChange

pytestmark = pytest.mark.django_db

DUE = "/api/v1/calendar/due-time"
DAYS = "/api/v1/calendar/working-days"


@pytest.fixture
def client():
    return APIClient()


def test_due_time_is_public_and_in_plus_seven(client, department):
    params = {
        "agency": department.code,
        "start": "2026-08-21T10:00:00+07:00",
        "amount": 3,
        "unit": "working_day",
    }
    response = client.get(DUE, params)
    assert response.status_code == 200
    # Fri 21/08 + 3 working days: Sat 22/08 (swapped, worked), Mon 24, Tue 25.
    assert response.json() == {"due": "2026-08-25T10:00:00+07:00"}


def test_due_time_accepts_other_offsets_and_an_unencoded_plus(client, department):
    response = client.get(
        f"{DUE}?agency={department.code}&start=2026-08-21T10:00:00 07:00&amount=0&unit=same_day"
    )
    assert response.json() == {"due": "2026-08-21T17:00:00+07:00"}
    # 08:00:01Z is 15:00:01 in Hà Nội, just after the cut-off: due at the close of the next working day.
    params = {"agency": department.code, "start": "2026-08-21T08:00:01Z", "amount": 0, "unit": "same_day"}
    assert client.get(DUE, params).json() == {"due": "2026-08-22T17:00:00+07:00"}


def test_due_time_follows_the_agency_overrides(client, department):
    CalendarDay.objects.create(
        agency=department, date=date(2026, 8, 24), change=DayChange.DAY_OFF, name="Nghỉ"
    )
    params = {
        "agency": department.code,
        "start": "2026-08-21T10:00:00+07:00",
        "amount": 3,
        "unit": "working_day",
    }
    assert client.get(DUE, params).json() == {"due": "2026-08-26T10:00:00+07:00"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"agency": ""}, "agency", "Thiếu mã cơ quan"),
        ({"agency": "999.99.99.H99"}, "agency", "999.99.99.H99"),
        ({"start": "hôm qua"}, "start", "ISO 8601"),
        ({"start": "2026-08-21T10:00:00"}, "start", "múi giờ"),
        ({"start": "2099-08-21T10:00:00+07:00"}, "start", "2015–2040"),
        ({"amount": "ba"}, "amount", "số nguyên"),
        ({"amount": "-1"}, "amount", "số nguyên"),
        ({"amount": "9000", "unit": "month"}, "amount", "2015–2040"),
        ({"unit": "week"}, "unit", "working_day"),
        ({"unit": ""}, "unit", "same_day"),
    ],
)
def test_bad_parameters_are_400s_naming_the_parameter(client, department, change, field, message):
    params = {
        "agency": department.code,
        "start": "2026-08-21T10:00:00+07:00",
        "amount": "3",
        "unit": "working_day",
    }
    response = client.get(DUE, {**params, **change})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]
    assert message in body["errors"][field][0]


def test_errors_are_translated(client, department):
    response = client.get(
        DUE, {"agency": department.code, "start": "x", "amount": 1, "unit": "day"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "ISO 8601" in response.json()["errors"]["start"][0]
    assert "không" not in response.json()["errors"]["start"][0].lower()


def test_working_days(client, department):
    response = client.get(DAYS, {"agency": department.code, "from": "2026-08-20", "to": "2026-09-03"})
    assert response.status_code == 200
    body = response.json()
    assert [d["date"] for d in body["working_days"]] == [
        "2026-08-20",
        "2026-08-21",
        "2026-08-22",
        "2026-08-24",
        "2026-08-25",
        "2026-08-26",
        "2026-08-27",
        "2026-08-28",
        "2026-09-03",
    ]
    assert body["count"] == 9
    saturday = body["working_days"][2]
    assert saturday["kind"] == "swapped"
    assert saturday["hours"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert saturday["name"].startswith("Làm bù")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "20/08/2026", "to": "2026-09-03"}, "from"),
        ({"from": "2026-08-20"}, "to"),
        ({"from": "2026-09-20", "to": "2026-09-03"}, "to"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "to"),
        ({"from": "2014-12-01", "to": "2015-01-03"}, "from"),
    ],
)
def test_working_days_bad_parameters(client, department, params, field):
    response = client.get(DAYS, {"agency": department.code, **params})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_endpoints_are_in_the_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    names = {p["name"] for p in paths["/api/v1/calendar/due-time"]["get"]["parameters"]}
    assert names == {"agency", "start", "amount", "unit"}
    names = {p["name"] for p in paths["/api/v1/calendar/working-days"]["get"]["parameters"]}
    assert names == {"agency", "from", "to"}
