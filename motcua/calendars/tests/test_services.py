from datetime import date, datetime, time

import pytest

from motcua.calendars import services
from motcua.calendars.models import AgencyCalendar, CalendarDay, DayChange, OfficeHours, SaturdaySession
from motcua.workcal import VN_TZ, DayKind, Unit

pytestmark = pytest.mark.django_db


def vn(*args):
    return datetime(*args, tzinfo=VN_TZ)


def test_default_is_the_national_calendar(department):
    cal = services.calendar_for(department)
    assert cal.due(vn(2026, 8, 21, 10), 1, Unit.WORKING_DAY) == vn(2026, 8, 22, 10)
    assert cal.cutoff == time(15)
    assert cal.day_info(date(2026, 9, 2)).kind == DayKind.HOLIDAY


def test_settings_are_inherited_from_the_nearest_ancestor(province, department, sub_unit):
    root = AgencyCalendar.objects.create(
        agency=province, same_day_cutoff=time(16), saturday_session=SaturdaySession.RECEIVE
    )
    OfficeHours.objects.create(calendar=root, weekday=0, opens=time(7, 30), closes=time(11, 30))
    AgencyCalendar.objects.create(agency=department, saturday_session=SaturdaySession.COUNT)

    cal = services.calendar_for(sub_unit)
    assert cal.cutoff == time(16)  # from the province
    assert cal.saturday_session_counts  # from the department, nearer
    assert cal.week[0] == ((time(7, 30), time(11, 30)),)  # the province's own week: Monday only
    assert cal.week[1] == ()
    assert not services.calendar_for(province).saturday_session_counts


def test_day_overrides_nearest_wins(province, department, sub_unit):
    day = date(2026, 11, 24)
    CalendarDay.objects.create(date=day, change=DayChange.REGULAR, name="Bỏ nghỉ (thử)")
    assert services.calendar_for(sub_unit).is_working_day(day)
    CalendarDay.objects.create(agency=province, date=day, change=DayChange.DAY_OFF, name="Nghỉ của tỉnh")
    assert not services.calendar_for(sub_unit).is_working_day(day)
    CalendarDay.objects.create(agency=department, date=day, change=DayChange.WORKING_DAY, name="Trực")
    assert services.calendar_for(sub_unit).is_working_day(day)
    assert not services.calendar_for(province).is_working_day(day)


def test_a_saturday_can_be_added_and_a_shipped_swap_removed(department):
    CalendarDay.objects.create(
        agency=department, date=date(2027, 1, 9), change=DayChange.WORKING_DAY, name="Làm bù"
    )
    CalendarDay.objects.create(agency=department, date=date(2026, 8, 22), change=DayChange.REGULAR)
    cal = services.calendar_for(department)
    assert cal.day_info(date(2027, 1, 9)).kind == DayKind.SWAPPED
    assert cal.day_info(date(2026, 8, 22)).kind == DayKind.REST


def test_saving_an_override_invalidates_the_cached_calendar(department):
    before = services.calendar_for(department)
    assert services.calendar_for(department) is before  # cached
    row = CalendarDay.objects.create(date=date(2026, 8, 20), change=DayChange.DAY_OFF, name="Nghỉ đột xuất")
    after = services.calendar_for(department)
    assert after is not before and not after.is_working_day(date(2026, 8, 20))
    row.delete()
    assert services.calendar_for(department).is_working_day(date(2026, 8, 20))


def test_a_change_made_by_another_process_is_seen_within_the_check_period(department, monkeypatch):
    from django.core.cache import cache

    clock, resolved = [1000.0], []
    resolve = services.resolve_spec
    monkeypatch.setattr(services, "monotonic", lambda: clock[0])
    monkeypatch.setattr(services, "resolve_spec", lambda agency: resolved.append(agency) or resolve(agency))
    services._version_seen["at"] = float("-inf")
    services.calendar_for(department)
    # another process bumps the shared version (its own copies are already gone)
    cache.set(services.VERSION_KEY, cache.get(services.VERSION_KEY, 0) + 1, timeout=None)
    resolved.clear()
    clock[0] += services.VERSION_CHECK_SECONDS / 2
    services.calendar_for(department)
    assert resolved == []  # not asked again yet: the copy in hand is used
    clock[0] += services.VERSION_CHECK_SECONDS
    services.calendar_for(department)
    assert resolved == [department]  # rebuilt from the rows


def test_agencies_with_the_same_settings_share_one_calendar(province, department):
    assert services.calendar_for(province) is services.calendar_for(department)
    assert services.calendar_for(None) is services.calendar_for(department)
