"""Bottlenecks: where the time of a unit's dossiers goes, and which paths are slowest.

For every step completed in the period at the dossiers of a unit's subtree (workcal's working time
on the step agency's calendar, the dossier's pauses subtracted):
- *work*: from the step's start to its completion (the holder had it);
- *wait*: from the end of the stage before (the dossier's reception for the first one) to the step's
  start: the dossier lay between steps (hand-over, approval queue, a parallel sibling);
- *lateness caused*: the working time after the step's own due time, and how many steps were late.
They are summed per step (procedure × work), officer, unit and inter-agency hand-over (dossier's
agency → step's agency). Paths: the finished dossiers' step sequences per procedure, with their
count and processing times (received → finished, working time, pauses subtracted), slowest first.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from motcua.calendars.services import calendar_for_id
from motcua.dossiers.models import Dossier, DossierPause, DossierStep, StepState
from motcua.dossiers.states import State
from motcua.workcal import WorkcalError

from .periods import Period

HOUR = 3600.0


@dataclass
class Split:
    steps: int = 0
    work: float = 0.0  # working seconds in the steps
    wait: float = 0.0  # working seconds between steps
    late_steps: int = 0
    overrun: float = 0.0  # working seconds after the steps' due times

    def add(self, work: float, wait: float, overrun: float) -> None:
        self.steps += 1
        self.work += work
        self.wait += wait
        if overrun > 0:
            self.late_steps += 1
            self.overrun += overrun

    def as_dict(self) -> dict:
        n = self.steps or 1
        return {
            "steps": self.steps,
            "work_hours": round(self.work / HOUR, 2),
            "wait_hours": round(self.wait / HOUR, 2),
            "mean_work_hours": round(self.work / n / HOUR, 2),
            "mean_wait_hours": round(self.wait / n / HOUR, 2),
            "late_steps": self.late_steps,
            "overrun_hours": round(self.overrun / HOUR, 2),
        }


@dataclass
class StepTime:
    """One completed step's split (what the groupings sum)."""

    step_id: int
    dossier_id: int
    work: float
    wait: float
    overrun: float


def _pauses(dossier_ids: Iterable[int]) -> dict[int, list[tuple[datetime, datetime | None]]]:
    out: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for p in DossierPause.objects.filter(dossier_id__in=list(dossier_ids)).order_by("started_at"):
        out[p.dossier_id].append((p.started_at, p.ended_at))
    return out


def split_steps(
    dossier: Dossier, steps: Sequence[DossierStep], pauses: Sequence[tuple[datetime, datetime | None]]
) -> list[StepTime]:
    """The work / wait / overrun of each completed step of one dossier."""
    done = sorted(
        (s for s in steps if s.state == StepState.DONE and s.started_at and s.completed_at),
        key=lambda s: (s.order, s.started_at, s.pk),
    )
    out = []
    for s in done:
        cal = calendar_for_id(s.agency_id)
        before = [x.completed_at for x in done if x.order < s.order and x.completed_at <= s.started_at]
        previous_end = max(before) if before else (dossier.received_at or s.started_at)
        try:
            work = cal.elapsed(s.started_at, s.completed_at, pauses).total_seconds()
            wait = (
                cal.elapsed(previous_end, s.started_at, pauses).total_seconds()
                if s.started_at > previous_end
                else 0.0
            )
            overrun = (
                cal.elapsed(s.due_at, s.completed_at, pauses).total_seconds()
                if s.due_at is not None and s.completed_at > s.due_at
                else 0.0
            )
        except WorkcalError:
            continue
        out.append(StepTime(s.pk, dossier.pk, work, wait, overrun))
    return out


def _steps_of(dossier_ids: list[int]) -> dict[int, list[DossierStep]]:
    out: dict[int, list[DossierStep]] = defaultdict(list)
    for chunk in range(0, len(dossier_ids), 2000):
        rows = (
            DossierStep.objects.filter(dossier_id__in=dossier_ids[chunk : chunk + 2000])
            .select_related("agency", "unit", "completed_by__staff")
            .order_by("order", "pk")
        )
        for s in rows:
            out[s.dossier_id].append(s)
    return out


def bottlenecks(agency_ids: Iterable[int], period: Period) -> dict:
    """{"step" | "officer" | "unit" | "handover": [rows, most lateness first]} for the steps
    completed in `period` at the dossiers of `agency_ids`."""
    ids = list(
        Dossier.objects.filter(
            agency_id__in=list(agency_ids),
            steps__completed_at__gte=period.starts_at,
            steps__completed_at__lt=period.ends_at,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    dossiers = Dossier.objects.in_bulk(ids)
    procedures = dict(Dossier.objects.filter(pk__in=ids).values_list("pk", "procedure_version__name"))
    steps_by = _steps_of(ids)
    pauses = _pauses(ids)
    groups: dict[str, dict[tuple, Split]] = {
        k: defaultdict(Split) for k in ("step", "officer", "unit", "handover")
    }
    for pk in ids:
        dossier = dossiers[pk]
        by_id = {s.pk: s for s in steps_by.get(pk, [])}
        for t in split_steps(dossier, steps_by.get(pk, []), pauses.get(pk, ())):
            s = by_id[t.step_id]
            if not (period.starts_at <= s.completed_at < period.ends_at):
                continue
            groups["step"][(procedures[pk], s.work)].add(t.work, t.wait, t.overrun)
            who = getattr(getattr(s.completed_by, "staff", None), "full_name", "") if s.completed_by else ""
            groups["officer"][(who or (s.completed_by.get_username() if s.completed_by else "—"),)].add(
                t.work, t.wait, t.overrun
            )
            place = s.unit if s.unit is not None else s.agency
            groups["unit"][(place.code, place.name)].add(t.work, t.wait, t.overrun)
            if s.is_interagency or s.agency_id != dossier.agency_id:
                groups["handover"][(dossier.agency_id, s.agency.code, s.agency.name)].add(
                    t.work, t.wait, t.overrun
                )
    agencies = {}
    if groups["handover"]:
        from motcua.org.models import Agency

        agencies = Agency.objects.in_bulk({k[0] for k in groups["handover"]})
    names = {
        "step": lambda k: {"procedure": k[0], "work": k[1]},
        "officer": lambda k: {"officer": k[0]},
        "unit": lambda k: {"unit": k[0], "name": k[1]},
        "handover": lambda k: {
            "from": agencies[k[0]].code if k[0] in agencies else "",
            "to": k[1],
            "to_name": k[2],
        },
    }
    return {
        kind: sorted(
            ({**names[kind](key), **split.as_dict()} for key, split in rows.items()),
            key=lambda r: (-r["overrun_hours"], -(r["work_hours"] + r["wait_hours"])),
        )
        for kind, rows in groups.items()
    }


def slowest_paths(agency_ids: Iterable[int], period: Period, *, per_procedure: int = 5) -> list[dict]:
    """Per procedure, its variants (the step sequence of dossiers finished in `period`) with their
    count and processing working time (mean, 90th percentile, max), slowest (p90) first."""
    finished = list(
        Dossier.objects.filter(
            agency_id__in=list(agency_ids),
            state__in=(State.RESOLVED, State.RETURNED),
            finished_at__gte=period.starts_at,
            finished_at__lt=period.ends_at,
            received_at__isnull=False,
        ).values_list(
            "pk",
            "agency_id",
            "procedure_version__procedure_id",
            "procedure_version__name",
            "received_at",
            "finished_at",
        )
    )
    ids = [r[0] for r in finished]
    steps_by = _steps_of(ids)
    pauses = _pauses(ids)
    variants: dict[tuple[int, tuple[str, ...]], list[float]] = defaultdict(list)
    names: dict[int, str] = {}
    for pk, agency_id, procedure_id, name, received, done in finished:
        sequence = tuple(
            s.work
            for s in sorted(steps_by.get(pk, []), key=lambda s: (s.order, s.started_at or done, s.pk))
            if s.state == StepState.DONE
        )
        try:
            hours = (
                calendar_for_id(agency_id).elapsed(received, done, pauses.get(pk, ())).total_seconds() / HOUR
            )
        except WorkcalError:
            continue
        variants[(procedure_id, sequence)].append(hours)
        names[procedure_id] = name
    by_procedure: dict[int, list[dict]] = defaultdict(list)
    for (procedure_id, sequence), hours in variants.items():
        hours.sort()
        by_procedure[procedure_id].append(
            {
                "steps": list(sequence),
                "dossiers": len(hours),
                "mean_hours": round(statistics.fmean(hours), 2),
                "p90_hours": round(hours[int(0.9 * (len(hours) - 1))], 2),
                "max_hours": round(hours[-1], 2),
            }
        )
    return [
        {
            "procedure": names[pid],
            "variants": sorted(rows, key=lambda r: (-r["p90_hours"], -r["dossiers"]))[:per_procedure],
        }
        for pid, rows in sorted(by_procedure.items(), key=lambda kv: names[kv[0]])
    ]
