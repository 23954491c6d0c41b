"""Read side of the dossiers, shared by the REST API and the officers' workspace.

Scoping (who may see what) is `access.visible_dossiers`, re-exported here for older callers.

Every query uses indexes that exist: (agency, state, due_at), (agency, received_at), the step
queues (state, agency, due_at) and (state, assignee, due_at), the unique code, the applicant's
ID number and, on PostgreSQL, a trigram index for names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth.models import User
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from motcua.calendars.services import calendar_for_id
from motcua.catalog.models import ProcedureVersion
from motcua.core.choices import choice_label
from motcua.core.text import fold
from motcua.org.models import Agency, Role, Staff
from motcua.workcal import WorkCalendar

from . import deadlines, transitions
from .access import WIDE_ROLES, can_see, served_agency_ids, subtree_ids, visible_dossiers  # noqa: F401
from .models import Dossier, DossierEvent, DossierExternalCode, DossierStep, ReturnPlace, StepState
from .states import Action, State
from .steps import BLOCKING, Pool

if TYPE_CHECKING:  # types only: the annotated rows of `state_disagreements`
    from django_stubs_ext import WithAnnotations


class LastToState(TypedDict):
    last_to_state: int | None


#: The dossiers a desk officer's queue lists: to receive, to hand over, to return, and those paused
#: waiting for the applicant (a supplement or a fee): the applicant comes back to the desk with it.
DESK_STATES = (
    State.SUBMITTED,
    State.RECEIVED,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_FEES,
    State.RESOLVED,
)
#: Who follows the agency's open dossiers without acting on them, and which dossiers they follow
#: (the paused ones included: a supplement or a fee the applicant owes).
WATCH_ROLES = frozenset({Role.CONTROL_OFFICER, Role.ADMINISTRATOR})
WATCH_STATES = (
    State.RECEIVED,
    State.PROCESSING,
    State.SUPPLEMENT_REQUESTED,
    State.AWAITING_FEES,
    State.RESOLVED,
)
#: What a line of the queue asks for, by the dossier's state: the act the officer does next.
_DESK_TASKS: dict[str, dict[int, Action]] = {
    "desk": {
        State.SUBMITTED: Action.RECEIVE,
        State.RECEIVED: Action.START_PROCESSING,
        State.SUPPLEMENT_REQUESTED: Action.SUPPLEMENT,
        State.AWAITING_FEES: Action.PAY_FEES,
        State.RESOLVED: Action.DELIVER,
    },
    "approval": {State.PROCESSING: Action.RESOLVE},
}


def link_applicant_account(*, user: User, id_number: str) -> int:
    """Link the applicant records of a personal ID number to a citizen's account. Call it only
    after the identity provider (VNeID) has verified that the user holds that number. A writer kept
    here for its callers: the link is `applicants.link_account`, recorded as an ApplicantEvent."""
    from .applicants import link_account

    return link_account(user=user, id_number=id_number)


# ---------------------------------------------------------------------------------------------
# "My work"


@dataclass(frozen=True)
class WorkItem:
    dossier: Dossier
    step: DossierStep | None  # None: a dossier waiting at the desk or for approval
    task: str  # what to do: the step's work, or the action expected
    due_at: dt.datetime | None
    time_left: dt.timedelta | None
    colour: str  # on_track / due_within_a_day / overdue

    @property
    def overdue(self) -> bool:
        return self.colour == "overdue"


def supplement_request_items(dossier: Dossier) -> list[dict]:
    """The items ({"what", "reason"}) of the dossier's last supplement request: what the supplement
    answering it should bring. Empty when there is no request or it was recorded without items."""
    event = (
        DossierEvent.objects.filter(dossier=dossier, action=Action.REQUEST_SUPPLEMENT)
        .order_by("-at", "-id")
        .only("data")
        .first()
    )
    return list((event.data or {}).get("items") or []) if event is not None else []


def colour_for(time_left: dt.timedelta | None) -> str:
    return deadlines.colour(time_left)


def my_steps(staff: Staff, roles: set[str] | None = None) -> QuerySet[DossierStep]:
    """Active steps of running dossiers that are `staff`'s (`steps.Pool`, the same rule as
    `steps.may_act_on_step`): assigned to them by name, or unassigned at their agency (and their
    unit, when the step names one) and naming one of their roles; the steps naming no role go to
    the holders of a processing role. Desk officers get the desk's steps ("Bộ phận Một cửa") this
    way; the rest of their queue is the desk's dossiers (`work_queue`)."""
    roles = roles if roles is not None else {r.role for r in staff.roles.all()}
    return (
        DossierStep.objects.filter(
            Pool.of(staff, roles).q(), state=StepState.ACTIVE, dossier__state=State.PROCESSING
        )
        .select_related("dossier__applicant", "dossier__procedure_version", "dossier__agency", "agency")
        .order_by("due_at", "id")
    )


def _slim(prefix: str, model: type[Model], keep: set[str]) -> list[str]:
    """The fields of a select_related `model` a queue row does not show (procedure versions and
    agencies carry kilobytes of text each: 2.4 MB per 200-row queue, most of the query's time)."""
    return [
        f"{prefix}{f.name}" for f in model._meta.concrete_fields if not f.primary_key and f.name not in keep
    ]


VERSION_SHOWN = {"procedure", "name", "number", "state"}
AGENCY_SHOWN = {"code", "name", "short_name", "level", "parent"}


def row_defer(prefix: str = "") -> list[str]:
    """`defer()` arguments for a dossier row's procedure version and agency: only what a list shows."""
    return [
        *_slim(f"{prefix}procedure_version__", ProcedureVersion, VERSION_SHOWN),
        *_slim(f"{prefix}agency__", Agency, AGENCY_SHOWN),
    ]


@dataclass(frozen=True)
class WorkEntry:
    """One line of an officer's queue, from a few columns: enough to sort, colour and count it."""

    kind: str  # "step" (an active step), "desk" (waits at the desk), "approval" (waits for approval), "watch" (followed)
    pk: int  # the step's pk for "step", else the dossier's
    dossier_id: int
    dossier_state: int
    submitted_at: dt.datetime | None
    due_at: dt.datetime | None
    time_left: dt.timedelta | None
    colour: str

    @property
    def sort_key(self):
        return (self.due_at or self.submitted_at or _FAR, self.dossier_id)


_FAR = dt.datetime.max.replace(tzinfo=dt.UTC)


#: What a queue line reads of its dossier and step (anything else is read only when asked for):
#: a page of 50 steps with their dossiers, applicants, versions and agencies was 700 timestamps.
DOSSIER_ROW_FIELDS = (
    "code",
    "state",
    "channel",
    "submitted_at",
    "due_at",
    "agency",
    "procedure_version__name",
    "procedure_version__number",
    "procedure_version__procedure",
    # The applicant as given for the dossier (Dossier.contact), and the shared record it falls back
    # to for dossiers recorded before the details were kept (issue 8).
    "applicant_details",
    "applicant__kind",
    "applicant__full_name",
    "applicant__organisation",
    "applicant__id_number",
    "applicant__tax_code",
    "applicant__date_of_birth",
    "applicant__address",
    "applicant__phone",
    "applicant__email",
)
STEP_ROW_FIELDS = (
    "order",
    "work",
    "state",
    "due_at",
    "unit",
    "assignee",
    "position",
    "agency__code",
    "agency__name",
)


@dataclass
class WorkQueue:
    """An officer's whole queue as light entries (most urgent first), and the full rows of any
    slice of it: a page shows 50 of up to 200 lines, and only those 50 are loaded as objects."""

    entries: list[WorkEntry]

    def items(self, start: int = 0, stop: int | None = None) -> list[WorkItem]:
        chosen = self.entries[start:stop]
        step_ids = [e.pk for e in chosen if e.kind == "step"]
        dossier_ids = [e.pk for e in chosen if e.kind != "step"]
        steps: dict[int, DossierStep] = {}
        if step_ids:
            step_rows = DossierStep.objects.filter(pk__in=step_ids).select_related(
                "dossier__applicant", "dossier__procedure_version", "agency"
            )
            # the row shows the step's agency, not the dossier's
            fields = [*STEP_ROW_FIELDS, *(f"dossier__{f}" for f in DOSSIER_ROW_FIELDS)]
            steps = {s.pk: s for s in step_rows.only(*fields)}
        dossiers: dict[int, Dossier] = {}
        if dossier_ids:
            rows = Dossier.objects.filter(pk__in=dossier_ids).select_related(
                "applicant", "procedure_version", "agency"
            )
            dossiers = {d.pk: d for d in rows.only(*DOSSIER_ROW_FIELDS, "agency__code", "agency__name")}
        items = []
        for e in chosen:
            step = steps.get(e.pk) if e.kind == "step" else None
            dossier = step.dossier if step is not None else dossiers.get(e.pk) if e.kind != "step" else None
            if dossier is None:  # finished between the two reads: the next refresh drops the line
                continue
            if step is not None:
                task = step.work
            else:
                task = choice_label(Action, _DESK_TASKS.get(e.kind, {}).get(e.dossier_state, Action.RESOLVE))
            items.append(WorkItem(dossier, step, task, e.due_at, e.time_left, e.colour))
        return items


def work_queue(staff: Staff, now: dt.datetime, *, limit: int = 200) -> WorkQueue:
    """The officer's queue, most urgent first: their active steps; for desk officers the dossiers
    waiting at the desk (new online submissions, received, paused for the applicant's supplement or
    fee, results to hand over); for approvers the
    dossiers whose process is finished and waits for approval. Time left is working time, in the
    calendar of the agency that holds the line (the step's agency, or the dossier's)."""
    roles = {r.role for r in staff.roles.all()}
    calendars: dict[int, WorkCalendar] = {}
    entries: list[WorkEntry] = []

    def add(
        kind: str,
        pk: int,
        dossier_id: int,
        state: int,
        submitted_at: dt.datetime | None,
        due_at: dt.datetime | None,
        agency_id: int,
    ) -> None:
        remaining = None
        if due_at is not None:
            calendar = calendars.get(agency_id) or calendars.setdefault(agency_id, calendar_for_id(agency_id))
            remaining = calendar.time_left(now, due_at)
        entries.append(
            WorkEntry(kind, pk, dossier_id, state, submitted_at, due_at, remaining, colour_for(remaining))
        )

    columns = ("pk", "dossier_id", "dossier__state", "dossier__submitted_at", "due_at", "agency_id")
    for row in my_steps(staff, roles).values_list(*columns)[:limit]:
        add("step", *row)
    columns = ("pk", "pk", "state", "submitted_at", "due_at", "agency_id")
    if Role.DESK_OFFICER in roles:
        agencies = served_agency_ids(staff)
        desk = Dossier.objects.filter(agency_id__in=agencies, state__in=DESK_STATES).exclude(
            returned_at_centre_q()
        ) | Dossier.objects.filter(
            # received here for another agency (Decree 118/2025): the result comes back here
            receiving_agency_id=staff.agency_id,
            state=State.RESOLVED,
        ).exclude(return_place=ReturnPlace.COMPETENT_AGENCY)
        for row in desk.order_by("due_at", "submitted_at").values_list(*columns)[:limit]:
            add("desk", *row)
    if roles & transitions.APPROVERS:
        blocking = DossierStep.objects.filter(BLOCKING, dossier=OuterRef("pk"))
        waiting = Dossier.objects.filter(agency_id=staff.agency_id, state=State.PROCESSING).filter(
            ~Exists(blocking)
        )
        for row in waiting.order_by("due_at").values_list(*columns)[:limit]:
            add("approval", *row)
    if roles & WATCH_ROLES:
        # The procedure-control officer and the administrator follow their agency's (and its
        # units') open dossiers, most urgent first: they act on none, they chase the late ones.
        watched = Dossier.objects.filter(agency_id__in=subtree_ids(staff.agency_id), state__in=WATCH_STATES)
        seen = {e.dossier_id for e in entries}
        for row in watched.order_by("due_at", "submitted_at").values_list(*columns)[:limit]:
            if row[1] not in seen:
                add("watch", *row)
    entries.sort(key=lambda e: e.sort_key)
    return WorkQueue(entries[:limit])


def returned_at_centre_q() -> Q:
    """Resolved dossiers received by another agency's centre whose result goes back there: not the
    competent agency's desk's to return."""
    return Q(state=State.RESOLVED, receiving_agency__isnull=False) & ~Q(
        return_place=ReturnPlace.COMPETENT_AGENCY
    )


def my_work(staff: Staff, now: dt.datetime, *, limit: int = 200) -> list[WorkItem]:
    """The whole queue (`work_queue`) with every line loaded."""
    return work_queue(staff, now, limit=limit).items()


# ---------------------------------------------------------------------------------------------
# Search


def known_by_external_code(code: str) -> Q:
    """The dossiers a sector system knows by `code` (DossierExternalCode, any system; case-insensitive):
    a condition for a dossier queryset, so the caller's access scope stays in force."""
    code = (code or "").strip()[:40]
    if not code or "\x00" in code:  # no code is empty or has a NUL (which PostgreSQL refuses in a query)
        return Q(pk__in=[])
    return Q(Exists(DossierExternalCode.objects.filter(dossier=OuterRef("pk"), code__iexact=code)))


def search_dossiers(
    dossiers: QuerySet[Dossier],
    *,
    q: str = "",
    code: str = "",
    applicant: str = "",
    id_number: str = "",
    procedure: str | int | None = None,
    state: int | list[int] | None = None,
    agency: int | None = None,
    received_from: dt.date | dt.datetime | None = None,
    received_to: dt.date | dt.datetime | None = None,
    due_before: dt.datetime | None = None,
) -> QuerySet[Dossier]:
    """Filter a (scoped) queryset. `q` is a free text: a code prefix, an ID number / tax code, or a
    name. `procedure`: a ProcedureVersion pk or a national procedure code ("1.001193"). Dates are
    local days, inclusive; datetimes are taken as is."""
    q = (q or "").strip()
    if q:
        if q.isdigit() and len(q) in (10, 12, 13, 14):
            dossiers = dossiers.filter(Q(applicant__id_number=q) | Q(applicant__tax_code=q))
        elif any(ch.isdigit() for ch in q) and "." in q:
            dossiers = dossiers.filter(Q(code__startswith=q) | known_by_external_code(q))
        elif any(ch.isdigit() for ch in q) and " " not in q:  # a sector system's code, e.g. HT-2026-000123
            dossiers = dossiers.filter(known_by_external_code(q))
        else:
            dossiers = _by_name(dossiers, q)
    if code:
        dossiers = dossiers.filter(code__startswith=code.strip())
    if applicant:
        dossiers = _by_name(dossiers, applicant)
    if id_number:
        n = id_number.strip()
        dossiers = dossiers.filter(Q(applicant__id_number=n) | Q(applicant__tax_code=n))
    if procedure:
        if isinstance(procedure, int) or str(procedure).isdigit():
            dossiers = dossiers.filter(procedure_version_id=int(procedure))
        else:
            dossiers = dossiers.filter(procedure_version__procedure__code=procedure)
    if state:
        dossiers = dossiers.filter(state__in=state if isinstance(state, (list, tuple, set)) else [state])
    if agency:
        dossiers = dossiers.filter(agency_id=agency)
    if received_from:
        dossiers = dossiers.filter(received_at__gte=_start_of(received_from))
    if received_to:
        dossiers = dossiers.filter(received_at__lt=_end_of(received_to))
    if due_before:
        dossiers = dossiers.filter(due_at__lt=due_before)
    return dossiers


def _by_name(dossiers: QuerySet[Dossier], name: str) -> QuerySet[Dossier]:
    """Applicant name, without diacritics or case ("nguyen van an" finds "Nguyễn Văn An"): the
    folded column, one LIKE per word (the trigram index on PostgreSQL answers each)."""
    for word in fold(name).split(" "):
        if word:
            dossiers = dossiers.filter(applicant__name_folded__contains=word)
    return dossiers


def _start_of(value):
    if isinstance(value, dt.datetime):
        return value
    from django.utils import timezone

    return dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())


def _end_of(value):
    if isinstance(value, dt.datetime):
        return value
    return _start_of(value + dt.timedelta(days=1))


# ---------------------------------------------------------------------------------------------
# Consistency


def state_disagreements() -> QuerySet[WithAnnotations[Dossier, LastToState]]:
    """Dossiers whose last event (by time, then id) does not lead to the state they are in: the
    audit chain and the row disagree (a nightly check, `manage.py check_dossier_states`)."""
    from django.db.models import F, Subquery

    last = DossierEvent.objects.filter(dossier=OuterRef("pk")).order_by("-at", "-id").values("to_state")[:1]
    return (
        Dossier.objects.annotate(last_to_state=Subquery(last))
        .exclude(last_to_state=F("state"))
        .order_by("pk")
    )


# ---------------------------------------------------------------------------------------------
# Counting (the reports: Decree 118/2025 counts a dossier received at a centre for another agency
# for the competent agency, and separately as received by the centre)


def counted_for_agency(agency_ids: Iterable[int], start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    """Dossiers received in [start, end) whose competent agency is one of `agency_ids`, wherever
    they were received: the agency's own statistics (received, on time, late)."""
    return Dossier.objects.filter(agency_id__in=list(agency_ids), received_at__gte=start, received_at__lt=end)


def received_by(agency_ids: Iterable[int], start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    """Dossiers the desks of `agency_ids` received in [start, end): for their own agencies, and
    at a centre for another agency (`receiving_agency`): the centre's intake count."""
    ids = list(agency_ids)
    return Dossier.objects.filter(received_at__gte=start, received_at__lt=end).filter(
        Q(receiving_agency_id__in=ids) | Q(receiving_agency__isnull=True, agency_id__in=ids)
    )


def received_for_others(agency_ids: Iterable[int], start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    """The part of `received_by` received for another competent agency (boundary-free intake)."""
    return Dossier.objects.filter(
        receiving_agency_id__in=list(agency_ids), received_at__gte=start, received_at__lt=end
    )


def returned_between(agency_ids: Iterable[int], start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    """Dossiers of `agency_ids` whose result was handed over in [start, end): the population a
    satisfaction survey samples from (motcua.surveys)."""
    return Dossier.objects.filter(
        agency_id__in=list(agency_ids), state=State.RETURNED, returned_at__gte=start, returned_at__lt=end
    )
