"""The dossier statistics' definitions (issue 12), one row per `by` key, under stable names.

For a period [from 00:00, to + 1 day 00:00) and the competent agencies `agency_ids`:
- received: `received_at` in the period; carried_over: received before it, not finished at its start;
- resolved_early / _on_time / _late: processing ended (`finished_at`) in the period by reaching
  resolved (9) or returned (10), whatever the date received: early = finished on a date before the
  due date, on time = finished ≤ `due_at`, late = after it, or more than one supplement request
  (the national index counts those late);
- open_within / open_overdue: received, not finished at the period's end, `due_at` ≥ / < the end
  (paused time is already in `due_at`);
- withdrawn, refused, stopped: processing ended in the period in that state;
- on-time rate = (early + on time) ÷ resolved, percent with 2 decimals; None without a denominator.

`scan_counts` computes them from the dossier rows: the definition, and the oracle the rollups are
checked against. Reports call `dossier_counts`, which answers from the rollups where they exist."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State

from .periods import REPORTING_ZONE, Period

#: The row keys `by` may name, and the dossier field each groups on.
BY_FIELDS = {
    "unit": "agency_id",
    "procedure": "procedure_version__procedure_id",
    "sector": "procedure_version__sector_id",
    "channel": "channel",
    # From the dossier's steps: a dossier counts once in the row of each officer assigned one of
    # its steps, and once in the row of each step (by its work, e.g. "Thẩm định hồ sơ") it has.
    "officer": "steps__assignee_id",
    "step": "steps__work",
}
#: The `by` keys read through a join to the steps (a dossier counted once per row, not per step).
STEP_BY = frozenset({"officer", "step"})

RESOLVED = (State.RESOLVED, State.RETURNED)


@dataclass
class Counts:
    received: int = 0
    carried_over: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    open_within: int = 0
    open_overdue: int = 0
    withdrawn: int = 0
    refused: int = 0
    stopped: int = 0

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.resolved_early + self.resolved_on_time, self.resolved)

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict:
        return {**asdict(self), "resolved": self.resolved, "on_time_rate": self.on_time_rate}


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A percentage rounded half up to 2 decimals; None (shown "—") when nothing is counted."""
    if not denominator:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _definitions(period: Period) -> dict[str, Q]:
    start, end = period.starts_at, period.ends_at
    ended_in = Q(finished_at__gte=start, finished_at__lt=end)
    resolved = ended_in & Q(state__in=RESOLVED)
    late = Q(finished_at__gt=F("due_at")) | Q(supplement_requests__gt=1)
    early = Q(finished_day__lt=F("due_day")) & ~late
    open_at_end = Q(received_at__lt=end) & (Q(finished_at__isnull=True) | Q(finished_at__gte=end))
    return {
        "received": Q(received_at__gte=start, received_at__lt=end),
        "carried_over": Q(received_at__lt=start) & (Q(finished_at__isnull=True) | Q(finished_at__gte=start)),
        "resolved_early": resolved & early,
        "resolved_on_time": resolved & ~early & ~late,
        "resolved_late": resolved & late,
        "open_within": open_at_end & Q(due_at__gte=end),
        "open_overdue": open_at_end & Q(due_at__lt=end),
        "withdrawn": ended_in & Q(state=State.WITHDRAWN),
        "refused": ended_in & Q(state=State.REFUSED),
        "stopped": ended_in & Q(state=State.STOPPED),
    }


def scan_counts(agency_ids: Iterable[int], period: Period, by: str | None = None) -> dict[object, Counts]:
    """{row key (None when `by` is None): Counts}, read from the dossier rows in one query."""
    start, end = period.starts_at, period.ends_at
    touching = Q(received_at__lt=end) & (Q(finished_at__isnull=True) | Q(finished_at__gte=start))
    rows = Dossier.objects.filter(
        # (received in the period covers a dossier whose `finished_at` was edited to before it)
        touching
        | Q(finished_at__gte=start, finished_at__lt=end)
        | Q(received_at__gte=start, received_at__lt=end),
        agency_id__in=list(agency_ids),
    )
    rows = rows.annotate(
        finished_day=TruncDate("finished_at", tzinfo=REPORTING_ZONE),
        due_day=TruncDate("due_at", tzinfo=REPORTING_ZONE),
    )
    key = BY_FIELDS[by] if by else None
    distinct = by in STEP_BY
    aggregates = {
        name: Count("pk", filter=condition, distinct=distinct)
        for name, condition in _definitions(period).items()
    }
    if key is None:
        return {None: Counts(**rows.aggregate(**aggregates))}
    if distinct:
        rows = rows.exclude(**{f"{key}__isnull": True})
    return {row.pop(key): Counts(**row) for row in rows.values(key).annotate(**aggregates).order_by(key)}


def dossier_counts(agency_ids: Iterable[int], period: Period, by: str | None = None) -> dict[object, Counts]:
    """The statistics every report reads: from the rollups (`rollups.ROLLUP_BY`: the whole, by unit,
    channel, procedure, sector; rows of zeros left out), by officer and step from the dossiers'
    steps (a scan of the period's dossiers: not rolled up)."""
    from .rollups import ROLLUP_BY, rollup_counts

    if by in ROLLUP_BY:
        rows = {key: Counts(**figures) for key, figures in rollup_counts(agency_ids, period, by).items()}
        return {key: c for key, c in rows.items() if key is None or c != Counts()}
    return {key: counts for key, counts in scan_counts(agency_ids, period, by).items() if counts != Counts()}
