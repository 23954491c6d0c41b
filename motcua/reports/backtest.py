"""The at-risk model's back-test on a recorded (or generated) history.

Train/test split in time: the step-duration history is learnt from the steps completed before
`split`; every dossier is then judged once, *one working day ahead*: at the first working-day
morning (08:00) after `split` at which it is open, not paused, and due within one working day
(workcal's time left on its agency's calendar, the due time as it stood then: the receipt's
promise, moved by the pauses ended and the extensions made before that moment). The model flags it
when its probability ≥ the threshold; the naive rule flags every dossier due within one working day.
It *missed* when it finished after its final promised time, or was extended after that moment (the
office itself foresaw the miss), or is still open after its promised time at `until`. Dossiers whose
end is not judged on time (withdrawn, stopped, refused) or not known yet are left out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from motcua.calendars.services import calendar_for, calendar_for_id
from motcua.dossiers.models import Dossier, DossierEvent, DossierPause, DossierStep
from motcua.dossiers.states import Action, State
from motcua.workcal import WorkcalError

from .periods import REPORTING_ZONE
from .risk import ONE_WORKING_DAY, SAMPLES, Load, learn, predict, situation

LEFT_OUT = (State.WITHDRAWN, State.STOPPED, State.REFUSED)


@dataclass
class Confusion:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, flagged: bool, late: bool) -> None:
        if flagged and late:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif late:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    def as_dict(self) -> dict:
        r = lambda v: None if v is None else round(v, 3)  # noqa: E731
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": r(self.precision),
            "recall": r(self.recall),
        }


@dataclass
class Result:
    judged: int = 0
    missed: int = 0
    naive: Confusion = field(default_factory=Confusion)
    model: dict[float, Confusion] = field(default_factory=dict)
    training_steps: int = 0
    #: (dossier id, moment judged, probability, missed) of every judged dossier
    cases: list[tuple[int, datetime, float, bool]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "judged": self.judged,
            "missed": self.missed,
            "training_steps": self.training_steps,
            "naive": self.naive.as_dict(),
            "model": {str(k): v.as_dict() for k, v in sorted(self.model.items())},
        }


def _mornings(first: dt.date, last: dt.date) -> list[datetime]:
    cal = calendar_for(None)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [datetime.combine(d, dt.time(8, 0), tzinfo=REPORTING_ZONE) for d in days if cal.is_working_day(d)]


def _promise_at(dossier: Dossier, t: datetime, events: Sequence, pauses: Sequence) -> datetime | None:
    """The promised time as it stood at `t` (the receipt's, moved by what happened before `t`)."""
    cal = calendar_for_id(dossier.agency_id)
    due: datetime | None = None
    moves = []
    for e in events:
        if e.at > t:
            break
        if e.action == Action.RECEIVE and e.data.get("due_at"):
            due = datetime.fromisoformat(e.data["due_at"])
        elif e.action == Action.EXTEND and e.data.get("new_due"):
            moves.append((e.at, "extend", datetime.fromisoformat(e.data["new_due"])))
    if due is None:
        due = dossier.original_due_at
    if due is None:
        return None
    for start, end in pauses:
        if end is not None and end <= t:
            moves.append((end, "pause", cal.elapsed(start, end)))
    for _at, kind, value in sorted(moves, key=lambda m: m[0]):
        due = value if kind == "extend" else cal.add_working_time(due, value)
    return due


def backtest(
    *,
    split: datetime,
    until: datetime,
    thresholds: Sequence[float] = (0.3, 0.5, 0.7),
    samples: int = SAMPLES,
) -> Result:
    history = learn(before=split)
    result = Result(model={th: Confusion() for th in thresholds}, training_steps=len(history.overall))
    dossiers = list(
        Dossier.objects.filter(received_at__isnull=False, received_at__lt=until, due_at__isnull=False)
        .exclude(state__in=LEFT_OUT)
        .exclude(finished_at__lt=split)
        .select_related("procedure_version", "agency")
    )
    ids = [d.pk for d in dossiers]
    steps_by: dict[int, list[DossierStep]] = defaultdict(list)
    events_by: dict[int, list[DossierEvent]] = defaultdict(list)
    pauses_by: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    all_steps = []
    for chunk in range(0, len(ids), 2000):
        part = ids[chunk : chunk + 2000]
        for s in (
            DossierStep.objects.filter(dossier_id__in=part).select_related("agency").order_by("order", "pk")
        ):
            steps_by[s.dossier_id].append(s)
            all_steps.append(s)
        for e in DossierEvent.objects.filter(
            dossier_id__in=part, action__in=(Action.RECEIVE, Action.EXTEND)
        ).order_by("at", "pk"):
            events_by[e.dossier_id].append(e)
        for p in DossierPause.objects.filter(dossier_id__in=part).order_by("started_at"):
            pauses_by[p.dossier_id].append((p.started_at, p.ended_at))
    load = Load.of(all_steps, since=split)
    mornings = _mornings(split.astimezone(REPORTING_ZONE).date(), until.astimezone(REPORTING_ZONE).date())
    mornings = [m for m in mornings if split <= m < until]
    for d in dossiers:
        cal = calendar_for_id(d.agency_id)
        pauses = pauses_by.get(d.pk, [])
        for t in mornings:
            if t < d.received_at:
                continue
            if d.finished_at is not None and d.finished_at <= t:
                break
            if any(a <= t and (b is None or b > t) for a, b in pauses):
                continue
            due = _promise_at(d, t, events_by.get(d.pk, []), pauses)
            if due is None:
                break
            try:
                left = cal.time_left(t, due)
            except WorkcalError:
                break
            if not (timedelta(0) < left <= ONE_WORKING_DAY):
                continue
            extended_later = any(e.action == Action.EXTEND and e.at > t for e in events_by.get(d.pk, []))
            if d.finished_at is not None:
                late = d.finished_at > d.due_at or extended_later
            elif d.due_at < until or extended_later:
                late = True
            else:
                break  # still open and not due yet: the outcome is not known
            try:
                sit = situation(d, steps_by.get(d.pk, []), pauses, t, due, history=history, load=load)
            except WorkcalError:
                break
            probability = predict(sit, history, samples=samples).probability
            result.cases.append((d.pk, t, probability, late))
            result.judged += 1
            result.missed += int(late)
            result.naive.add(True, late)
            for th, confusion in result.model.items():
                confusion.add(probability >= th, late)
            break
    return result
