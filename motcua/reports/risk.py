"""At-risk dossiers: the probability that an open dossier misses its promised time, from what is left.

The model, in five lines (also in docs/reports-risk.md):
1. A step's duration is measured as a *ratio*: working time spent ÷ working time budgeted (workcal,
   pauses subtracted), from the steps completed so far.
2. Each remaining step draws a ratio from the empirical distribution of the same procedure's same
   step (≥ `MIN_SAMPLES`), else of the procedure's steps, else of every step, times its budget.
3. The active step draws only durations longer than the time it has already taken (what is left of
   it), scaled by its holder: their measured speed (their ratios ÷ the same step's median) and current load
   (open steps vs their own usual number), each factor clipped.
4. Stages run one after another, parallel steps of a stage as their slowest one; `SAMPLES` Monte Carlo
   draws of the whole remaining path.
5. The probability is the share of draws longer than the working time left before the due time;
   overdue dossiers score 1.

Everything here reads: the dossier rows (`Situation` is built from timestamps, so the same code
predicts "now" and, in the back-test, any moment of a past history) and writes only `RiskScore`.
"""

from __future__ import annotations

import bisect
import random
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from motcua.calendars.services import HOURS_PER_WORKING_DAY, calendar_for_id, working_due
from motcua.catalog.models import ProcessDefinition
from motcua.dossiers.models import Dossier, DossierPause, DossierStep, StepState
from motcua.dossiers.states import State
from motcua.dossiers.steps import planned_steps
from motcua.org.models import Role
from motcua.workcal import WorkcalError

from .risk_models import RiskScore

#: Fewer completed steps than this and a distribution falls back to the wider one.
MIN_SAMPLES = 8
#: Monte Carlo draws per dossier.
SAMPLES = 300
#: The share of draws above which a dossier is "predicted to miss" (digest, draft, back-test).
DEFAULT_THRESHOLD = 0.5
#: One working day of working time (the calendar layer's definition of a working day in hours).
ONE_WORKING_DAY = timedelta(hours=HOURS_PER_WORKING_DAY)
#: The holder's factors stay within these bounds (a few samples must not dominate).
SPEED_BOUNDS = (0.5, 2.0)
LOAD_BOUNDS = (0.8, 1.5)
#: How far back the live scores learn step durations (the back-test learns from all before its split).
LEARN_WINDOW = timedelta(days=180)
#: How far back a holder's usual load is measured.
LOAD_WINDOW = timedelta(days=90)
#: When no measured duration is longer than what the active step has already taken: half as long again.
OVERRUN_RESIDUAL = 0.5
#: Without any history a step takes its whole budget at most: ratios spread evenly up to 1.
PRIOR = [0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 1.0]


def threshold() -> float:
    return float(getattr(settings, "MOTCUA_RISK_THRESHOLD", DEFAULT_THRESHOLD))


# ---------------------------------------------------------------------------------------------
# What history says


def holder_key(step: DossierStep) -> tuple:
    """Who holds a step: its assignee, else its pool (agency, unit, role: `steps.Pool`)."""
    if step.assignee_id is not None:
        return ("staff", step.assignee_id)
    return ("pool", step.agency_id, step.unit_id, step.role)


@dataclass
class History:
    """Empirical step-duration ratios (spent ÷ budget, working time) and each holder's speed."""

    by_step: dict[tuple[int, str], list[float]] = field(default_factory=dict)
    by_procedure: dict[int, list[float]] = field(default_factory=dict)
    overall: list[float] = field(default_factory=list)
    speed: dict[tuple, float] = field(default_factory=dict)

    def ratios(self, procedure_id: int, work: str) -> tuple[list[float], str]:
        """The distribution a step draws from, and which one it is (for the explanation)."""
        own = self.by_step.get((procedure_id, work), [])
        if len(own) >= MIN_SAMPLES:
            return own, "step"
        procedure = self.by_procedure.get(procedure_id, [])
        if len(procedure) >= MIN_SAMPLES:
            return procedure, "procedure"
        if len(self.overall) >= MIN_SAMPLES:
            return self.overall, "all"
        return PRIOR, "prior"


def _pauses_by_dossier(dossier_ids: Iterable[int]) -> dict[int, list[tuple[datetime, datetime | None]]]:
    pauses: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    ids = list(dossier_ids)
    for chunk in range(0, len(ids), 2000):
        for p in DossierPause.objects.filter(dossier_id__in=ids[chunk : chunk + 2000]).order_by("started_at"):
            pauses[p.dossier_id].append((p.started_at, p.ended_at))
    return pauses


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def learn(
    *, before: datetime, since: datetime | None = None, agency_ids: Sequence[int] | None = None
) -> History:
    """The history of the steps completed in [`since`, `before`) (at `agency_ids`' dossiers, or all)."""
    rows = DossierStep.objects.filter(
        completed_at__lt=before, started_at__isnull=False, due_at__isnull=False, state=StepState.DONE
    )
    if since is not None:
        rows = rows.filter(completed_at__gte=since)
    if agency_ids is not None:
        rows = rows.filter(dossier__agency_id__in=list(agency_ids))
    rows = list(
        rows.values_list(
            "dossier_id",
            "dossier__procedure_version__procedure_id",
            "work",
            "agency_id",
            "unit_id",
            "role",
            "assignee_id",
            "started_at",
            "due_at",
            "completed_at",
        )
    )
    pauses = _pauses_by_dossier({r[0] for r in rows})
    history = History()
    by_step: dict[tuple[int, str], list[float]] = defaultdict(list)
    by_procedure: dict[int, list[float]] = defaultdict(list)
    measured: list[tuple[tuple, tuple[int, str], float]] = []
    for dossier_id, procedure_id, work, agency_id, unit_id, role, assignee_id, start, due, done in rows:
        cal = calendar_for_id(agency_id)
        own = pauses.get(dossier_id, ())
        try:
            budget = cal.elapsed(start, due, own).total_seconds() if due > start else 0
            spent = cal.elapsed(start, done, own).total_seconds() if done > start else 0
        except WorkcalError:  # outside the years the calendar knows
            continue
        if budget <= 0:
            continue
        ratio = spent / budget
        by_step[(procedure_id, work)].append(ratio)
        by_procedure[procedure_id].append(ratio)
        history.overall.append(ratio)
        key = ("staff", assignee_id) if assignee_id is not None else ("pool", agency_id, unit_id, role)
        measured.append((key, (procedure_id, work), ratio))
    history.by_step, history.by_procedure = dict(by_step), dict(by_procedure)
    for values in (*history.by_step.values(), *history.by_procedure.values(), history.overall):
        values.sort()
    # A holder's speed: the median of their ratios, each divided by the median of the same step
    # (everyone's): a holder is compared on the steps they do, not with other kinds of work.
    medians = {k: statistics.median(v) for k, v in history.by_step.items() if len(v) >= MIN_SAMPLES}
    by_holder: dict[tuple, list[float]] = defaultdict(list)
    for key, step_key, ratio in measured:
        if medians.get(step_key):
            by_holder[key].append(ratio / medians[step_key])
    history.speed = {
        key: _clip(statistics.median(values), SPEED_BOUNDS)
        for key, values in by_holder.items()
        if len(values) >= MIN_SAMPLES
    }
    return history


class Load:
    """How many steps each holder has open at a moment, against the same holder's usual number
    (its mean over the recorded history before `since`): a pool of ten officers is compared with
    itself, not with one officer."""

    def __init__(self, intervals: dict[tuple, list[tuple[datetime, datetime | None]]], since: datetime):
        self._starts = {k: sorted(a for a, _b in v) for k, v in intervals.items()}
        self._ends = {k: sorted(b for _a, b in v if b is not None) for k, v in intervals.items()}
        self._usual: dict[tuple, float] = {}
        for key, spans in intervals.items():
            spans = [(a, b if b is not None and b < since else since) for a, b in spans if a < since]
            if not spans:
                continue
            first = min(a for a, _b in spans)
            window = (since - first).total_seconds()
            if window > 0:
                self._usual[key] = sum((b - a).total_seconds() for a, b in spans) / window

    @classmethod
    def of(cls, steps: Iterable[DossierStep], since: datetime) -> Load:
        intervals: dict[tuple, list[tuple[datetime, datetime | None]]] = defaultdict(list)
        for s in steps:
            if s.started_at is not None:
                intervals[holder_key(s)].append((s.started_at, s.completed_at))
        return cls(intervals, since)

    def at(self, key: tuple, t: datetime) -> int:
        starts, ends = self._starts.get(key, []), self._ends.get(key, [])
        return bisect.bisect_right(starts, t) - bisect.bisect_right(ends, t)

    def usual(self, key: tuple) -> float | None:
        return self._usual.get(key)

    def factor(self, key: tuple, t: datetime) -> float:
        """(1 + open now) ÷ (1 + usually open), clipped; 1 for a holder without a history."""
        usual = self._usual.get(key)
        if usual is None:
            return 1.0
        return _clip((1 + self.at(key, t)) / (1 + usual), LOAD_BOUNDS)


# ---------------------------------------------------------------------------------------------
# What is left of one dossier at a moment


@dataclass
class Part:
    """A step still to do (or being done) on the remaining path."""

    stage: int
    work: str
    budget: float  # working seconds
    elapsed: float = 0.0  # working seconds already spent (the active step)
    scale: float = 1.0  # the holder's speed × load
    active: bool = False
    step_id: int | None = None


@dataclass
class Situation:
    dossier_id: int
    procedure_id: int
    left: float  # working seconds until the due time (negative: overdue)
    parts: list[Part]


@dataclass
class Prediction:
    probability: float
    expected: float  # working seconds the remaining path takes (median of the draws)
    p80: float
    explanation: dict


def _budget_seconds(agency, t: datetime, amount, unit: str) -> float:
    """A step's budget in working seconds if it started at `t` (`calendars.services.working_due`)."""
    cal = calendar_for_id(agency.pk)
    try:
        due = working_due(agency, t, amount, unit)
        return max(cal.elapsed(t, due).total_seconds(), 0.0)
    except WorkcalError:
        return 0.0


def situation(
    dossier: Dossier,
    steps: Sequence[DossierStep],
    pauses: Sequence[tuple[datetime, datetime | None]],
    t: datetime,
    due: datetime,
    *,
    history: History,
    load: Load | None = None,
) -> Situation:
    """What is left of `dossier` at `t`, read from its steps' timestamps (not their states, so a
    past moment reads the same way as the present)."""
    cal = calendar_for_id(dossier.agency_id)
    parts: list[Part] = []
    open_steps = []
    for s in steps:
        done = s.completed_at is not None and s.completed_at <= t and s.state not in (StepState.RETURNED,)
        if done or (s.state == StepState.CLOSED and (s.completed_at is None or s.completed_at <= t)):
            continue
        open_steps.append(s)
    # The final hand-over to the desk is done by the return of the result, after processing ends.
    if open_steps:
        last = max(s.order for s in open_steps)
        tail = [s for s in open_steps if s.order == last]
        if all(s.role == Role.DESK_OFFICER and (s.started_at is None or s.started_at > t) for s in tail):
            open_steps = [s for s in open_steps if s.order != last]
    for s in open_steps:
        active = s.started_at is not None and s.started_at <= t
        scale = 1.0
        if active:
            key = holder_key(s)
            scale = history.speed.get(key, 1.0)
            if load is not None:
                scale *= load.factor(key, t)
            step_cal = calendar_for_id(s.agency_id)
            due_seconds = (
                step_cal.elapsed(s.started_at, s.due_at, pauses).total_seconds()
                if s.due_at is not None and s.due_at > s.started_at
                else _budget_seconds(s.agency, s.started_at, s.budget_amount, s.budget_unit)
            )
            elapsed = step_cal.elapsed(s.started_at, t, pauses).total_seconds()
            parts.append(Part(s.order, s.work, due_seconds, elapsed, scale, True, s.pk))
        else:
            parts.append(
                Part(
                    s.order,
                    s.work,
                    _budget_seconds(s.agency, t, s.budget_amount, s.budget_unit),
                    step_id=s.pk,
                )
            )
    left = cal.time_left(t, due).total_seconds()
    return Situation(dossier.pk, dossier.procedure_version.procedure_id, left, parts)


def predict(sit: Situation, history: History, *, samples: int = SAMPLES) -> Prediction:
    """The Monte Carlo estimate of `sit` (module docstring); deterministic per dossier."""
    explanation: dict = {
        "left_hours": round(sit.left / 3600, 2),
        "steps": [],
    }
    if sit.left <= 0:
        explanation["overdue"] = True
        return Prediction(1.0, 0.0, 0.0, explanation)
    rng = random.Random(sit.dossier_id)
    stages: dict[int, list[tuple[Part, list[float]]]] = defaultdict(list)
    for part in sit.parts:
        ratios, source = history.ratios(sit.procedure_id, part.work)
        durations = [r * part.budget * part.scale for r in ratios]
        if part.active:
            residual = [d - part.elapsed for d in durations if d > part.elapsed]
            if not residual:
                residual = [part.elapsed * OVERRUN_RESIDUAL]
            durations = residual
        stages[part.stage].append((part, durations))
        explanation["steps"].append(
            {
                "work": part.work[:120],
                "active": part.active,
                "source": source,
                "samples": len(ratios),
                "budget_hours": round(part.budget / 3600, 2),
                "spent_hours": round(part.elapsed / 3600, 2),
                "scale": round(part.scale, 2),
                "median_hours": round(statistics.median(durations) / 3600, 2),
            }
        )
    totals = []
    ordered = [stages[k] for k in sorted(stages)]
    for _draw in range(samples):
        total = 0.0
        for stage in ordered:
            total += max(rng.choice(durations) for _part, durations in stage)
        totals.append(total)
    totals.sort()
    misses = len(totals) - bisect.bisect_right(totals, sit.left)
    expected = statistics.median(totals) if totals else 0.0
    p80 = totals[int(0.8 * (len(totals) - 1))] if totals else 0.0
    return Prediction(misses / samples, expected, p80, explanation)


# ---------------------------------------------------------------------------------------------
# The stored scores


#: Dossiers whose clock runs: received and in processing (paused ones wait for the applicant).
SCORED_STATES = (State.RECEIVED, State.PROCESSING)


def _planned(dossier: Dossier) -> list[DossierStep]:
    """The steps a received dossier will get when processing starts (`steps.planned_steps`)."""
    definition = (
        ProcessDefinition.objects.filter(version_id=dossier.procedure_version_id, agency_id=dossier.agency_id)
        .prefetch_related("steps__responsible_agency")
        .first()
    )
    if definition is None:
        version = dossier.procedure_version
        return [
            DossierStep(
                order=1,
                work="",
                agency=dossier.agency,
                budget_amount=version.time_amount or 0,
                budget_unit=version.time_unit or "working_day",
            )
        ]
    return planned_steps(definition, dossier.agency)


def refresh(*, now: datetime, agency_ids: Sequence[int] | None = None) -> int:
    """Score every open dossier (of `agency_ids`, or all) at `now`; returns how many were scored.
    Scores of dossiers no longer open are removed."""
    dossiers = Dossier.objects.filter(state__in=SCORED_STATES, due_at__isnull=False).select_related(
        "procedure_version", "agency"
    )
    stale = RiskScore.objects.exclude(dossier__state__in=SCORED_STATES)
    if agency_ids is not None:
        dossiers = dossiers.filter(agency_id__in=list(agency_ids))
        stale = stale.filter(agency_id__in=list(agency_ids))
    dossiers = list(dossiers)
    history = learn(before=now, since=now - LEARN_WINDOW)
    steps_by: dict[int, list[DossierStep]] = defaultdict(list)
    ids = [d.pk for d in dossiers]
    for chunk in range(0, len(ids), 2000):
        for s in (
            DossierStep.objects.filter(dossier_id__in=ids[chunk : chunk + 2000])
            .select_related("agency")
            .order_by("order", "pk")
        ):
            steps_by[s.dossier_id].append(s)
    # every step started in the last 90 days: what is open now, and each holder's usual load
    recent = DossierStep.objects.filter(started_at__gte=now - LOAD_WINDOW).only(
        "assignee_id", "agency_id", "unit_id", "role", "started_at", "completed_at"
    )
    load = Load.of(recent, since=now)
    pauses = _pauses_by_dossier(ids)
    rows = []
    for d in dossiers:
        steps = steps_by.get(d.pk) or _planned(d)
        try:
            sit = situation(d, steps, pauses.get(d.pk, ()), now, d.due_at, history=history, load=load)
        except WorkcalError:
            continue
        pred = predict(sit, history)
        active_parts = [p for p in sit.parts if p.active and p.step_id]
        rows.append(
            RiskScore(
                dossier=d,
                agency_id=d.agency_id,
                probability=Decimal(str(round(pred.probability, 3))),
                due_at=d.due_at,
                left_seconds=int(sit.left),
                expected_seconds=int(pred.expected),
                step_id=active_parts[0].step_id if active_parts else None,
                explanation={**pred.explanation, "p80_hours": round(pred.p80 / 3600, 2)},
                computed_at=now,
            )
        )
    with transaction.atomic():
        stale.delete()
        RiskScore.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["dossier"],
            update_fields=[
                "agency",
                "probability",
                "due_at",
                "left_seconds",
                "expected_seconds",
                "step",
                "explanation",
                "computed_at",
            ],
        )
    return len(rows)


# ---------------------------------------------------------------------------------------------
# Who sees which scores


def scores() -> Q:
    """The scores still meaningful: of dossiers open now."""
    return Q(dossier__state__in=SCORED_STATES)


def at_risk_count(agency_ids: Iterable[int]) -> int:
    """How many open dossiers of these agencies are predicted to miss their due time (the
    dashboard's figure: an aggregate of the unit the reader may report on)."""
    minimum = Decimal(str(threshold()))
    return RiskScore.objects.filter(
        scores(), agency_id__in=list(agency_ids), probability__gte=minimum
    ).count()


def at_risk_for(user, *, mine: bool, minimum: float = 0.0):
    """The risk scores `user` may read, highest first: `mine` = of the steps they hold (`steps.Pool`,
    via `selectors.my_steps`), else every dossier they may see (`access.visible_dossiers`: a
    leader's or unit head's subtree)."""
    from motcua.dossiers.access import visible_dossiers
    from motcua.dossiers.selectors import my_steps
    from motcua.org.auth import staff_of

    rows = RiskScore.objects.filter(scores(), dossier__in=visible_dossiers(user).values("pk"))
    if mine:
        staff = staff_of(user)
        if staff is None:
            return rows.none()
        rows = rows.filter(step__in=my_steps(staff).values("pk"))
    if minimum:
        rows = rows.filter(probability__gte=Decimal(str(minimum)))
    return rows.select_related(
        "dossier__procedure_version", "dossier__agency", "step__agency", "step__assignee"
    ).order_by("-probability", "due_at", "pk")
