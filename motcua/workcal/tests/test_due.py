"""Deadlines, elapsed time and outcomes: worked examples for each edge case the module documents."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from motcua.workcal import (
    NaiveDatetimeError,
    Outcome,
    OutOfRangeError,
    Unit,
    WorkCalendar,
    WorkcalError,
    national_calendar,
)
from motcua.workcal.calendar import DayKind

CAL = national_calendar()
WD, WH, DAY, MONTH, SAME = Unit.WORKING_DAY, Unit.WORKING_HOUR, Unit.DAY, Unit.MONTH, Unit.SAME_DAY


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=CAL.tz)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "due"),
    [
        # Working days keep the time of day. Fri 14/08/2026 10:00 + 3 → Wed 19/08 10:00.
        (vn(2026, 8, 14, 10), 3, WD, vn(2026, 8, 19, 10)),
        # Across the swapped weekend: Sat 22/08 works, Mon 31/08 and 1–2/09 are off.
        (vn(2026, 8, 21, 10), 1, WD, vn(2026, 8, 22, 10)),
        (vn(2026, 8, 28, 10), 1, WD, vn(2026, 9, 3, 10)),
        # Afternoon positions stay in the afternoon: 13:00 is not turned into 12:00.
        (vn(2026, 8, 21, 13), 1, WD, vn(2026, 8, 22, 13)),
        # Before opening or after close: counting starts at the next opening, kept on the due day.
        (vn(2026, 8, 14, 7, 30), 1, WD, vn(2026, 8, 17, 8)),
        (vn(2026, 8, 14, 17, 30), 3, WD, vn(2026, 8, 20, 8)),
        # Lunch break: counting starts at 13:00.
        (vn(2026, 8, 14, 12, 30), 1, WD, vn(2026, 8, 17, 13)),
        # Received during Tết 2026 → counting from Mon 23/02 08:00.
        (vn(2026, 2, 18, 9), 2, WD, vn(2026, 2, 25, 8)),
        # Amount 0: the instant counting starts.
        (vn(2026, 8, 14, 10), 0, WD, vn(2026, 8, 14, 10)),
        (vn(2026, 8, 15, 10), 0, WD, vn(2026, 8, 17, 8)),
        (vn(2026, 8, 15, 10), 0, WH, vn(2026, 8, 17, 8)),
        # Working hours: the earliest instant the time has run (a close, not the next opening).
        (vn(2026, 8, 14, 8), 4, WH, vn(2026, 8, 14, 12)),
        (vn(2026, 8, 14, 8), 8, WH, vn(2026, 8, 14, 17)),
        (vn(2026, 8, 14, 16), 2, WH, vn(2026, 8, 17, 9)),
        (vn(2026, 8, 14, 11), 2, WH, vn(2026, 8, 14, 14)),
        # Calendar days end at the close of the last day; a non-working last day moves to the close
        # of the next working day (14/08 + 15 = Sat 29/08; 31/08, 1/9, 2/9 are days off).
        (vn(2026, 8, 3, 10), 10, DAY, vn(2026, 8, 13, 17)),
        (vn(2026, 8, 3, 18), 0, DAY, vn(2026, 8, 4, 17)),
        (vn(2026, 8, 14, 10), 15, DAY, vn(2026, 9, 3, 17)),
        # Months clamp to the month's end: 29/01/2027 (Fri) + 1 month → 28/02/2027 (Sun) → Mon 01/03 17:00.
        (vn(2027, 1, 29, 9), 1, MONTH, vn(2027, 3, 1, 17)),
        (vn(2026, 3, 16, 9), 1, MONTH, vn(2026, 4, 16, 17)),
        # Same day: close of the day received, or of the next working day after the cut-off 15:00.
        (vn(2026, 8, 14, 9), 0, SAME, vn(2026, 8, 14, 17)),
        (vn(2026, 8, 14, 15), 0, SAME, vn(2026, 8, 14, 17)),
        (vn(2026, 8, 14, 15, 0, 1), 0, SAME, vn(2026, 8, 17, 17)),
        (vn(2026, 8, 14, 7), 0, SAME, vn(2026, 8, 14, 17)),
        (vn(2026, 8, 21, 16), 0, SAME, vn(2026, 8, 22, 17)),
        (vn(2026, 8, 29, 9), 0, SAME, vn(2026, 9, 3, 17)),
    ],
)
def test_due(start, amount, unit, due):
    assert CAL.due(start, amount, unit) == due


def test_months_to_a_sunday_move_to_the_next_working_day():
    # 31/03/2026 + 2 months = 31/05/2026, a Sunday → close of Monday 01/06.
    assert CAL.due(vn(2026, 3, 31, 9), 2, MONTH) == vn(2026, 6, 1, 17)


def test_due_is_in_the_calendar_zone_and_accepts_other_offsets():
    due = CAL.due(datetime(2026, 8, 14, 3, tzinfo=UTC), 3, WD)  # 10:00 in Hà Nội
    assert due == vn(2026, 8, 19, 10)
    assert due.isoformat() == "2026-08-19T10:00:00+07:00"


def test_unit_may_be_given_as_text():
    assert CAL.due(vn(2026, 8, 14, 10), 3, "working_day") == vn(2026, 8, 19, 10)


@pytest.mark.parametrize("amount", [-1, 1.5, True, "3"])
def test_bad_amount(amount):
    with pytest.raises(WorkcalError, match="amount"):
        CAL.due(vn(2026, 8, 14, 10), amount, WD)


def test_bad_unit():
    with pytest.raises(WorkcalError, match="unknown unit"):
        CAL.due(vn(2026, 8, 14, 10), 1, "fortnight")


def test_naive_datetimes_are_rejected():
    with pytest.raises(NaiveDatetimeError, match=r"naive datetime.*aware"):
        CAL.due(datetime(2026, 8, 14, 10), 1, WD)
    with pytest.raises(NaiveDatetimeError, match="end"):
        CAL.elapsed(vn(2026, 8, 14, 10), datetime(2026, 8, 15, 10))
    with pytest.raises(NaiveDatetimeError):
        CAL.classify(datetime(2026, 8, 14, 10), vn(2026, 8, 14, 10))
    assert issubclass(NaiveDatetimeError, ValueError)


def test_out_of_range():
    small = WorkCalendar(first_year=2026, last_year=2026)
    with pytest.raises(OutOfRangeError, match="2026–2026"):
        small.due(vn(2025, 12, 31, 10), 1, WD)
    with pytest.raises(OutOfRangeError, match="last year"):
        small.due(vn(2026, 12, 30, 10), 5, WD)
    with pytest.raises(OutOfRangeError):
        small.due(vn(2026, 12, 30, 10), 1, MONTH)


def test_elapsed_and_pauses():
    start, end = vn(2026, 8, 14, 10), vn(2026, 8, 19, 10)  # Fri → Wed: 3 working days
    assert CAL.elapsed(start, end) == timedelta(hours=24)
    # A supplement request from Mon 09:00 to Tue 14:00 (8 h + 1 h of working time in between).
    pause = (vn(2026, 8, 17, 9), vn(2026, 8, 18, 14))
    assert CAL.elapsed(start, end, [pause]) == timedelta(hours=24 - 12)
    # Overlapping pauses count once; an open pause runs until `end`; parts outside are ignored.
    assert CAL.elapsed(start, end, [pause, (vn(2026, 8, 18, 9), vn(2026, 8, 18, 10))]) == timedelta(hours=12)
    assert CAL.elapsed(start, end, [(vn(2026, 8, 19, 9), None)]) == timedelta(hours=23)
    assert CAL.elapsed(start, end, [(vn(2026, 8, 1), vn(2026, 8, 14, 11))]) == timedelta(hours=23)


def test_elapsed_rejects_reversed_intervals():
    with pytest.raises(WorkcalError, match="end is before start"):
        CAL.elapsed(vn(2026, 8, 14, 10), vn(2026, 8, 14, 9))
    with pytest.raises(WorkcalError, match="pause ends before"):
        CAL.elapsed(vn(2026, 8, 14, 10), vn(2026, 8, 18, 9), [(vn(2026, 8, 17, 10), vn(2026, 8, 17, 9))])


def test_time_left():
    due = vn(2026, 8, 19, 10)
    assert CAL.time_left(vn(2026, 8, 18, 16), due) == timedelta(hours=3)
    assert CAL.time_left(vn(2026, 8, 19, 14), due) == -timedelta(hours=3)
    assert CAL.time_left(vn(2026, 8, 15, 10), vn(2026, 8, 17, 8)) == timedelta(0)


@pytest.mark.parametrize(
    ("finished", "outcome"),
    [
        (vn(2026, 8, 18, 16, 59), Outcome.EARLY),
        (vn(2026, 8, 19, 7), Outcome.ON_TIME),
        (vn(2026, 8, 19, 10), Outcome.ON_TIME),
        (vn(2026, 8, 19, 10, 0, 1), Outcome.LATE),
    ],
)
def test_classify(finished, outcome):
    assert CAL.classify(finished, vn(2026, 8, 19, 10)) == outcome


def test_saturday_sessions_receive_but_do_not_count_unless_configured():
    receive = national_calendar(saturday_session=(time(8), time(12)))
    count = national_calendar(saturday_session=(time(8), time(12)), saturday_session_counts=True)
    saturday = date(2026, 8, 15)
    assert receive.day_info(saturday).kind == DayKind.SATURDAY_SESSION
    assert not receive.is_working_day(saturday)
    assert count.is_working_day(saturday)
    # Received Saturday 09:00: counted sessions make it a (half) working day.
    assert receive.due(vn(2026, 8, 15, 9), 4, WH) == vn(2026, 8, 17, 12)
    assert count.due(vn(2026, 8, 15, 9), 4, WH) == vn(2026, 8, 17, 9)
    assert receive.due(vn(2026, 8, 15, 9), 0, SAME) == vn(2026, 8, 17, 17)
    assert count.due(vn(2026, 8, 15, 9), 0, SAME) == vn(2026, 8, 15, 12)
    # A working day keeps its position proportionally on a shorter day: 10:00 is 1/4 of the day,
    # 1/4 of the 08:00–12:00 session is 09:00.
    assert count.due(vn(2026, 8, 14, 10), 1, WD) == vn(2026, 8, 15, 9)
    # Swapped working Saturdays and holidays have no session.
    assert receive.day_info(date(2026, 8, 22)).kind == DayKind.SWAPPED
    assert count.day_info(date(2026, 8, 22)).hours == ((time(8), time(12)), (time(13), time(17)))


def test_custom_office_hours_and_cutoff():
    week = [((time(7, 30), time(11, 30)), (time(13, 30), time(17)))] * 5 + [(), ()]
    cal = WorkCalendar(week=week, cutoff=time(16), first_year=2026, last_year=2026)
    assert cal.due(vn(2026, 8, 14, 7, 0), 1, WD) == vn(2026, 8, 17, 7, 30)
    assert cal.due(vn(2026, 8, 14, 15, 30), 0, SAME) == vn(2026, 8, 14, 17)
    assert cal.uniform_day_length == timedelta(hours=7, minutes=30)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"week": [((time(8), time(12)), (time(11), time(17)))] * 5 + [(), ()]}, "overlap"),
        ({"week": [((time(12), time(8)),)] * 5 + [(), ()]}, "open before it closes"),
        ({"week": [()] * 7}, "at least one weekday"),
        ({"week": [()] * 5}, "7 days"),
        ({"days_off": [date(2026, 8, 22)], "working_days": [date(2026, 8, 22)]}, "both off and working"),
        ({"cutoff": time(15, tzinfo=UTC)}, "cutoff"),
    ],
)
def test_invalid_calendars(kwargs, message):
    with pytest.raises(WorkcalError, match=message):
        WorkCalendar(first_year=2026, last_year=2026, **kwargs)
