from datetime import date, time

import pytest
from django.contrib.auth import get_user_model

from motcua.calendars.models import AgencyCalendar, CalendarDay, DayChange, SaturdaySession

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("quantri", "qt@example.vn", "mat-khau-dai-123")
    client.force_login(user)
    return client


def cell(html: str, day: date) -> str:
    marker = f'data-date="{day:%Y-%m-%d}"'
    start = html.index(marker)
    return html[html.rindex("<td", 0, start) : html.index("</td>", start)]


def test_year_view_marks_holidays_swaps_and_saturday_sessions(admin_client, department):
    AgencyCalendar.objects.create(agency=department, saturday_session=SaturdaySession.RECEIVE)
    CalendarDay.objects.create(
        agency=department, date=date(2026, 10, 9), change=DayChange.DAY_OFF, name="Nghỉ riêng"
    )
    response = admin_client.get(f"/admin/calendars/agencycalendar/nam/2026/?agency={department.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert department.name in html
    assert 'data-kind="holiday"' in cell(html, date(2026, 4, 27))
    assert "Giỗ Tổ Hùng Vương" in cell(html, date(2026, 4, 27))
    assert 'data-kind="swapped"' in cell(html, date(2026, 8, 22))
    assert 'data-kind="saturday_session"' in cell(html, date(2026, 8, 15))
    assert 'data-kind="holiday"' in cell(html, date(2026, 10, 9))
    assert 'data-kind="rest"' in cell(html, date(2026, 8, 16))
    assert 'data-kind="working"' in cell(html, date(2026, 8, 21))
    assert html.count('class="cal-month"') == 12


def test_national_year_view_and_links(admin_client, department):
    AgencyCalendar.objects.create(agency=department, same_day_cutoff=time(16))
    response = admin_client.get("/admin/calendars/agencycalendar/nam/2025/")
    assert response.status_code == 200
    assert 'data-kind="swapped"' in cell(response.content.decode(), date(2025, 4, 26))
    changelist = admin_client.get("/admin/calendars/agencycalendar/").content.decode()
    assert f"nam/2026/?agency={department.pk}" in changelist or f"?agency={department.pk}" in changelist
    assert "/admin/calendars/agencycalendar/nam/" in changelist


def test_year_view_bounds_and_permissions(admin_client, client, department):
    assert admin_client.get("/admin/calendars/agencycalendar/nam/1999/").status_code == 404
    assert admin_client.get("/admin/calendars/agencycalendar/nam/2026/?agency=x").status_code == 404
    assert admin_client.get("/admin/calendars/agencycalendar/nam/2026/?agency=999999").status_code == 404
    client.logout()
    assert client.get("/admin/calendars/agencycalendar/nam/2026/").status_code == 302


def test_admin_rejects_overlapping_office_hours(admin_client, department):
    data = {
        "agency": department.pk,
        "saturday_session": "",
        "note": "",
        "office_hours-TOTAL_FORMS": "2",
        "office_hours-INITIAL_FORMS": "0",
        "office_hours-0-weekday": "0",
        "office_hours-0-opens": "08:00",
        "office_hours-0-closes": "12:00",
        "office_hours-1-weekday": "0",
        "office_hours-1-opens": "11:00",
        "office_hours-1-closes": "17:00",
    }
    response = admin_client.post("/admin/calendars/agencycalendar/add/", data)
    assert response.status_code == 200
    assert not AgencyCalendar.objects.exists()
    data["office_hours-1-opens"] = "13:00"
    response = admin_client.post("/admin/calendars/agencycalendar/add/", data)
    assert response.status_code == 302
    assert AgencyCalendar.objects.get().office_hours.count() == 2
