"""Properties that must hold for any start, amount and calendar, checked with hypothesis."""

from datetime import datetime, time, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workcal import Outcome, Unit, WorkCalendar, national_calendar

UNIFORM = national_calendar(first_year=2024, last_year=2031)
# Saturday sessions counted as working time: working days of different lengths.
MIXED = national_calendar(
    first_year=2024, last_year=2031, saturday_session=(time(8), time(11, 30)), saturday_session_counts=True
)
ODD_HOURS = WorkCalendar(
    week=[((time(7, 30), time(11, 45)), (time(13, 15), time(16, 50)))] * 4
    + [((time(7, 30), time(11, 45)),), ((time(8), time(10)),), ()],
    first_year=2024,
    last_year=2031,
)
CALENDARS = st.sampled_from([UNIFORM, MIXED, ODD_HOURS])
VN = UNIFORM.tz

instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(VN)
).map(lambda dt: dt.replace(microsecond=0))
other_zone_instants = instants.map(lambda dt: dt.astimezone(timezone(timedelta(hours=-3))))
any_instant = st.one_of(instants, other_zone_instants)
amounts = st.integers(min_value=0, max_value=400)
units = st.sampled_from(list(Unit))
# Month amounts stay small so that results stay inside the calendars' years.
unit_amounts = units.flatmap(lambda u: st.tuples(st.just(u), st.integers(0, 36 if u == Unit.MONTH else 400)))
SECOND = timedelta(seconds=1)


def in_office_hours(cal, dt) -> bool:
    """Inside an interval or exactly at its close (the last instant of the interval)."""
    return cal.is_working_time(dt) or cal.is_working_time(dt - SECOND)


@given(cal=CALENDARS, start=any_instant, unit_amount=unit_amounts)
def test_due_never_before_start(cal, start, unit_amount):
    unit, amount = unit_amount
    assert cal.due(start, amount, unit) >= start


@given(
    cal=CALENDARS,
    start=any_instant,
    amount=amounts,
    unit=st.sampled_from([Unit.WORKING_HOUR, Unit.WORKING_DAY, Unit.SAME_DAY]),
)
def test_due_of_working_units_is_within_office_hours(cal, start, amount, unit):
    assert in_office_hours(cal, cal.due(start, amount, unit))


@given(
    cal=CALENDARS,
    start=any_instant,
    unit_amount=unit_amounts.filter(lambda ua: ua[0] in (Unit.DAY, Unit.MONTH)),
)
def test_calendar_units_never_end_on_a_day_off(cal, start, unit_amount):
    unit, amount = unit_amount
    due = cal.due(start, amount, unit)
    assert cal.is_working_day(due.astimezone(cal.tz).date())


@given(cal=CALENDARS, start=any_instant, hours=amounts)
def test_elapsed_inverts_working_hours(cal, start, hours):
    assert cal.elapsed(start, cal.due(start, hours, Unit.WORKING_HOUR)) == timedelta(hours=hours)


@given(cal=st.sampled_from([UNIFORM]), start=any_instant, days=amounts)
def test_elapsed_inverts_working_days_on_uniform_calendars(cal, start, days):
    assert cal.elapsed(start, cal.due(start, days, Unit.WORKING_DAY)) == days * cal.uniform_day_length


@given(start=instants, days=st.integers(min_value=1, max_value=400))
def test_working_days_keep_the_time_of_day(start, days):
    if UNIFORM.is_working_time(start):
        assert UNIFORM.due(start, days, Unit.WORKING_DAY).time() == start.time()


@given(cal=CALENDARS, start=any_instant, days=st.integers(min_value=1, max_value=400))
def test_working_days_land_on_the_nth_working_day(cal, start, days):
    counting = cal.due(start, 0, Unit.WORKING_DAY).date()
    due = cal.due(start, days, Unit.WORKING_DAY).date()
    assert len(cal.working_days_between(counting, due)) == days + 1


@given(cal=CALENDARS, start=any_instant, a=st.integers(1, 200), b=st.integers(1, 200))
def test_working_hours_in_two_parts(cal, start, a, b):
    assert cal.due(cal.due(start, a, Unit.WORKING_HOUR), b, Unit.WORKING_HOUR) == cal.due(
        start, a + b, Unit.WORKING_HOUR
    )


@given(cal=st.sampled_from([UNIFORM]), start=any_instant, a=st.integers(1, 200), b=st.integers(1, 200))
def test_working_days_in_two_parts(cal, start, a, b):
    assert cal.due(cal.due(start, a, Unit.WORKING_DAY), b, Unit.WORKING_DAY) == cal.due(
        start, a + b, Unit.WORKING_DAY
    )


@given(cal=CALENDARS, start=any_instant, unit_amount=unit_amounts, other=st.integers(0, 36))
def test_due_is_monotonic_in_the_amount(cal, start, unit_amount, other):
    unit, amount = unit_amount
    low, high = sorted((amount, other))
    assert cal.due(start, low, unit) <= cal.due(start, high, unit)


pause_list = st.lists(
    st.tuples(instants, st.one_of(st.none(), st.timedeltas(timedelta(0), timedelta(days=40)))), max_size=4
)


@given(
    cal=CALENDARS,
    start=instants,
    length=st.timedeltas(timedelta(0), timedelta(days=200)),
    raw_pauses=pause_list,
)
@settings(max_examples=200)
def test_pauses_never_increase_elapsed(cal, start, length, raw_pauses):
    end = start + length
    pauses = [(a, None if d is None else a + d) for a, d in raw_pauses]
    paused = cal.elapsed(start, end, pauses)
    assert timedelta(0) <= paused <= cal.elapsed(start, end)
    # Adding a pause never increases it either.
    if pauses:
        assert paused <= cal.elapsed(start, end, pauses[:-1])


@given(cal=CALENDARS, start=instants, end=instants, middle=instants)
def test_elapsed_is_additive(cal, start, end, middle):
    a, m, b = sorted((start, middle, end))
    assert cal.elapsed(a, b) == cal.elapsed(a, m) + cal.elapsed(m, b)
    assert cal.time_left(a, b) == cal.elapsed(a, b) == -cal.time_left(b, a)


@given(cal=CALENDARS, start=any_instant, unit_amount=unit_amounts)
def test_classify_around_the_due_time(cal, start, unit_amount):
    unit, amount = unit_amount
    due = cal.due(start, amount, unit)
    assert cal.classify(due, due) == Outcome.ON_TIME
    assert cal.classify(due + SECOND, due) == Outcome.LATE
    assert cal.classify(due - timedelta(days=1), due) == Outcome.EARLY
