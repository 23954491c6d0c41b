"""A year of a calendar as month grids (weeks × 7 days), for the admin view."""

from __future__ import annotations

import calendar as pycal
from collections import Counter
from dataclasses import dataclass

from motcua.workcal import DayInfo, WorkCalendar


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[DayInfo | None]]  # None pads the days of neighbouring months


def year_grid(calendar: WorkCalendar, year: int) -> list[Month]:
    weeks_of = pycal.Calendar(firstweekday=0).monthdatescalendar
    return [
        Month(
            number=month,
            weeks=[
                [calendar.day_info(d) if d.month == month else None for d in week]
                for week in weeks_of(year, month)
            ],
        )
        for month in range(1, 13)
    ]


def count_kinds(months: list[Month]) -> Counter:
    return Counter(day.kind for month in months for week in month.weeks for day in week if day is not None)
