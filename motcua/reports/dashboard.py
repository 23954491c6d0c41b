"""The leaders' dashboard (issue 12): the figures of a unit's subtree for a period, each with the
statistics' drill-down it links to (/bao-cao/thong-ke/?unit=…&from=…&to=…&by=…&column=…).

Dossier figures come only from `counts.dossier_counts` (the rollups answer it); the worst steps
read the dossiers' steps (the rollups do not hold steps); the national portal sync's backlog and
failures are counted now, whatever the period (a failure of last month still waits). The at-risk count and the Decision-766
index are other topics' figures: the dashboard leaves their slots None ("—") for them to fill."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import national_sync
from motcua.dossiers.models import DossierStep, StepOutcome, StepState
from motcua.dossiers.states import Channel
from motcua.feedback import selectors as feedback_selectors

from . import index766, risk
from .counts import Counts, dossier_counts, rate
from .periods import Period

WORST = 5


def drill(unit_code: str, period: Period, column: str, by: str | None = None, row=None) -> str:
    """The statistics page listing the dossiers behind one figure."""
    params = {"unit": unit_code, "from": period.start.isoformat(), "to": period.end.isoformat()}
    if by:
        params["by"] = by
    params["column"] = column
    if row is not None:
        params["row"] = row
    # The statistics page is another topic's (/bao-cao/thong-ke/, under this dashboard's root).
    return f"{reverse('reports:dashboard')}thong-ke/?{urlencode(params)}"


def months_back(end: dt.date, n: int = 12) -> list[Period]:
    """The `n` calendar months ending with `end`'s month, oldest first."""
    periods = []
    year, month = end.year, end.month
    for _ in range(n):
        periods.append(Period.month(year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return periods[::-1]


@dataclass
class Month:
    period: Period
    counts: Counts
    online: int

    @property
    def online_share(self):
        return rate(self.online, self.counts.received)


@dataclass
class ProcedureRow:
    procedure_id: int
    code: str
    name: str
    counts: Counts
    href: str = ""

    @property
    def late(self) -> int:
        return self.counts.resolved_late + self.counts.open_overdue

    @property
    def late_share(self):
        return rate(self.late, self.counts.resolved + self.counts.open_within + self.counts.open_overdue)


@dataclass
class StepRow:
    code: str
    procedure: str
    order: int
    work: str
    done: int
    late: int
    overdue_now: int
    href: str = ""

    @property
    def late_share(self):
        return rate(self.late, self.done)


@dataclass
class Dashboard:
    unit_code: str
    period: Period
    counts: Counts
    online: int
    by_channel: dict
    worst_procedures: list[ProcedureRow]
    worst_steps: list[StepRow]
    trend: list[Month]
    # The at-risk count (/bao-cao/nguy-co-tre-han/) and the Decision-766 index total
    # (motcua.reports.index766.total_for); None renders "—".
    at_risk: int | None = None
    index_766: Decimal | None = None
    # Open feedback items overdue and due within a working day (feedback.selectors.at_risk_counts).
    feedback: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    # The national portal sync of the subtree's dossiers (issue 13): {backlog, failed, dead}, so a
    # failed sync never passes silently.
    sync: dict = field(default_factory=dict)

    @property
    def online_share(self):
        return rate(self.online, self.counts.received)


def _procedure_names(ids) -> dict[int, tuple[str, str]]:
    """{procedure id: (code, name of its latest version)}."""
    names: dict[int, tuple[str, str]] = {}
    rows = (
        ProcedureVersion.objects.filter(procedure_id__in=list(ids))
        .order_by("procedure_id", "-number")
        .values_list("procedure_id", "procedure__code", "name")
    )
    for pid, code, name in rows:
        names.setdefault(pid, (code, name))
    return names


def worst_procedures(agency_ids, period: Period, limit: int = WORST) -> list[ProcedureRow]:
    """The procedures with the most late dossiers (resolved late, or open and overdue at the end)."""
    by_procedure = dossier_counts(agency_ids, period, by="procedure")
    late = sorted(
        ((pid, c) for pid, c in by_procedure.items() if c.resolved_late + c.open_overdue),
        key=lambda item: (-(item[1].resolved_late + item[1].open_overdue), item[0]),
    )[:limit]
    names = _procedure_names(pid for pid, _c in late)
    return [ProcedureRow(pid, *names.get(pid, ("", "")), counts) for pid, counts in late]


def worst_steps(agency_ids, period: Period, now: dt.datetime, limit: int = WORST) -> list[StepRow]:
    """The process steps (procedure, step number, work) completed late most often in the period,
    with how many of them are overdue now, at the subtree's agencies."""
    steps = DossierStep.objects.filter(agency_id__in=list(agency_ids))
    done_in = Q(completed_at__gte=period.starts_at, completed_at__lt=period.ends_at, state=StepState.DONE)
    rows = (
        steps.filter(done_in | Q(state=StepState.ACTIVE, due_at__lt=now))
        .values("dossier__procedure_version__procedure__code", "order", "work")
        .annotate(
            done=Count("pk", filter=done_in),
            late=Count("pk", filter=done_in & Q(outcome=StepOutcome.LATE)),
            overdue_now=Count("pk", filter=Q(state=StepState.ACTIVE, due_at__lt=now)),
        )
        .filter(Q(late__gt=0) | Q(overdue_now__gt=0))
        .order_by("-late", "-overdue_now", "dossier__procedure_version__procedure__code", "order")[:limit]
    )
    rows = list(rows)
    codes = {row["dossier__procedure_version__procedure__code"] for row in rows}
    names = {
        code: name
        for code, name in ProcedureVersion.objects.filter(procedure__code__in=codes)
        .order_by("procedure__code", "number")
        .values_list("procedure__code", "name")
    }
    return [
        StepRow(
            code=row["dossier__procedure_version__procedure__code"],
            procedure=names.get(row["dossier__procedure_version__procedure__code"], ""),
            order=row["order"],
            work=row["work"],
            done=row["done"],
            late=row["late"],
            overdue_now=row["overdue_now"],
        )
        for row in rows
    ]


def trend(agency_ids, end: dt.date, months: int = 12) -> list[Month]:
    """Received, resolved, on time and online per month, the last `months` months to `end`."""
    out = []
    for period in months_back(end, months):
        by_channel = dossier_counts(agency_ids, period, by="channel")
        total = sum(by_channel.values(), Counts())
        online = by_channel.get(Channel.ONLINE, Counts()).received
        out.append(Month(period, total, online))
    return out


def dashboard(unit_code: str, agency_ids: list[int], period: Period, now: dt.datetime) -> Dashboard:
    by_channel = dossier_counts(agency_ids, period, by="channel")
    counts = sum(by_channel.values(), Counts())
    online = by_channel.get(Channel.ONLINE, Counts()).received
    board = Dashboard(
        unit_code=unit_code,
        period=period,
        counts=counts,
        online=online,
        by_channel=by_channel,
        worst_procedures=worst_procedures(agency_ids, period),
        worst_steps=worst_steps(agency_ids, period, now),
        trend=trend(agency_ids, period.end),
        index_766=index766.total_for(agency_ids, period),
        at_risk=risk.at_risk_count(agency_ids),
        feedback=feedback_selectors.at_risk_counts(agency_ids, now),
        sync=national_sync.counts(agency_ids),
    )
    for row in board.worst_procedures:
        row.href = drill(unit_code, period, "resolved_late", by="procedure", row=row.procedure_id)
    for step in board.worst_steps:
        step.href = drill(unit_code, period, "resolved_late", by="step", row=f"{step.code}:{step.order}")
    board.links = {
        column: drill(unit_code, period, column)
        for column in (
            "received",
            "resolved",
            "resolved_late",
            "open_overdue",
            "open_within",
            "on_time_rate",
        )
    }
    board.links["online"] = drill(unit_code, period, "received", by="channel", row=int(Channel.ONLINE))
    return board
