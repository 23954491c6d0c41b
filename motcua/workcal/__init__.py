"""Working-time arithmetic for deadlines: pure Python, no Django (an import-linter contract keeps it so).

    cal = WorkCalendar(days_off=..., working_days=..., first_year=2015, last_year=2040)
    cal.due(received, 15, Unit.WORKING_DAY)
    cal.elapsed(received, finished, pauses=[(paused_at, resumed_at)])
    cal.classify(finished, due); cal.time_left(now, due)

`national_calendar()` builds the default Vietnamese calendar; per-agency calendars (office hours,
overrides entered in the admin) are built by `motcua.calendars.services.calendar_for(agency)`.
"""

from .calendar import (
    DEFAULT_CUTOFF,
    DEFAULT_SATURDAY_SESSION,
    DEFAULT_WEEK,
    STANDARD_HOURS,
    VN_TZ,
    DayInfo,
    DayKind,
    NaiveDatetimeError,
    Outcome,
    OutOfRangeError,
    Unit,
    WorkCalendar,
    WorkcalError,
)
from .vietnam import EXTRA_DAYS_OFF, SWAPPED_WORKING_DAYS, national_days

FIRST_YEAR = 2015
LAST_YEAR = 2040


def national_calendar(first_year: int = FIRST_YEAR, last_year: int = LAST_YEAR, **options) -> WorkCalendar:
    """Vietnam's calendar with the default office hours; `options` go to WorkCalendar."""
    days_off, working = national_days(first_year, last_year)
    return WorkCalendar(
        days_off=days_off, working_days=working, first_year=first_year, last_year=last_year, **options
    )


__all__ = [
    "DEFAULT_CUTOFF",
    "DEFAULT_SATURDAY_SESSION",
    "DEFAULT_WEEK",
    "EXTRA_DAYS_OFF",
    "FIRST_YEAR",
    "LAST_YEAR",
    "STANDARD_HOURS",
    "SWAPPED_WORKING_DAYS",
    "VN_TZ",
    "DayInfo",
    "DayKind",
    "NaiveDatetimeError",
    "OutOfRangeError",
    "Outcome",
    "Unit",
    "WorkCalendar",
    "WorkcalError",
    "national_calendar",
    "national_days",
]
