"""Turn calendar rows into `workcal` calendars, per agency, cached.

`calendar_for(agency)` is what every other app calls. Calendars are shared between agencies whose
resolved settings are the same (most agencies inherit everything), so memory grows with the number
of distinct calendars, not of agencies. A version counter in Django's cache, bumped whenever a
calendar row or an agency is saved or deleted, invalidates every process's copies at once.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from time import monotonic
from typing import Any

from django.core.cache import cache
from django.db.models import Q

from motcua import workcal
from motcua.org.models import Agency

from .models import AgencyCalendar, CalendarDay, DayChange, SaturdaySession

VERSION_KEY = "calendars:version"
FIRST_YEAR, LAST_YEAR = workcal.FIRST_YEAR, workcal.LAST_YEAR


@dataclass(frozen=True)
class CalendarSpec:
    """Everything that determines a built calendar; hashable, so equal specs share one calendar."""

    week: tuple[tuple[tuple[time, time], ...], ...] = workcal.DEFAULT_WEEK
    cutoff: time = workcal.DEFAULT_CUTOFF
    saturday: str = SaturdaySession.NONE
    saturday_hours: tuple[time, time] = workcal.DEFAULT_SATURDAY_SESSION
    # (date, change, name) in the order they apply: nationwide rows, then the root agency's, …, then the agency's own.
    overrides: tuple[tuple[date, str, str], ...] = ()


# Per process: agency pk → (version, calendar). Rebuilt lazily when the version moves on.
_by_agency: dict[int | None, tuple[int, workcal.WorkCalendar]] = {}


def calendar_for(agency: Agency | None) -> workcal.WorkCalendar:
    """The working calendar of `agency` (None: the national calendar with nationwide overrides)."""
    return _calendar(agency.pk if agency is not None else None, lambda: agency)


def calendar_for_id(agency_id: int | None) -> workcal.WorkCalendar:
    """`calendar_for`, from an agency id: the agency is read only when its calendar is not built."""
    return _calendar(agency_id, lambda: Agency.objects.get(pk=agency_id) if agency_id is not None else None)


#: How often a process asks the shared cache whether a calendar changed: at most once a second,
#: not on every deadline computed (with Redis, that was a round trip in every intake).
VERSION_CHECK_SECONDS = 1.0
_version_seen: dict[str, float] = {"at": float("-inf"), "version": 0}


def _version() -> int:
    now = monotonic()
    if now - _version_seen["at"] >= VERSION_CHECK_SECONDS:
        _version_seen["version"], _version_seen["at"] = cache.get(VERSION_KEY, 0), now
    return int(_version_seen["version"])


def _calendar(key: int | None, agency) -> workcal.WorkCalendar:
    version = _version()
    hit = _by_agency.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    calendar = _build(resolve_spec(agency()))
    _by_agency[key] = (version, calendar)
    return calendar


def invalidate() -> None:
    """Forget every built calendar, in every process sharing the cache."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was never set (or was evicted)
        cache.set(VERSION_KEY, 1, timeout=None)
    _by_agency.clear()
    _version_seen["at"] = float("-inf")  # this process sees the change at once


def resolve_spec(agency: Agency | None) -> CalendarSpec:
    """Merge the agency's settings with its ancestors' (nearest wins) and the nationwide overrides."""
    chain = [agency, *agency.ancestors()] if agency is not None else []  # nearest first
    ids = [a.pk for a in chain]
    own = {
        c.agency_id: c
        for c in AgencyCalendar.objects.filter(agency_id__in=ids).prefetch_related("office_hours")
    }
    nearest_first = [own[pk] for pk in ids if pk in own]
    spec: dict[str, Any] = {}
    for cal in nearest_first:
        hours = list(cal.office_hours.all())
        if hours and "week" not in spec:
            days: list[list[tuple[time, time]]] = [[] for _ in range(7)]
            for row in hours:
                days[row.weekday].append((row.opens, row.closes))
            spec["week"] = tuple(tuple(sorted(d)) for d in days)
        if cal.same_day_cutoff is not None:
            spec.setdefault("cutoff", cal.same_day_cutoff)
        if cal.saturday_session:
            spec.setdefault("saturday", cal.saturday_session)
        if cal.saturday_opens is not None and cal.saturday_closes is not None:
            spec.setdefault("saturday_hours", (cal.saturday_opens, cal.saturday_closes))
    # Apply farthest first so that the nearest agency's row for a date wins.
    rank = {None: -len(ids) - 1} | {pk: -i for i, pk in enumerate(ids)}
    rows = sorted(
        CalendarDay.objects.filter(Q(agency__isnull=True) | Q(agency_id__in=ids)),
        key=lambda r: (rank[r.agency_id], r.date),
    )
    spec["overrides"] = tuple((r.date, r.change, r.name) for r in rows)
    return CalendarSpec(**spec)


@functools.lru_cache(maxsize=64)
def _build(spec: CalendarSpec) -> workcal.WorkCalendar:
    days_off, working = _national_days()
    days_off, working = dict(days_off), dict(working)
    for day, change, name in spec.overrides:
        days_off.pop(day, None)
        working.pop(day, None)
        if change == DayChange.DAY_OFF:
            days_off[day] = name
        elif change == DayChange.WORKING_DAY:
            working[day] = name
    return workcal.WorkCalendar(
        week=spec.week,
        days_off=days_off,
        working_days=working,
        saturday_session=spec.saturday_hours if spec.saturday != SaturdaySession.NONE else None,
        saturday_session_counts=spec.saturday == SaturdaySession.COUNT,
        cutoff=spec.cutoff,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )


@functools.cache
def _national_days():
    return workcal.national_days(FIRST_YEAR, LAST_YEAR)


#: Working hours in a working day, for published fractions of a day (0,5 ngày = 4 giờ làm việc).
HOURS_PER_WORKING_DAY = 8


def working_due(agency: Agency | None, start, amount, unit: str):
    """The due time of `amount` `unit`s from `start` on `agency`'s calendar, fractions included:
    half a working day is four working hours (any fraction of a day counts in working hours);
    other fractions round up to the next whole unit. The one rule for a dossier's promised time,
    its steps' due times and the calendar API, so that they agree."""
    amount = Decimal(str(amount or 0))
    if unit == workcal.Unit.WORKING_DAY and amount != amount.to_integral_value():
        amount, unit = amount * HOURS_PER_WORKING_DAY, workcal.Unit.WORKING_HOUR
    return calendar_for(agency).due(start, math.ceil(amount), unit)


def saturday_sessions(agency_ids) -> dict[int, bool]:
    """Whether each agency's calendar holds a Saturday morning session (its own setting, else the
    nearest ancestor's, the rule of `resolve_spec`): what the desks' directory shows. Two queries
    whatever the number of agencies (a province has a few hundred)."""
    wanted = set(agency_ids)
    if not wanted:
        return {}
    parents = dict(Agency.objects.values_list("pk", "parent_id"))
    own = dict(
        AgencyCalendar.objects.exclude(saturday_session="").values_list("agency_id", "saturday_session")
    )
    found = {}
    for pk in wanted:
        node, session = pk, str(SaturdaySession.NONE)
        while node is not None:
            if node in own:
                session = own[node]
                break
            node = parents.get(node)
        found[pk] = session != SaturdaySession.NONE
    return found


def set_saturday_session(*, agency: Agency, session: str) -> bool:
    """The agency's own Saturday-morning setting (SaturdaySession); True if it changed."""
    calendar, created = AgencyCalendar.objects.get_or_create(
        agency=agency, defaults={"saturday_session": session}
    )
    if not created and calendar.saturday_session != session:
        calendar.saturday_session = session
        calendar.save(update_fields=["saturday_session"])
        return True
    return created
