"""Every indicator of the index for an agency subtree and a period, from MotCua's own records.

Each rule returns a `Measure`: the ids in the numerator and in the denominator (dossiers,
procedure versions or feedback items), so that every figure drills down to what is behind it. The
dossier facts (online payment, digitised or reused papers, e-result, VNeID account) are the
national sync record's (`dossiers.sync.with_sync_flags`), so the index and the record never differ.

Rules across indicators (reference index-766.md):
- no denominator, or no source yet: N/A, never 0 nor full marks;
- ratio = numerator ÷ denominator in percent, 2 decimals, half up;
- score = the maximum at or above the threshold, else ratio × maximum ÷ threshold (no threshold:
  ratio × maximum ÷ 100); 2 decimals;
- the total is 100 × Σ scores ÷ Σ maxima of the indicators that could be scored (an N/A indicator
  neither costs nor gives points); None when none could.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import ApplicantType, FeeItem, ProcedureVersion, Requirement, TimeUnit
from motcua.catalog.models import Channel as CatalogChannel
from motcua.catalog.selectors import in_force_q
from motcua.dossiers import national_sync
from motcua.dossiers.models import (
    Dossier,
    DossierPause,
    DossierRating,
    Level,
    PaperSource,
    PauseKind,
    StoredDocument,
)
from motcua.dossiers.states import FINISHED_STATES, Channel, State
from motcua.dossiers.sync import with_sync_flags
from motcua.feedback import selectors as feedback_selectors
from motcua.org.auth import subtree_ids
from motcua.org.models import Agency

from ..counts import RESOLVED
from ..periods import REPORTING_ZONE, Period
from . import methodology as methodology_module
from .methodology import Indicator, Plan, cents

HUNDRED = Decimal(100)
DOSSIER, PROCEDURE, FEEDBACK = "dossier", "procedure", "feedback"
ONLINE_SERVICE_CHANNELS = (CatalogChannel.ONLINE_FULL, CatalogChannel.ONLINE_PARTIAL, CatalogChannel.ONLINE)
#: More supplement requests than this make a dossier overdue in the index (DOMAIN.md §2).
MAX_SUPPLEMENT_REQUESTS = 1


@dataclass
class Measure:
    kind: str
    denominator: set[int]
    numerator: set[int] | None  # None: no source for it yet (N/A)
    #: A numerator that is not a count (2.2: the sum of per-dossier shares); else len(numerator).
    value: Decimal | None = None
    note: str = ""


@dataclass
class Metric:
    code: str
    name: str
    group: str
    kind: str
    numerator: Decimal | int | None
    denominator: int
    ratio: Decimal | None
    score: Decimal | None
    max_score: Decimal
    threshold: Decimal | None
    note: str
    numerator_ids: set[int] = field(repr=False)
    denominator_ids: set[int] = field(repr=False)

    @property
    def missing(self) -> Decimal:
        """Points missing to full marks (0 for N/A: nothing to gain that can be measured)."""
        return Decimal(0) if self.score is None else cents(self.max_score) - self.score

    @property
    def costing_ids(self) -> set[int]:
        """What keeps the indicator below full marks: in the denominator, not in the numerator."""
        return self.denominator_ids - self.numerator_ids


@dataclass
class GroupResult:
    code: str
    name: str
    points: Decimal
    max_score: Decimal
    metrics: list[Metric]

    @property
    def score(self) -> Decimal | None:
        scored = [m.score for m in self.metrics if m.score is not None]
        return sum(scored, Decimal(0)) if scored else None


@dataclass
class Evaluation:
    unit: Agency | None
    agency_ids: list[int]
    period: Period
    plan: Plan
    groups: list[GroupResult]

    @property
    def metrics(self) -> list[Metric]:
        return [m for g in self.groups for m in g.metrics]

    def metric(self, code: str) -> Metric:
        return next(m for m in self.metrics if m.code == code)

    @property
    def scored_max(self) -> Decimal:
        return sum((cents(m.max_score) for m in self.metrics if m.score is not None), Decimal(0))

    @property
    def total(self) -> Decimal | None:
        scored = [m for m in self.metrics if m.score is not None]
        if not scored:
            return None
        return cents(HUNDRED * sum((m.score for m in scored), Decimal(0)) / self.scored_max)


def ratio_of(numerator: Decimal | int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return cents(HUNDRED * Decimal(numerator) / denominator)


def score_of(ratio: Decimal | None, max_score: Decimal, threshold: Decimal | None) -> Decimal | None:
    """Full marks at or above the threshold, else ratio × maximum ÷ threshold (÷ 100 without one)."""
    if ratio is None:
        return None
    bar = threshold if threshold else HUNDRED
    if ratio >= bar:
        return cents(max_score)
    return cents(ratio * max_score / bar)


# ---------------------------------------------------------------------------------------------
# The populations


class Scope:
    """The subtree's dossiers and procedures for the period, read once and shared by the rules."""

    def __init__(self, agency_ids: list[int], period: Period, level: str):
        self.agency_ids, self.period, self.level = agency_ids, period, level
        self._cache: dict[str, object] = {}

    def _once(self, key: str, compute: Callable[[], object]):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @property
    def dossiers(self) -> QuerySet[Dossier]:
        # No ORDER BY: the rules read sets, and sorting a month of dossiers cost a second at 1M.
        return Dossier.objects.filter(agency_id__in=self.agency_ids).order_by()

    def feedback_rows(self) -> list[feedback_selectors.IndexRow]:
        """The feedback items received in the period (5.1–5.3 share them)."""
        period = self.period
        return self._once(
            "feedback",
            lambda: feedback_selectors.index_rows(self.agency_ids, period.starts_at, period.ends_at),
        )

    def received(self) -> list[dict]:
        """The dossiers received in the period, with the sync record's flags."""
        start, end = self.period.starts_at, self.period.ends_at

        def read():
            rows = with_sync_flags(self.dossiers.filter(received_at__gte=start, received_at__lt=end))
            rows = rows.annotate(synced=national_sync.acknowledged_q())
            return list(
                rows.values(
                    "pk",
                    "synced",
                    "channel",
                    "applicant__kind",
                    "procedure_version_id",
                    "procedure_version__procedure_id",
                    "procedure_version__result_paper",
                    "paid_online",
                    "has_digitised_paper",
                    "has_reused_paper",
                    "e_result",
                    "vneid_account",
                )
            )

        return self._once("received", read)

    def resolved(self) -> list[dict]:
        """The dossiers resolved (9) or returned (10) in the period (`finished_at` in it)."""
        start, end = self.period.starts_at, self.period.ends_at

        def read():
            kept = StoredDocument.objects.filter(dossier=OuterRef("pk"), source=PaperSource.EARLIER_RESULT)
            rows = with_sync_flags(
                self.dossiers.filter(state__in=RESOLVED, finished_at__gte=start, finished_at__lt=end)
            ).annotate(result_in_store=Exists(kept))
            # The two durations of 2.2, not the three timestamps: PostgreSQL intervals load in C,
            # while every timestamp passes through Django's time-zone loader in Python.
            rows = rows.annotate(
                allowed=ExpressionWrapper(F("due_at") - F("received_at"), output_field=DurationField()),
                taken=ExpressionWrapper(F("finished_at") - F("received_at"), output_field=DurationField()),
            )
            return list(
                rows.values(
                    "pk",
                    "allowed",
                    "taken",
                    "procedure_version__result_paper",
                    "all_papers_digitised",
                    "e_result",
                    "result_in_store",
                )
            )

        return self._once("resolved", read)

    def versions(self) -> list[ProcedureVersion]:
        """The procedure versions the subtree implements, in force on the period's last day."""

        def read():
            requirements = Requirement.objects.filter(version=OuterRef("pk"))
            charged = FeeItem.objects.filter(version=OuterRef("pk")).filter(
                Q(amount_vnd__gt=0) | (Q(amount_vnd__isnull=True) & ~Q(text=""))
            )
            unpriced = FeeItem.objects.filter(version=OuterRef("pk"), amount_vnd__isnull=True, rule={})
            qs = (
                ProcedureVersion.objects.filter(in_force_q(self.period.end))
                .filter(
                    Exists(
                        ProcedureVersion.implementing_agencies.through.objects.filter(
                            procedureversion_id=OuterRef("pk"), agency_id__in=self.agency_ids
                        )
                    )
                )
                .annotate(
                    has_requirements=Exists(requirements),
                    has_charge=Exists(charged),
                    has_unpriced_fee=Exists(unpriced),
                )
            )
            return list(qs)

        return self._once("versions", read)

    def fee_bearing_versions(self) -> set[int]:
        """Versions with a fee whose `Gia` (sync.py: the amount, or 0) is not zero."""
        return self._once(
            "fee_bearing",
            lambda: set(
                FeeItem.objects.filter(amount_vnd__gt=0).values_list("version_id", flat=True).distinct()
            ),
        )

    def processing_ends(self) -> dict[int, tuple[dt.datetime, bool, bool]]:
        """{dossier: (end of processing, late, early)} for the dossiers whose processing ended in the
        period by the index's rule (2.1): the first closing state reached (resolved > returned >
        stopped / refused; a withdrawal only once received) at `finished_at`; a dossier waiting for a
        supplement at the period's end ends at the request; a dossier open at the period's end ends
        there. Late: the end after `due_at` (the paused time is already in it), or more than one
        supplement request. Early: ended on a date before the due date, not late."""
        return self._once("ends", self._processing_ends)

    def _processing_ends(self):
        # In the database, one row of (dossier, late, early) each: at a million dossiers a month's
        # candidates are ~100,000 rows, and reading their five timestamps into Python cost seconds.
        start, end = self.period.starts_at, self.period.ends_at
        at_field = DateTimeField()
        waiting_since = (
            DossierPause.objects.filter(dossier=OuterRef("pk"), kind=PauseKind.SUPPLEMENT, started_at__lt=end)
            .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=end))
            .order_by("-started_at")
            .values("started_at")[:1]
        )
        closed = Q(state__in=[*FINISHED_STATES, State.RETURNED])
        rows = (
            # Three arms, each on the (agency, finished_at) index: still open, finished since the
            # start, refused at intake in the period.
            self.dossiers.filter(
                Q(received_at__lt=end, finished_at__isnull=True)
                | Q(received_at__lt=end, finished_at__gte=start)
                | Q(state=State.REFUSED, finished_at__gte=start, finished_at__lt=end)
            )
            .exclude(state=State.SUBMITTED)
            .exclude(state=State.WITHDRAWN, received_at__isnull=True)
            .annotate(
                finished=Coalesce(
                    "finished_at",
                    Case(When(state=State.RETURNED, then=F("returned_at")), output_field=at_field),
                ),
                waiting_since=Subquery(waiting_since, output_field=at_field),
            )
            .annotate(
                # Ended by closing before the period's end; else at the supplement request it waits
                # on; else (received, still open at the end) at the period's end.
                closed_at=Case(
                    When(closed & Q(finished__isnull=False, finished__lt=end), then=F("finished")),
                    output_field=at_field,
                )
            )
            .annotate(
                at=Coalesce(
                    "closed_at",
                    "waiting_since",
                    Case(When(received_at__isnull=False, then=Value(end)), output_field=at_field),
                ),
                is_open=ExpressionWrapper(
                    Q(closed_at__isnull=True, waiting_since__isnull=True, received_at__isnull=False),
                    output_field=BooleanField(),
                ),
            )
            .filter(at__gte=start, at__lte=end)
            .exclude(at=end, is_open=False)
            .annotate(
                late=ExpressionWrapper(
                    Q(supplement_requests__gt=MAX_SUPPLEMENT_REQUESTS)
                    | (
                        Q(due_at__isnull=False)
                        & ((Q(is_open=True) & Q(due_at__lt=end)) | (Q(is_open=False) & Q(at__gt=F("due_at"))))
                    ),
                    output_field=BooleanField(),
                ),
                at_date=TruncDate("at", tzinfo=REPORTING_ZONE),
                due_date=TruncDate("due_at", tzinfo=REPORTING_ZONE),
            )
            .annotate(
                early=ExpressionWrapper(
                    Q(late=False, is_open=False, due_at__isnull=False, at_date__lt=F("due_date")),
                    output_field=BooleanField(),
                )
            )
            .order_by()
            .values_list("pk", "late", "early")
        )
        return {pk: (None, bool(late), bool(early)) for pk, late, early in rows}


# ---------------------------------------------------------------------------------------------
# The rules, one per `IndexIndicator.rule`

NO_DECISION_DATE = gettext_lazy(
    "MotCua chưa ghi ngày ban hành quyết định công bố TTHC: chưa tính được; mẫu số là các TTHC có hiệu lực trong kỳ."
)


def _ids(rows: Iterable[dict], test: Callable[[dict], bool] = lambda r: True) -> set[int]:
    return {r["pk"] for r in rows if test(r)}


def _versions_effective_in(scope: Scope) -> list[ProcedureVersion]:
    period = scope.period
    return [
        v for v in scope.versions() if v.effective_from and period.start <= v.effective_from <= period.end
    ]


def published_on_time(scope: Scope, indicator: Indicator) -> Measure:
    return Measure(PROCEDURE, {v.pk for v in _versions_effective_in(scope)}, None, note=str(NO_DECISION_DATE))


def publicised_on_time(scope: Scope, indicator: Indicator) -> Measure:
    """Versions that took effect in the period, made public in the catalogue (`published_at`) no
    later than `after_effective_days` days after their effective date (the decision's date is not
    recorded: the effective date stands for it)."""
    days = int(indicator.params.get("after_effective_days", 0))
    versions = _versions_effective_in(scope)
    on_time = {
        v.pk
        for v in versions
        if v.published_at is not None
        and timezone.localtime(v.published_at, REPORTING_ZONE).date()
        <= v.effective_from + dt.timedelta(days=days)
    }
    return Measure(PROCEDURE, {v.pk for v in versions}, on_time)


def _complete(version: ProcedureVersion) -> bool:
    """Decree 63/2010 art. 8(2): name, steps, channels, papers and their number, time limit,
    applicants, implementing agency."""
    timed = version.time_unit == TimeUnit.SAME_DAY or (
        version.time_amount is not None and bool(version.time_unit)
    )
    return bool(
        version.name
        and version.steps.strip()
        and version.channels
        and version.has_requirements  # type: ignore[attr-defined]
        and timed
        and (version.applicant_types or version.applicants_text.strip())
    )


def published_completely(scope: Scope, indicator: Indicator) -> Measure:
    versions = scope.versions()
    return Measure(PROCEDURE, {v.pk for v in versions}, {v.pk for v in versions if _complete(v)})


def synced(scope: Scope, indicator: Indicator) -> Measure:
    """Dossiers received in the period (NgayTiepNhan) that the national portal acknowledged at
    least one record of, over the dossiers received in the period. The reference divides by
    max(the portal's count, the national reporting system's count): MotCua's own count stands for
    the reporting system's, and the portal cannot hold more of our dossiers than we sent it (the
    reconciliation, dossiers.national_reconcile, compares the two and re-sends the difference)."""
    rows = scope.received()
    return Measure(DOSSIER, _ids(rows), _ids(rows, lambda r: r["synced"]))


def on_time(scope: Scope, indicator: Indicator) -> Measure:
    ends = scope.processing_ends()
    return Measure(DOSSIER, set(ends), {pk for pk, (_at, late, _early) in ends.items() if not late})


def resolution_time(scope: Scope, indicator: Indicator) -> Measure:
    """Per dossier resolved in the period: the share min(1, time allowed ÷ time taken), both from
    receipt (allowed: to `due_at`, which holds the legal time plus the pauses; taken: to the end of
    processing); numerator = Σ shares, so the ratio is the mean share in percent."""
    rows = [r for r in scope.resolved() if r["allowed"] is not None]
    total, within = Decimal(0), set()
    for r in rows:
        allowed = r["allowed"].total_seconds()
        taken = r["taken"].total_seconds()
        if taken <= allowed:
            total += 1
            within.add(r["pk"])
        else:
            total += Decimal(str(max(allowed, 0) / taken))
    return Measure(DOSSIER, _ids(rows), within, value=cents(total))


def _online_versions(scope: Scope) -> list[ProcedureVersion]:
    return [v for v in scope.versions() if set(v.channels) & set(ONLINE_SERVICE_CHANNELS)]


def online_services(scope: Scope, indicator: Indicator) -> Measure:
    return Measure(PROCEDURE, {v.pk for v in scope.versions()}, {v.pk for v in _online_versions(scope)})


def online_services_used(scope: Scope, indicator: Indicator) -> Measure:
    used = {r["procedure_version__procedure_id"] for r in scope.received() if r["channel"] == Channel.ONLINE}
    services = _online_versions(scope)
    return Measure(PROCEDURE, {v.pk for v in services}, {v.pk for v in services if v.procedure_id in used})


def online_dossiers(scope: Scope, indicator: Indicator) -> Measure:
    """Online (`KenhThucHien` = 2), and with an e-result when the procedure's result is on paper.
    The reference multiplies by the sync ratio (1.4): not recorded yet, taken as 1."""
    rows = scope.received()
    online = _ids(
        rows,
        lambda r: (
            r["channel"] == Channel.ONLINE and (not r["procedure_version__result_paper"] or r["e_result"])
        ),
    )
    return Measure(DOSSIER, _ids(rows), online)


def payable_procedures(scope: Scope, indicator: Indicator) -> Measure:
    """Procedures with a charge (an amount, or a published text without one) whose every fee the
    gateway can charge (an amount or a fee rule)."""
    charged = [v for v in scope.versions() if v.has_charge]  # type: ignore[attr-defined]
    return Measure(
        PROCEDURE,
        {v.pk for v in charged},
        {v.pk for v in charged if not v.has_unpriced_fee},  # type: ignore[attr-defined]
    )


def paid_online(scope: Scope, indicator: Indicator) -> Measure:
    fee_bearing = scope.fee_bearing_versions()
    rows = [r for r in scope.received() if r["procedure_version_id"] in fee_bearing]
    return Measure(DOSSIER, _ids(rows), _ids(rows, lambda r: r["paid_online"]))


def e_results(scope: Scope, indicator: Indicator) -> Measure:
    rows = [r for r in scope.resolved() if r["procedure_version__result_paper"]]
    return Measure(DOSSIER, _ids(rows), _ids(rows, lambda r: r["e_result"]))


def digitised(scope: Scope, indicator: Indicator) -> Measure:
    rows = scope.resolved()
    return Measure(
        DOSSIER,
        _ids(rows),
        _ids(
            rows,
            lambda r: (
                r["all_papers_digitised"] and (not r["procedure_version__result_paper"] or r["e_result"])
            ),
        ),
    )


def digitised_data_used(scope: Scope, indicator: Indicator) -> Measure:
    rows = scope.received()
    return Measure(DOSSIER, _ids(rows), _ids(rows, lambda r: r["has_digitised_paper"]))


def store_connected(scope: Scope, indicator: Indicator) -> Measure:
    """A paper taken from the store (`DuocLayTuKhoDMQG`) or, for the dossiers resolved in the
    period, the e-result kept in the applicant's store; over the dossiers received or resolved."""
    received, resolved = scope.received(), scope.resolved()
    return Measure(
        DOSSIER,
        _ids(received) | _ids(resolved),
        _ids(received, lambda r: r["has_reused_paper"]) | _ids(resolved, lambda r: r["result_in_store"]),
    )


def population_data(scope: Scope, indicator: Indicator) -> Measure:
    rows = [r for r in scope.received() if r["applicant__kind"] == ApplicantType.CITIZEN]
    return Measure(DOSSIER, _ids(rows), _ids(rows, lambda r: r["vneid_account"]))


def feedback(scope: Scope, indicator: Indicator) -> Measure:
    """5.1–5.3 over the feedback items received in the period (feedback.selectors.index_rows: a
    linked repeat counted once, against its first): 5.1 classified; 5.2 every legal period kept;
    5.3 (items − disliked − overdue − repeated) ÷ items, an item costing once whatever its faults."""
    rows = scope.feedback_rows()
    everything = {r.pk for r in rows}
    if indicator.code == "5.1":
        kept = {r.pk for r in rows if r.classified}
    elif indicator.code == "5.2":
        kept = {r.pk for r in rows if r.on_time}
    else:
        kept = {r.pk for r in rows if r.on_time and not r.disliked and not r.repeated}
    return Measure(FEEDBACK, everything, kept)


def satisfaction(scope: Scope, indicator: Indicator) -> Measure:
    """100% − (% overdue + % with a complaint or a dislike), over 2.1's dossiers: a dossier late,
    complained about and disliked counts once."""
    ends = scope.processing_ends()
    late = {pk for pk, (_at, is_late, _early) in ends.items() if is_late}
    disliked = set(
        # The subtree's dislikes (few), kept where the dossier is one of 2.1's: no list of every
        # dossier id in the query.
        DossierRating.objects.filter(
            dossier__agency_id__in=scope.agency_ids, overall=Level.NOT_SATISFIED
        ).values_list("dossier_id", flat=True)
    ) & set(ends)
    complained = feedback_selectors.dossiers_with_feedback(ends)
    return Measure(DOSSIER, set(ends), set(ends) - late - disliked - complained)


RULES: dict[str, Callable[[Scope, Indicator], Measure]] = {
    "published_on_time": published_on_time,
    "publicised_on_time": publicised_on_time,
    "published_completely": published_completely,
    "synced": synced,
    "on_time": on_time,
    "resolution_time": resolution_time,
    "online_services": online_services,
    "online_services_used": online_services_used,
    "online_dossiers": online_dossiers,
    "payable_procedures": payable_procedures,
    "paid_online": paid_online,
    "e_results": e_results,
    "digitised": digitised,
    "digitised_data_used": digitised_data_used,
    "store_connected": store_connected,
    "population_data": population_data,
    "feedback": feedback,
    "satisfaction": satisfaction,
}


# ---------------------------------------------------------------------------------------------
# Evaluation, ranking, how to gain points


def metric_of(indicator: Indicator, measure: Measure) -> Metric:
    denominator = len(measure.denominator)
    if measure.numerator is None:
        numerator, ratio, note = None, None, measure.note
    else:
        numerator = measure.value if measure.value is not None else len(measure.numerator)
        ratio = ratio_of(numerator, denominator)
        note = measure.note or ("" if denominator else _("Không có mẫu số: không tính điểm (N/A)."))
    return Metric(
        code=indicator.code,
        name=indicator.name,
        group=indicator.group,
        kind=measure.kind,
        numerator=numerator,
        denominator=denominator,
        ratio=ratio,
        score=score_of(ratio, indicator.max_score, indicator.threshold),
        max_score=indicator.max_score,
        threshold=indicator.threshold,
        note=note,
        numerator_ids=measure.numerator or set(),
        denominator_ids=measure.denominator,
    )


def root_of(agency_ids: list[int]) -> Agency | None:
    """The top of a subtree given by its ids (the agency whose parent is outside it)."""
    agencies = list(Agency.objects.filter(pk__in=agency_ids))
    inside = {a.pk for a in agencies}
    roots = [a for a in agencies if a.parent_id not in inside]
    return roots[0] if len(roots) == 1 else None


def evaluate_ids(agency_ids: list[int], period: Period, unit: Agency | None = None) -> Evaluation:
    unit = unit or root_of(agency_ids)
    level = methodology_module.level_of(unit) if unit is not None else "province"
    plan = methodology_module.plan(methodology_module.in_force(period.end), level)
    scope = Scope(agency_ids, period, level)
    metrics = {i.code: metric_of(i, RULES[i.rule](scope, i)) for i in plan.indicators}
    groups = [
        GroupResult(
            code=g.code,
            name=g.name,
            points=g.points,
            max_score=g.max_score,
            metrics=[metrics[i.code] for i in plan.indicators if i.group == g.code],
        )
        for g in plan.groups
    ]
    return Evaluation(unit=unit, agency_ids=agency_ids, period=period, plan=plan, groups=groups)


def evaluate(unit: Agency, period: Period) -> Evaluation:
    """The index of `unit`'s subtree for `period`, by the methodology in force on its last day."""
    return evaluate_ids(subtree_ids(unit.pk), period, unit)


@dataclass
class Ranked:
    rank: int | None
    unit: Agency
    evaluation: Evaluation


def ranking(parent: Agency, period: Period) -> list[Ranked]:
    """The agencies directly under `parent` (existing on the period's last day), each scored on its
    own subtree the same way, best first; equal totals share a rank; unscored ones last, unranked."""
    children = Agency.objects.filter(parent=parent).valid_on(period.end).order_by("code")
    evaluations = [evaluate(child, period) for child in children]
    evaluations.sort(key=lambda e: (e.total is None, -(e.total or 0), e.unit.code if e.unit else ""))
    ranked: list[Ranked] = []
    previous, rank = None, 0
    for position, evaluation in enumerate(evaluations, start=1):
        if evaluation.total is None:
            ranked.append(Ranked(None, evaluation.unit, evaluation))  # type: ignore[arg-type]
            continue
        if evaluation.total != previous:
            rank, previous = position, evaluation.total
        ranked.append(Ranked(rank, evaluation.unit, evaluation))  # type: ignore[arg-type]
    return ranked


def how_to_gain(evaluation: Evaluation, limit: int = 5) -> list[Metric]:
    """The scored indicators furthest from full marks (points missing, most first)."""
    return sorted((m for m in evaluation.metrics if m.missing > 0), key=lambda m: (-m.missing, m.code))[
        :limit
    ]
