"""Working-time arithmetic on a precomputed index.

A `WorkCalendar` is built once from data (office hours per weekday, days off, swapped working days,
Saturday sessions, the same-day cut-off) and then answers every question with a couple of C-level
bisections over flat integer lists: no day-by-day walk, no per-call calendar logic.

Time inside the index is "local seconds": whole seconds since 1970-01-01 00:00 *local wall time*.
The zone must keep one UTC offset over the indexed years (Asia/Ho_Chi_Minh has been +07:00 since
1975), so converting an aware datetime is `int(dt.timestamp()) + offset`. Resolution is one second;
sub-second parts of inputs are ignored (floored).

Edge-case choices (tests/test_due.py pins each of them with an example):

- Office hours are half-open intervals [opens, closes). A due time may fall exactly on a close
  (12:00, 17:00): that is the last instant of the interval, and counts as inside office hours.
- A start outside office hours (evening, weekend, holiday, lunch break) starts counting at the next
  opening. `due(start, 0, unit)` for a working unit is that instant.
- working_hour: the earliest instant at which the required working time has run, so 08:00 + 4h is
  12:00 the same day (not 13:00) and 08:00 + 8h is 17:00 the same day.
- working_day: the n-th working day after the day counting started, at the same position in the
  day: the same time of day when both days have the same office hours (Fri 10:00 + 3 → Wed 10:00;
  a start at 13:00 stays 13:00, not 12:00). When the two days have different hours (a counted
  Saturday session), the position is proportional to the day's working time, rounded up to the
  second. A start before opening or after close therefore maps to the opening of the target day.
- day (calendar days) and month: the period ends at the end of its last day (Civil Code 2015,
  art. 147–148: counting starts the day after the day received, so the last day is the received
  date + n days / n months), i.e. at the close of office hours of that day, because results are
  handed over in office hours; months clamp to the last day of a shorter month (31/01 + 1 month =
  28/02 or 29/02). If the last day is not a working day, the period ends at the close of the next
  working day (art. 148(2)). Ending at a close rather than at the received time of day keeps the
  deadline monotonic in the amount (a Saturday's "next working day" never beats a later Monday).
- same_day: the close of the day received when it is a working day and the dossier arrives at or
  before the cut-off; otherwise the close of the next working day. A Saturday session that does not
  count as working time receives dossiers, but its same-day ones are due at the next working day's close.
- classify: late when finished after due; on time when finished on the due's (local) date and not
  after due; early when finished on an earlier date.
"""

from __future__ import annotations

import calendar as _pycal
import enum
import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = 86_400
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

Interval = tuple[time, time]

STANDARD_HOURS: tuple[Interval, ...] = ((time(8), time(12)), (time(13), time(17)))
# Monday..Sunday (date.weekday() order).
DEFAULT_WEEK: tuple[tuple[Interval, ...], ...] = (STANDARD_HOURS,) * 5 + ((), ())
DEFAULT_SATURDAY_SESSION: Interval = (time(8), time(12))
DEFAULT_CUTOFF = time(15)


class WorkcalError(ValueError):
    """Any input the calendar cannot work with; the message says what and why."""


class NaiveDatetimeError(WorkcalError):
    pass


class OutOfRangeError(WorkcalError):
    pass


class Unit(enum.StrEnum):
    WORKING_HOUR = "working_hour"
    WORKING_DAY = "working_day"
    DAY = "day"
    MONTH = "month"
    SAME_DAY = "same_day"


class Outcome(enum.StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


class DayKind(enum.StrEnum):
    WORKING = "working"  # a regular working day by the weekly pattern
    SWAPPED = "swapped"  # normally a rest day, made a working day (làm bù, hoán đổi)
    HOLIDAY = "holiday"  # normally a working day, made a day off (lễ, Tết, nghỉ bù)
    SATURDAY_SESSION = "saturday_session"  # a rest day with a morning session receiving dossiers
    REST = "rest"  # weekly rest day


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: date
    kind: DayKind
    hours: tuple[Interval, ...]  # counted office hours (empty on a non-working day)
    session: Interval | None  # Saturday session, counted or not
    name: str  # the holiday's or swap's name, if any

    @property
    def is_working(self) -> bool:
        return bool(self.hours)


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def _normalise(intervals: Iterable[Interval], what: str) -> tuple[Interval, ...]:
    result = tuple(sorted(intervals))
    for opens, closes in result:
        if opens.tzinfo is not None or closes.tzinfo is not None:
            raise WorkcalError(f"{what}: office hours are wall-clock times and must not carry a time zone")
        if not opens < closes:
            raise WorkcalError(f"{what}: an interval must open before it closes, got {opens}–{closes}")
    for (_, first_close), (second_open, _) in itertools.pairwise(result):
        if second_open < first_close:
            raise WorkcalError(f"{what}: office hours overlap ({first_close} > {second_open})")
    return result


class WorkCalendar:
    """An immutable working calendar for the years `first_year`..`last_year` (inclusive)."""

    def __init__(
        self,
        *,
        week: Sequence[Iterable[Interval]] = DEFAULT_WEEK,
        days_off: Mapping[date, str] | Iterable[date] = (),
        working_days: Mapping[date, str] | Iterable[date] = (),
        swapped_day_hours: Iterable[Interval] | None = None,
        saturday_session: Interval | None = None,
        saturday_session_counts: bool = False,
        cutoff: time = DEFAULT_CUTOFF,
        first_year: int,
        last_year: int,
        tz: ZoneInfo = VN_TZ,
    ):
        if len(week) != 7:
            raise WorkcalError("week: give the office hours of each of the 7 days, Monday first")
        if first_year > last_year:
            raise WorkcalError("first_year must not be after last_year")
        self.week = tuple(_normalise(day, f"week[{i}]") for i, day in enumerate(week))
        if not any(self.week):
            raise WorkcalError("week: at least one weekday must have office hours")
        self.days_off = dict(days_off) if isinstance(days_off, Mapping) else dict.fromkeys(days_off, "")
        self.working_days = (
            dict(working_days) if isinstance(working_days, Mapping) else dict.fromkeys(working_days, "")
        )
        both = sorted(self.days_off.keys() & self.working_days.keys())
        if both:
            raise WorkcalError(f"days both off and working: {', '.join(d.isoformat() for d in both)}")
        # A swapped working day (usually a Saturday) works the standard day of this calendar: the
        # hours of its first weekday that has any.
        default_swap = next(day for day in self.week if day)
        self.swapped_day_hours = (
            _normalise(swapped_day_hours, "swapped_day_hours") if swapped_day_hours else default_swap
        )
        self.saturday_session = (
            _normalise([saturday_session], "saturday_session")[0] if saturday_session else None
        )
        self.saturday_session_counts = saturday_session_counts
        if cutoff.tzinfo is not None:
            raise WorkcalError("cutoff is a wall-clock time and must not carry a time zone")
        self.cutoff = cutoff
        self.first_year, self.last_year, self.tz = first_year, last_year, tz
        self._build_index()

    # ----------------------------------------------------------------- index

    def _build_index(self) -> None:
        first = date(self.first_year, 1, 1)
        last = date(self.last_year, 12, 31)
        offset = self._fixed_offset(first, last)
        self._offset = offset
        self._day0 = first.toordinal()
        self._ndays = last.toordinal() - self._day0 + 1
        self._range_start = (self._day0 - EPOCH_ORDINAL) * DAY  # local seconds at first day 00:00
        self._range_end = self._range_start + self._ndays * DAY

        # Flat interval arrays in local seconds. A zero-length sentinel at the very start keeps
        # every bisection result ≥ 0, so lookups need no bounds branch.
        iv_start, iv_end, iv_cum, iv_cum_end = [self._range_start], [self._range_start], [0], [0]
        day_cum: list[int] = []  # working seconds before each day
        day_len: list[int] = []  # working seconds of each day
        wd_before: list[int] = []  # working days before each day
        wd_days: list[int] = []  # day indexes of the working days, in order
        self._cutoff_s = _seconds(self.cutoff)
        day_close: list[int] = []  # local seconds of the day's last close, or -1
        cum = 0
        for i in range(self._ndays):
            day = date.fromordinal(self._day0 + i)
            hours = self._counted_hours(day)
            day_cum.append(cum)
            wd_before.append(len(wd_days))
            midnight = self._range_start + i * DAY
            length = 0
            for opens, closes in hours:
                a, b = midnight + _seconds(opens), midnight + _seconds(closes)
                iv_start.append(a)
                iv_end.append(b)
                iv_cum.append(cum)
                cum += b - a
                length += b - a
                iv_cum_end.append(cum)
            day_len.append(length)
            day_close.append(midnight + _seconds(hours[-1][1]) if hours else -1)
            if hours:
                wd_days.append(i)
        if not wd_days:
            raise WorkcalError("the calendar has no working day at all")
        self._iv_start, self._iv_end, self._iv_cum, self._iv_cum_end = iv_start, iv_end, iv_cum, iv_cum_end
        self._day_cum, self._day_len, self._day_close = day_cum, day_len, day_close
        self._wd_before, self._wd_days = wd_before, wd_days
        self.uniform_day_length = (
            timedelta(seconds=day_len[wd_days[0]]) if len({day_len[i] for i in wd_days}) == 1 else None
        )
        self._make_hot_paths()

    def _make_hot_paths(self) -> None:
        """The two functions every computation calls, as closures over locals: attribute lookups
        on `self` and bound-method creation are a measurable share of a ~2 µs computation."""
        iv_base = [c - a for c, a in zip(self._iv_cum, self._iv_start, strict=True)]
        tz, first_year, last_year = self.tz, self.first_year, self.last_year
        range_start, range_end, unchecked = self._range_start, self._range_end, self._local_unchecked

        def worked(s, _bisect=bisect_right, _starts=self._iv_start, _ends=self._iv_end, _base=iv_base):
            """Working seconds from the range start up to local instant `s`."""
            k = _bisect(_starts, s) - 1
            end = _ends[k]
            return _base[k] + (s if s < end else end)

        def local(dt, name, _epoch=EPOCH_ORDINAL):
            """An aware datetime as local seconds, checked to be inside the calendar's years."""
            if dt.tzinfo is tz:  # most inputs: the wall-clock fields already are local time
                s = (dt.toordinal() - _epoch) * DAY + dt.hour * 3600 + dt.minute * 60 + dt.second
            else:
                s = unchecked(dt, name)
            if not range_start <= s < range_end:
                raise OutOfRangeError(
                    f"{name}: {dt.isoformat()} is outside the calendar's years {first_year}–{last_year}"
                )
            return s

        self._worked, self._local = worked, local

    def _fixed_offset(self, first: date, last: date) -> int:
        # Sampled in January and July of every year: enough to catch daylight saving time.
        offsets = {
            datetime(year, month, 1, 12, tzinfo=self.tz).utcoffset()
            for year in range(first.year, last.year + 1)
            for month in (1, 7)
        }
        if len(offsets) != 1:
            raise WorkcalError(f"time zone {self.tz} changes its UTC offset within the calendar's years")
        return int((offsets.pop() or timedelta(0)).total_seconds())

    def _counted_hours(self, day: date) -> tuple[Interval, ...]:
        if day in self.days_off:
            return ()
        if day in self.working_days:
            return self.week[day.weekday()] or self.swapped_day_hours
        hours = self.week[day.weekday()]
        session = self.saturday_session
        if not hours and session is not None and self.saturday_session_counts and self._has_session(day):
            return (session,)
        return hours

    def _has_session(self, day: date) -> bool:
        return (
            self.saturday_session is not None
            and day.weekday() == 5
            and not self.week[5]
            and day not in self.days_off
            and day not in self.working_days
        )

    # ------------------------------------------------------- conversions

    def _local_unchecked(self, dt: datetime, name: str = "datetime") -> int:
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise NaiveDatetimeError(
                f"{name}: naive datetime {dt.isoformat()}; give an aware datetime (e.g. with +07:00)"
            )
        return int(dt.timestamp()) + self._offset

    def _datetime(self, local: int) -> datetime:
        if local >= self._range_end:
            raise OutOfRangeError(f"the result falls after the calendar's last year {self.last_year}")
        return datetime.fromtimestamp(local - self._offset, self.tz)

    def _earliest(self, w: int) -> int:
        """The earliest local instant by which `w` working seconds have run."""
        k = bisect_left(self._iv_cum_end, w)
        if k == len(self._iv_cum_end):
            raise OutOfRangeError(f"the result falls after the calendar's last year {self.last_year}")
        return self._iv_end[k] - (self._iv_cum_end[k] - w)

    def _opening(self, s: int) -> int:
        """`s` if it is inside office hours, else the next opening."""
        k = bisect_right(self._iv_start, s) - 1
        if s < self._iv_end[k]:
            return s
        if k + 1 == len(self._iv_start):
            raise OutOfRangeError(f"no opening after this instant before the end of {self.last_year}")
        return self._iv_start[k + 1]

    def _close_of_next_working_day(self, i: int) -> int:
        """The close of the first working day after day `i`."""
        j = self._wd_before[i] + (1 if self._day_len[i] else 0)
        if j >= len(self._wd_days):
            raise OutOfRangeError(f"no working day before the end of {self.last_year}")
        return self._day_close[self._wd_days[j]]

    # ------------------------------------------------------------ public

    def covers(self, dt: datetime) -> bool:
        """Whether `dt` falls within the calendar's years."""
        return self._range_start <= self._local_unchecked(dt, "dt") < self._range_end

    def is_working_time(self, dt: datetime) -> bool:
        """Inside counted office hours (half-open: 17:00 itself is not)."""
        s = self._local(dt, "dt")
        k = bisect_right(self._iv_start, s) - 1
        return bool(s < self._iv_end[k])

    def is_working_day(self, day: date) -> bool:
        return bool(self._day_len[self._day_index(day)])

    def day_info(self, day: date) -> DayInfo:
        i = self._day_index(day)
        hours = self._counted_hours(day)
        session = self.saturday_session if self._has_session(day) else None
        regular = bool(self.week[day.weekday()])
        name = self.days_off.get(day) or self.working_days.get(day) or ""
        if day in self.days_off and regular:
            kind = DayKind.HOLIDAY
        elif day in self.working_days and not regular:
            kind = DayKind.SWAPPED
        elif session is not None:
            kind = DayKind.SATURDAY_SESSION
        elif self._day_len[i]:
            kind = DayKind.WORKING
        else:
            kind = DayKind.REST
        return DayInfo(day=day, kind=kind, hours=hours, session=session, name=name)

    def working_days_between(self, first: date, last: date) -> list[date]:
        """Working days from `first` to `last`, both included."""
        i, j = self._day_index(first), self._day_index(last)
        lo, hi = self._wd_before[i], self._wd_before[j] + (1 if self._day_len[j] else 0)
        return [date.fromordinal(self._day0 + d) for d in self._wd_days[lo:hi]]

    def _day_index(self, day: date) -> int:
        i = day.toordinal() - self._day0
        if not 0 <= i < self._ndays:
            raise OutOfRangeError(
                f"{day.isoformat()} is outside the calendar's years {self.first_year}–{self.last_year}"
            )
        return i

    def due(self, start: datetime, amount: int, unit: Unit | str) -> datetime:
        """The deadline of `amount` `unit`s counted from `start` (see the module docstring)."""
        if type(amount) is not int or amount < 0:  # bool is not an amount either
            raise WorkcalError(f"amount must be a whole number ≥ 0, got {amount!r}")
        s = self._opening(self._local(start, "start"))
        if unit == Unit.WORKING_DAY:
            if amount == 0:
                return self._datetime(s)
            return self._datetime(self._add_working_days(s, amount))
        if unit == Unit.WORKING_HOUR:
            if amount == 0:
                return self._datetime(s)
            return self._datetime(self._earliest(self._worked(s) + amount * 3600))
        if unit in (Unit.DAY, Unit.MONTH):
            received = self._local(start, "start")
            last = received + amount * DAY if unit == Unit.DAY else self._add_months(received, amount)
            i = (last - self._range_start) // DAY
            end = self._end_of_period(i)
            if end < received:  # 0 days, received after the close: the period cannot end before it starts
                end = self._close_of_next_working_day(i)
            return self._datetime(end)
        if unit == Unit.SAME_DAY:
            return self._datetime(self._same_day(self._local(start, "start")))
        raise WorkcalError(f"unknown unit {unit!r}; use one of {', '.join(u.value for u in Unit)}")

    def _add_working_days(self, s: int, n: int) -> int:
        i = (s - self._range_start) // DAY
        into = self._worked(s) - self._day_cum[i]  # < day_len[i]: s is inside office hours
        target = self._wd_before[i] + n
        if target >= len(self._wd_days):
            raise OutOfRangeError(f"the result falls after the calendar's last year {self.last_year}")
        j = self._wd_days[target]
        length_i, length_j = self._day_len[i], self._day_len[j]
        if length_i != length_j:
            into = -(-into * length_j // length_i)  # proportional, rounded up to the second
        w = self._day_cum[j] + into
        if into == length_j:
            return self._earliest(w)
        # The latest instant with `w` worked: keeps 08:00 at 08:00 and 13:00 at 13:00.
        k = bisect_right(self._iv_cum, w) - 1
        return int(self._iv_start[k] + (w - self._iv_cum[k]))

    def _add_months(self, s: int, n: int) -> int:
        day = date.fromordinal(self._day0 + (s - self._range_start) // DAY)
        months = day.year * 12 + day.month - 1 + n
        year, month = divmod(months, 12)
        month += 1
        if year > self.last_year:
            raise OutOfRangeError(f"the result falls after the calendar's last year {self.last_year}")
        target = date(year, month, min(day.day, _pycal.monthrange(year, month)[1]))
        return s + (target.toordinal() - day.toordinal()) * DAY

    def _end_of_period(self, i: int) -> int:
        """The close of day `i` when it is a working day, else the close of the next working day."""
        if i >= self._ndays:
            raise OutOfRangeError(f"the result falls after the calendar's last year {self.last_year}")
        if self._day_len[i]:
            return self._day_close[i]
        return self._close_of_next_working_day(i)

    def _same_day(self, received: int) -> int:
        i = (received - self._range_start) // DAY
        in_time = received - (self._range_start + i * DAY) <= self._cutoff_s
        if self._day_len[i] and in_time and received <= self._day_close[i]:
            return self._day_close[i]
        return self._close_of_next_working_day(i)

    def add_working_time(self, start: datetime, delta: timedelta) -> datetime:
        """`start` plus `delta` of working time (e.g. a deadline extended by paused working time)."""
        seconds = int(delta.total_seconds())
        if seconds < 0:
            raise WorkcalError("delta must not be negative")
        s = self._opening(self._local(start, "start"))
        return self._datetime(self._earliest(self._worked(s) + seconds) if seconds else s)

    def elapsed(
        self,
        start: datetime,
        end: datetime,
        pauses: Iterable[tuple[datetime, datetime | None]] = (),
    ) -> timedelta:
        """Working time from `start` to `end`, minus the working time inside `pauses`.

        A pause is (from, to); `to` None means still paused at `end`. Pauses may overlap each
        other and reach outside [start, end]; only their union inside [start, end] is subtracted.
        """
        local, worked = self._local, self._worked
        s, e = local(start, "start"), local(end, "end")
        if e < s:
            raise WorkcalError("end is before start")
        total = worked(e) - worked(s)
        if pauses:
            if isinstance(pauses, (list, tuple)) and len(pauses) == 1:
                # Most dossiers pause at most once: no union to compute, no list to build.
                a, b = pauses[0]
                pa = local(a, "pause start")
                if b is None:
                    pb = e  # still paused
                else:
                    pb = local(b, "pause end")
                    if pb < pa:
                        raise WorkcalError("a pause ends before it starts")
                pa, pb = max(pa, s), min(pb, e)
                if pa < pb:
                    total -= worked(pb) - worked(pa)
            else:
                total -= self._paused(s, e, pauses)
        return timedelta(seconds=total)

    def _paused(self, s: int, e: int, pauses: Iterable[tuple[datetime, datetime | None]]) -> int:
        local, worked = self._local, self._worked
        spans = []
        for a, b in pauses:
            pa = local(a, "pause start")
            if b is None:
                pb = e  # still paused
            else:
                pb = local(b, "pause end")
                if pb < pa:
                    raise WorkcalError("a pause ends before it starts")
            if pa < s:
                pa = s
            if pb > e:
                pb = e
            if pa < pb:
                spans.append((pa, pb))
        if len(spans) > 1:  # overlapping pauses count once: merge them
            spans.sort()
            merged = [spans[0]]
            for x, y in spans[1:]:
                last_x, last_y = merged[-1]
                if x <= last_y:
                    merged[-1] = (last_x, max(last_y, y))
                else:
                    merged.append((x, y))
            spans = merged
        return sum(worked(y) - worked(x) for x, y in spans)

    def time_left(self, now: datetime, due: datetime) -> timedelta:
        """Working time from `now` until `due`; negative (working time overdue) once past it."""
        n, d = self._local(now, "now"), self._local(due, "due")
        return timedelta(seconds=self._worked(d) - self._worked(n))

    def classify(self, finished: datetime, due: datetime) -> Outcome:
        f, d = self._local(finished, "finished"), self._local(due, "due")
        if f > d:
            return Outcome.LATE
        if f // DAY == d // DAY:
            return Outcome.ON_TIME
        return Outcome.EARLY
