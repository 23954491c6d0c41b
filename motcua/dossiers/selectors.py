"""Read side of the dossiers, shared by the REST API and the officers' workspace.

Scoping (`visible_dossiers`):
- officers see their agency's dossiers and those where their agency (or unit) holds a step (any
  step, also finished: an inter-agency partner keeps seeing what it handled);
- control officers and agency leaders see their agency's subtree (sub-units included) as well;
- citizens see the dossiers of the applicant records linked to their account (`Applicant.user`,
  linked after a VNeID-verified login by `link_applicant_account`) and those they submitted online;
- superusers see everything; anyone else nothing.

Every query uses indexes that exist: (agency, state, due_at), (agency, received_at), the step
queues (state, agency, due_at) and (state, assignee, due_at), the unique code, the applicant's
ID number and, on PostgreSQL, a trigram index for names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.calendars.services import calendar_for
from motcua.catalog.models import ProcedureVersion
from motcua.org.auth import staff_of
from motcua.org.models import Agency, Role, Staff

from .models import Applicant, Dossier, DossierEvent, DossierStep, StepState
from .states import Action, State

WIDE_ROLES = frozenset({Role.CONTROL_OFFICER, Role.AGENCY_LEADER})
DESK_STATES = (State.SUBMITTED, State.RECEIVED, State.RESOLVED)
DAY = dt.timedelta(hours=8)  # one working day of time left


def subtree_ids(agency_id: int) -> list[int]:
    """The agency and every agency below it (the tree is shallow: one query per level)."""
    ids, level = [agency_id], [agency_id]
    while level:
        level = list(Agency.objects.filter(parent_id__in=level).values_list("pk", flat=True))
        ids += level
    return ids


def visible_dossiers(user) -> QuerySet[Dossier]:
    """The dossiers `user` may see (see the module docstring)."""
    dossiers = Dossier.objects.all()
    if user is None or not user.is_authenticated:
        return dossiers.none()
    if user.is_superuser:
        return dossiers
    staff = staff_of(user)
    if staff is not None:
        roles = {r.role for r in staff.roles.all()}
        own = subtree_ids(staff.agency_id) if roles & WIDE_ROLES else [staff.agency_id]
        holders = {staff.agency_id, *([staff.unit_id] if staff.unit_id else [])}
        return dossiers.filter(_officer_scope(own, holders))
    submitted = DossierEvent.objects.filter(dossier=OuterRef("pk"), action=Action.SUBMIT, actor=user)
    return dossiers.filter(Q(applicant__user=user) | Exists(submitted))


def _officer_scope(own: list[int], holders: set[int]) -> Q:
    """`agency IN own OR EXISTS(a step at one of holders)`, written so that PostgreSQL can use
    indexes on a million dossiers: an `OR EXISTS` forces a sequential scan, and any `OR` (or an
    `IN` of several agencies) a bitmap scan and a sort of all the agency's dossiers for one page,
    while `agency_id = X ORDER BY submitted_at DESC, id DESC` reads 50 rows of `dossier_list`.

    - Agencies of `own` other than the first (the officer's sub-units, for wide roles) count only if
      they received dossiers at all (usually they do not).
    - A step at another agency than its dossier's is always `is_interagency` (`steps.py`): those
      dossiers come from the small partial index `dossier_step_held` (a handful of ids).
    - A step at a holder that is not inter-agency is at the dossier's own agency, so that agency is
      a holder: in `own` already, or the officer's unit outside `own` (usually no dossiers either).
    """
    if len(own) > 1:
        receiving = Dossier.objects.filter(agency_id=OuterRef("pk"))
        own = [
            own[0],
            *Agency.objects.filter(pk__in=own[1:]).filter(Exists(receiving)).values_list("pk", flat=True),
        ]
    held = set(
        DossierStep.objects.filter(agency_id__in=holders, is_interagency=True).values_list(
            "dossier_id", flat=True
        )
    )
    if extra := holders.difference(own):
        holds = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=holders)
        held.update(
            Dossier.objects.filter(agency_id__in=extra).filter(Exists(holds)).values_list("pk", flat=True)
        )
    scope = Q(agency_id__in=own)
    if held:
        scope |= Q(pk__in=sorted(held))
    return scope


def can_see(user, dossier: Dossier) -> bool:
    return visible_dossiers(user).filter(pk=dossier.pk).exists()


def link_applicant_account(*, user, id_number: str) -> int:
    """Link the applicant records of a personal ID number to a citizen's account. Call it only
    after the identity provider (VNeID) has verified that the user holds that number."""
    return Applicant.objects.filter(id_number=id_number, user__isnull=True).update(user=user)


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
    if time_left is None or time_left > DAY:
        return "on_track"
    if time_left >= dt.timedelta(0):
        return "due_within_a_day"
    return "overdue"


PROCESSING_ROLES = frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER})


def my_steps(staff: Staff, roles: set[str] | None = None) -> QuerySet[DossierStep]:
    """Active steps of running dossiers assigned to `staff`, or, for holders of a processing role,
    unassigned at their agency (and their unit, when the step names one). Desk officers see the
    steps assigned to them by name; their queue is the desk's."""
    roles = roles if roles is not None else {r.role for r in staff.roles.all()}
    agencies = [staff.agency_id, *([staff.unit_id] if staff.unit_id else [])]
    which = Q(assignee=staff)
    if roles & PROCESSING_ROLES:
        which |= Q(assignee__isnull=True, agency_id__in=agencies) & (
            Q(unit__isnull=True) | Q(unit_id=staff.unit_id)
        )
    return (
        DossierStep.objects.filter(which, state=StepState.ACTIVE, dossier__state=State.PROCESSING)
        .select_related("dossier__applicant", "dossier__procedure_version", "dossier__agency", "agency")
        .order_by("due_at", "id")
    )


def _slim(prefix: str, model, keep: set[str]) -> list[str]:
    """The fields of a select_related `model` a queue row does not show (procedure versions and
    agencies carry kilobytes of text each: 2.4 MB per 200-row queue, most of the query's time)."""
    return [
        f"{prefix}{f.name}" for f in model._meta.concrete_fields if not f.primary_key and f.name not in keep
    ]


VERSION_SHOWN = {"procedure", "name", "number", "state"}
AGENCY_SHOWN = {"code", "name", "short_name", "level", "parent"}


def _queue_defer(prefix: str) -> list[str]:
    return [
        *_slim(f"{prefix}procedure_version__", ProcedureVersion, VERSION_SHOWN),
        *_slim(f"{prefix}agency__", Agency, AGENCY_SHOWN),
    ]


def my_work(staff: Staff, now: dt.datetime, *, limit: int = 200) -> list[WorkItem]:
    """The officer's queue, most urgent first: their active steps; for desk officers the dossiers
    waiting at the desk (new online submissions, received, results to hand over); for approvers the
    dossiers whose process is finished and waits for approval."""
    roles = {r.role for r in staff.roles.all()}
    items: list[WorkItem] = []
    calendars: dict[int, object] = {}

    def left(agency, due):
        if due is None:
            return None
        cal = calendars.get(agency.pk) or calendars.setdefault(agency.pk, calendar_for(agency))
        return cal.time_left(now, due)

    steps = (
        my_steps(staff, roles)
        .select_related(None)  # not the dossier's agency: the row shows the step's
        .select_related("dossier__applicant", "dossier__procedure_version", "agency")
        .defer(*_slim("dossier__procedure_version__", ProcedureVersion, VERSION_SHOWN))
        .defer(*_slim("agency__", Agency, AGENCY_SHOWN))
    )
    for step in steps[:limit]:
        remaining = left(step.agency, step.due_at)
        items.append(WorkItem(step.dossier, step, step.work, step.due_at, remaining, colour_for(remaining)))
    related = ("applicant", "procedure_version", "agency")
    if Role.DESK_OFFICER in roles:
        agencies = [staff.agency_id]
        if staff.desk_id:
            agencies += list(staff.desk.agencies.values_list("pk", flat=True))
        desk = (
            Dossier.objects.filter(agency_id__in=agencies, state__in=DESK_STATES)
            .select_related(*related)
            .defer(*_queue_defer(""))
        )
        for d in desk.order_by("due_at", "submitted_at")[:limit]:
            remaining = left(d.agency, d.due_at)
            items.append(
                WorkItem(d, None, str(State(d.state).label), d.due_at, remaining, colour_for(remaining))
            )
    if roles & {Role.UNIT_HEAD, Role.AGENCY_LEADER}:
        open_steps = DossierStep.objects.filter(
            dossier=OuterRef("pk"), state__in=(StepState.ACTIVE, StepState.PENDING, StepState.RETURNED)
        )
        waiting = (
            Dossier.objects.filter(agency_id=staff.agency_id, state=State.PROCESSING)
            .filter(~Exists(open_steps))
            .select_related(*related)
            .defer(*_queue_defer(""))
            .order_by("due_at")[:limit]
        )
        for d in waiting:
            remaining = left(d.agency, d.due_at)
            items.append(
                WorkItem(d, None, str(Action.RESOLVE.label), d.due_at, remaining, colour_for(remaining))
            )
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    items.sort(key=lambda i: (i.due_at or i.dossier.submitted_at or far, i.dossier.pk))
    return items[:limit]


# ---------------------------------------------------------------------------------------------
# Search


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
            dossiers = dossiers.filter(code__startswith=q)
        else:
            dossiers = dossiers.filter(applicant__full_name__icontains=q)
    if code:
        dossiers = dossiers.filter(code__startswith=code.strip())
    if applicant:
        dossiers = dossiers.filter(applicant__full_name__icontains=applicant.strip())
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


def _start_of(value):
    if isinstance(value, dt.datetime):
        return value
    from django.utils import timezone

    return dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())


def _end_of(value):
    if isinstance(value, dt.datetime):
        return value
    return _start_of(value + dt.timedelta(days=1))
