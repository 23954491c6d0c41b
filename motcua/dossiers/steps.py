"""The internal process of a dossier: its steps, their due times and every hand-over between them.

A dossier's steps are copied from the procedure's process definition at the receiving agency when
processing starts (or one default step at the agency for the whole time limit when none exists).
Steps run in *stages*: `DossierStep.order` is the stage number, and the steps of one parallel
group share it. All steps of a stage start together; the next stage starts when every step of the
current one is done. Each step's due time comes from the calendar of the agency doing it.

Whose a step is (`Pool`, the one rule behind both the "my work" queue and `may_act_on_step`):
- an assigned step is its assignee's, wherever they work, whatever their role;
- an unassigned step is the officers' of the step's agency (and of its unit, when the step names
  one) who hold the step's role: `DossierStep.role`, read from the process's free-text position
  by `motcua.org.positions.role_for_position` ("Lãnh đạo cơ quan" → agency leaders, "Chuyên viên
  xử lý" → specialists, "Bộ phận Một cửa" → desk officers); a step naming no role is the holders'
  of any processing role (specialist, unit head, agency leader), as before roles were read.
Those officers, and only they, complete, return or transfer the step (the transition table still
decides which of their roles may take which action) and see it in their queue. Assigning is the
heads' dispatching: unit heads and leaders of the step's agency name its officer whatever the
step's role (`may_assign_step`); the named officer then holds it alone.
This is also what lets officers of another agency act on a dossier they do not own (liên thông):
`access.require_act` asks this module.

The services here are keyword-only, run in one transaction on the locked dossier row, check the
transition table with the actor's roles and record a `DossierEvent` whose data holds
`{step, from, to, outcome}`: the control slip (Mẫu 06) is built from these events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile, File
from django.db.models import F, Max, Q
from django.utils.translation import gettext as _

from motcua.calendars.services import calendar_for, working_due
from motcua.catalog.models import ProcessDefinition, TimeUnit
from motcua.org.models import Agency, AgencyLevel, Role, Staff
from motcua.org.positions import role_for_position
from motcua.workcal import WorkcalError

from . import transitions
from .errors import ErrorCode, invalid
from .models import DocumentKind, Dossier, DossierDocument, DossierStep, StepOutcome, StepState
from .states import Action

if TYPE_CHECKING:  # audit imports the modules that import this one
    from .audit import Actor

HEADS = frozenset({Role.UNIT_HEAD, Role.AGENCY_LEADER})
#: The roles that take the steps naming no role.
PROCESSING_ROLES = frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER})
#: The roles a step can name (what `role_for_position` answers).
STEP_ROLES = frozenset({Role.DESK_OFFICER, *PROCESSING_ROLES})
#: Steps still to be done (pending, or sent back by a return).
WAITING = (StepState.PENDING, StepState.RETURNED)
OPEN = (StepState.ACTIVE, *WAITING)


# ---------------------------------------------------------------------------------------------
# Time


def step_due(agency: Agency, start: datetime, amount: Decimal | int | float, unit: str) -> datetime:
    """The due time of a step of `amount` `unit`s started at `start`, on `agency`'s calendar (the
    calendar layer's rule, `calendars.services.working_due`: half a working day is four working
    hours, other fractions round up)."""
    try:
        return working_due(agency, start, amount, unit)
    except WorkcalError as error:
        raise invalid("budget", ErrorCode.BUDGET, str(error)) from error


def classify(step: DossierStep, finished: datetime) -> str:
    if step.due_at is None:
        return StepOutcome.ON_TIME
    return str(calendar_for(step.agency).classify(finished, step.due_at))


# ---------------------------------------------------------------------------------------------
# Who


def staff_agency_ids(staff: Staff) -> set[int]:
    return {pk for pk in (staff.agency_id, staff.unit_id) if pk is not None}


@dataclass(frozen=True)
class Pool:
    """The steps that are an officer's (see the module docstring), as a test on one step
    (`step in pool`) and as a query filter (`pool.q()`): one rule, written twice side by side
    so that the queue and the permission cannot drift apart (tests check them on every case).

    The filter keeps the queue on its indexes: one `OR` of two halves, each with an index of its
    own: `assignee = X` (`dossier_step_mine`: state, assignee, due_at) and `agency IN (…)`
    (`dossier_step_queue`: state, agency, due_at), whose `role IN (…)` and unit tests only filter
    the rows that index finds.
    """

    staff_id: int
    agency_ids: tuple[int, ...]  # the officer's agency and unit
    unit_id: int | None
    step_roles: frozenset[str]  # the `DossierStep.role` values the officer takes ("": no role named)

    @classmethod
    def of(cls, staff: Staff, roles: Iterable[str]) -> Pool:
        roles = set(roles)
        taken = {str(r) for r in STEP_ROLES if r in roles}
        if roles & PROCESSING_ROLES:
            taken.add("")
        return cls(staff.pk, tuple(sorted(staff_agency_ids(staff))), staff.unit_id, frozenset(taken))

    def __contains__(self, step: DossierStep) -> bool:
        if step.assignee_id is not None:
            return step.assignee_id == self.staff_id
        return (
            step.role in self.step_roles
            and step.agency_id in self.agency_ids
            and (step.unit_id is None or step.unit_id == self.unit_id)
        )

    def q(self) -> Q:
        mine = Q(assignee_id=self.staff_id)
        if not self.step_roles:
            return mine
        place = Q(unit__isnull=True)
        if self.unit_id is not None:
            place |= Q(unit_id=self.unit_id)
        return mine | (
            Q(assignee__isnull=True, agency_id__in=self.agency_ids, role__in=sorted(self.step_roles)) & place
        )


def may_act_on_step(staff: Staff, step: DossierStep, roles: Iterable[str]) -> bool:
    """Whether `staff` may complete, return or transfer `step`: it is in their `Pool`."""
    return step in Pool.of(staff, roles)


def may_assign_step(staff: Staff, step: DossierStep, roles: Iterable[str]) -> bool:
    """Whether `staff` may name the officer of `step`: a unit head or leader of the step's agency,
    whatever the step's role and whoever holds it now (naming an officer overrides the role)."""
    return bool(set(roles) & HEADS) and step.agency_id in staff_agency_ids(staff)


def party(step: DossierStep) -> str:
    """How a step's owner is named on the control slip."""
    place = step.unit.name if step.unit is not None else step.agency.name
    if step.assignee is not None:
        return f"{step.assignee.full_name} ({place})"
    if step.position:
        return f"{step.position} ({place})"
    return place


def parties(steps: Sequence[DossierStep]) -> str:
    return "; ".join(party(s) for s in steps)


# ---------------------------------------------------------------------------------------------
# Building and moving the process


def planned_steps(definition: ProcessDefinition, dossier_agency: Agency) -> list[DossierStep]:
    """The unsaved steps (no dossier yet) a dossier of `dossier_agency` receives from its process
    `definition`: one stage per parallel group, each step at the responsible agency or the
    dossier agency's unit, its role read from the position. The one walk of a process: the
    generator (motcua.simulation) builds its stories from it too."""
    rows: list[DossierStep] = []
    stage, previous_group = 0, None
    for ps in definition.steps.all():
        if ps.parallel_group is None or ps.parallel_group != previous_group:
            stage += 1
        previous_group = ps.parallel_group
        agency, unit = dossier_agency, None
        responsible = ps.responsible_agency
        if responsible is not None:
            if responsible.level == AgencyLevel.SUB_UNIT and responsible.parent_id == dossier_agency.pk:
                unit = responsible
            else:
                agency = responsible
        rows.append(
            DossierStep(
                order=stage,
                work=ps.work,
                agency=agency,
                unit=unit,
                position=ps.responsible[:255],
                role=role_for_position(ps.responsible),
                budget_amount=ps.amount,
                budget_unit=ps.unit,
                parallel_group=ps.parallel_group,
                is_interagency=ps.is_interagency or agency.pk != dossier_agency.pk,
                sector_system=ps.sector_system,
            )
        )
    return rows


def instantiate(dossier: Dossier, *, now: datetime) -> list[DossierStep]:
    """Create the dossier's steps and start the first stage; returns the started steps."""
    definition = (
        ProcessDefinition.objects.filter(version_id=dossier.procedure_version_id, agency_id=dossier.agency_id)
        .prefetch_related("steps__responsible_agency")
        .first()
    )
    rows = planned_steps(definition, dossier.agency) if definition is not None else []
    for row in rows:
        row.dossier = dossier
    if not rows:
        version = dossier.procedure_version
        rows.append(
            DossierStep(
                dossier=dossier,
                order=1,
                work=_("Giải quyết hồ sơ"),
                agency=dossier.agency,
                budget_amount=version.time_amount or 0,
                budget_unit=version.time_unit or TimeUnit.WORKING_DAY,
                # The default step has the whole legal time: it is due when the dossier is.
                state=StepState.ACTIVE,
                started_at=now,
                due_at=dossier.due_at,
            )
        )
        return DossierStep.objects.bulk_create(rows)
    DossierStep.objects.bulk_create(rows)
    return activate_next(dossier, now=now)


def is_handover(stage: Sequence[DossierStep], remaining: Sequence[DossierStep]) -> bool:
    """Whether `stage` is the process's final hand-over to the desk ("trả kết quả"): the last
    stage still open, and only desk steps. It waits for the leader's approval, does not block it,
    and is done by the desk's return of the result (one act)."""
    return bool(stage) and all(s.role == Role.DESK_OFFICER for s in stage) and len(stage) == len(remaining)


#: The open steps that keep a dossier from approval: all but a waiting hand-over to the desk.
BLOCKING = Q(state__in=OPEN) & ~Q(role=Role.DESK_OFFICER, state=StepState.PENDING)


def activate_next(dossier: Dossier, *, now: datetime) -> list[DossierStep]:
    """Start the next stage if no step is active; returns the started steps (none: the appraisal is
    done). The final hand-over to the desk is not started here but at approval (`start_handover`)."""
    steps = list(
        DossierStep.objects.filter(dossier=dossier, state__in=OPEN).select_related("agency").order_by("order")
    )
    if not steps or any(s.state == StepState.ACTIVE for s in steps):
        return []
    first = steps[0].order
    started = [s for s in steps if s.order == first]
    if is_handover(started, steps) and any(s.state == StepState.PENDING for s in started):
        return []
    for s in started:
        _start(s, now)
    return started


def blocking_steps_exist(dossier: Dossier) -> bool:
    """Whether steps other than the waiting hand-over are still open (approval must wait)."""
    return DossierStep.objects.filter(BLOCKING, dossier=dossier).exists()


def start_handover(dossier: Dossier, *, now: datetime) -> list[DossierStep]:
    """At approval: start the hand-over steps to the desk that waited for it."""
    waiting = list(
        DossierStep.objects.filter(dossier=dossier, state=StepState.PENDING, role=Role.DESK_OFFICER)
        .select_related("agency")
        .order_by("pk")
    )
    for step in waiting:
        _start(step, now)
    return waiting


def finish_handover(dossier: Dossier, actor: Actor, *, now: datetime) -> list[int]:
    """At the return of the result: the desk's hand-over steps are done by the same act."""
    done = []
    for step in (
        DossierStep.objects.filter(dossier=dossier, state__in=OPEN).select_related("agency").order_by("pk")
    ):
        if step.state != StepState.ACTIVE:
            _start(step, now)
        _finish(step, actor, now)
        done.append(step.pk)
    return done


def close_open_steps(dossier: Dossier, *, now: datetime) -> list[int]:
    """A refused, stopped or withdrawn dossier leaves no step open: they are closed."""
    ids = list(
        DossierStep.objects.filter(dossier=dossier, state__in=OPEN)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if ids:
        DossierStep.objects.filter(pk__in=ids).update(state=StepState.CLOSED, completed_at=now)
    return ids


def _start(step: DossierStep, now: datetime) -> None:
    step.state = StepState.ACTIVE
    step.started_at = now
    step.due_at = step_due(step.agency, now, step.budget_amount, step.budget_unit)
    step.completed_at = step.completed_by = None
    step.outcome = ""
    step.save(update_fields=["state", "started_at", "due_at", "completed_at", "completed_by", "outcome"])


#: The key under which a step effect hands `lifecycle.apply` the started steps that name a sector
#: system (objects, popped before the event is recorded; absent for every other dossier).
SECTOR_STEPS = "_sector_steps"


def _sector(started: Sequence[DossierStep]) -> dict:
    named = [s for s in started if s.sector_system]
    return {SECTOR_STEPS: named} if named else {}


def _finish(step: DossierStep, actor: Actor, now: datetime, note: str = "") -> str:
    step.state = StepState.DONE
    step.completed_at = now
    step.completed_by = actor.user
    step.outcome = classify(step, now)
    step.note = note
    step.save(update_fields=["state", "completed_at", "completed_by", "outcome", "note"])
    return step.outcome


def shift_active_steps(dossier: Dossier, paused: datetime, now: datetime) -> None:
    """Push the due times of the active steps back by the working time a pause lasted."""
    for step in DossierStep.objects.filter(dossier=dossier, state=StepState.ACTIVE).select_related("agency"):
        if step.due_at is None:
            continue
        calendar = calendar_for(step.agency)
        step.due_at = calendar.add_working_time(step.due_at, calendar.elapsed(paused, now))
        step.save(update_fields=["due_at"])


def open_steps_exist(dossier: Dossier) -> bool:
    return DossierStep.objects.filter(dossier=dossier, state__in=OPEN).exists()


def locked_step(dossier: Dossier, step: DossierStep | int) -> DossierStep:
    """The step re-read inside the dossier's lock (its state may have changed since the caller read it)."""
    pk = step.pk if isinstance(step, DossierStep) else step
    try:
        return DossierStep.objects.select_related("agency", "unit", "assignee").get(pk=pk, dossier=dossier)
    except DossierStep.DoesNotExist:
        raise invalid("step", ErrorCode.STEP_OTHER_DOSSIER, _("Bước xử lý không thuộc hồ sơ này.")) from None


def actors_active_step(dossier: Dossier, actor: Actor) -> DossierStep:
    """The active step the actor may act on (the one due first, if several)."""
    if actor.staff is not None:
        for step in (
            DossierStep.objects.filter(dossier=dossier, state=StepState.ACTIVE)
            .select_related("agency", "unit", "assignee")
            .order_by("due_at", "order")
        ):
            if may_act_on_step(actor.staff, step, actor.roles):
                return step
    raise transitions.RoleNotAllowed(
        _("Bạn không giữ bước xử lý nào đang thực hiện của hồ sơ này."), code=ErrorCode.NOT_YOUR_STEP
    )


def _require_active(step: DossierStep) -> None:
    if step.state != StepState.ACTIVE:
        raise transitions.TransitionNotAllowed(
            _("Bước “%(work)s” không ở trạng thái đang xử lý (%(state)s).")
            % {"work": step.work[:80], "state": step.get_state_display()},
            code=ErrorCode.STEP_NOT_ACTIVE,
        )


def _store_files(
    dossier: Dossier,
    step: DossierStep,
    actor: Actor,
    files: Iterable[File | tuple[str, bytes]] | None,
    now: datetime,
) -> list[int]:
    ids = []
    for item in files or ():
        if isinstance(item, tuple):
            name, content = item
            item = ContentFile(content, name=name)
        elif not isinstance(item, File):
            raise invalid("files", ErrorCode.FILE_INVALID, _("Tệp đính kèm không hợp lệ."))
        doc = DossierDocument(
            dossier=dossier, kind=DocumentKind.STEP_FILE, step=step, created_at=now, created_by=actor.user
        )
        doc.file.save((item.name or "").rsplit("/", 1)[-1] or "tep", item, save=False)
        doc.save()
        ids.append(doc.pk)
    return ids


# ---------------------------------------------------------------------------------------------
# The effects of each step action (called by lifecycle.apply inside the lock)


def effect(
    dossier: Dossier,
    action: Action,
    *,
    actor: Actor | None,
    step: DossierStep | None,
    now: datetime,
    values: dict,
) -> dict:
    if action == Action.START_PROCESSING:
        started = instantiate(dossier, now=now)
        done = []
        # The desk's own first step ("tiếp nhận, chuyển hồ sơ") is what this act does: done with it.
        if (
            started
            and actor is not None
            and actor.staff is not None
            and all(
                s.role == Role.DESK_OFFICER
                and (
                    may_act_on_step(actor.staff, s, actor.roles)
                    # the centre that received it for another agency hands it over (Decree 118/2025)
                    or actor.staff.agency_id == dossier.receiving_agency_id
                )
                for s in started
            )
        ):
            for step in started:
                _finish(step, actor, now)
                done.append(step.pk)
            started = activate_next(dossier, now=now)
        return {
            "from": dossier.agency.name,
            "to": parties(started),
            "steps": [s.pk for s in started],
            "done": done,
            **_sector(started),
        }
    if action not in (Action.COMPLETE_STEP, Action.RETURN_STEP, Action.TRANSFER, Action.ASSIGN_STEP):
        return {}
    if step is None or actor is None:  # lifecycle.apply finds the actor's step of every step action
        raise RuntimeError(f"{action} on dossier {dossier.pk} without its step and actor")
    if action == Action.COMPLETE_STEP:
        return _complete(dossier, actor, step, now=now, values=values)
    if action == Action.RETURN_STEP:
        return _return(dossier, actor, step, now=now, values=values)
    if action == Action.TRANSFER:
        return _transfer(dossier, actor, step, now=now, values=values)
    if action == Action.ASSIGN_STEP:
        return _assign(step, values["assignee"])
    return {}


def _complete(dossier: Dossier, actor: Actor, step: DossierStep, *, now: datetime, values: dict) -> dict:
    _require_active(step)
    outcome = _finish(step, actor, now, values.get("note", ""))
    files = _store_files(dossier, step, actor, values.get("files"), now)
    started = activate_next(dossier, now=now)
    if started:
        to = parties(started)
    elif DossierStep.objects.filter(dossier=dossier, state=StepState.ACTIVE).exists():
        to = ""  # a parallel step of the same stage is still running
    else:
        to = _("Lãnh đạo %(agency)s phê duyệt") % {"agency": dossier.agency.name}
    return {
        "step": step.pk,
        "work": step.work,
        "from": party(step),
        "to": to,
        "outcome": outcome,
        "due_at": step.due_at.isoformat() if step.due_at else None,
        "note": values.get("note", ""),
        "files": files,
        "next": [s.pk for s in started],
        "last": not started and not blocking_steps_exist(dossier),
        **_sector(started),
    }


def _return(dossier: Dossier, actor: Actor, step: DossierStep, *, now: datetime, values: dict) -> dict:
    _require_active(step)
    target = locked_step(dossier, values["to_step"])
    if target.order >= step.order or target.state != StepState.DONE:
        raise invalid("to_step", ErrorCode.RETURN_TARGET, _("Chỉ trả lại được một bước trước đã hoàn thành."))
    outcome = classify(step, now)
    DossierStep.objects.filter(
        dossier=dossier,
        order__gt=target.order,
        order__lte=step.order,
        state__in=(StepState.ACTIVE, StepState.DONE),
    ).update(state=StepState.RETURNED)
    _start(target, now)
    return {
        "step": step.pk,
        "work": step.work,
        "from": party(step),
        "to": party(target),
        "to_step": target.pk,
        "outcome": outcome,
        "due_at": step.due_at.isoformat() if step.due_at else None,
        **_sector([target]),
    }


def _transfer(dossier: Dossier, actor: Actor, step: DossierStep, *, now: datetime, values: dict) -> dict:
    _require_active(step)
    agency: Agency = values["agency"]
    if agency.pk == step.agency_id:
        raise invalid(
            "agency", ErrorCode.TRANSFER_SAME_AGENCY, _("Chọn một cơ quan khác cơ quan đang giữ bước này.")
        )
    work = (values.get("work") or "").strip()
    if not work:
        raise invalid("work", ErrorCode.TRANSFER_WORK, _("Nhập nội dung công việc chuyển liên thông."))
    budget = Decimal(values.get("budget") or 0)
    if budget <= 0:
        raise invalid("budget", ErrorCode.BUDGET, _("Thời gian cho bước liên thông phải lớn hơn 0."))
    new = DossierStep(
        dossier=dossier,
        work=work,
        agency=agency,
        budget_amount=budget,
        budget_unit=values.get("unit") or TimeUnit.WORKING_DAY,
        is_interagency=True,
    )
    outcome = ""
    if values.get("parallel"):
        if step.parallel_group is None:
            group = (
                DossierStep.objects.filter(dossier=dossier).aggregate(m=Max("parallel_group"))["m"] or 0
            ) + 1
            step.parallel_group = group
            step.save(update_fields=["parallel_group"])
        new.order, new.parallel_group = step.order, step.parallel_group
        new.save()
        _start(new, now)
    else:
        DossierStep.objects.filter(dossier=dossier, order__gt=step.order).update(order=F("order") + 1)
        new.order = step.order + 1
        new.save()
        outcome = _finish(step, actor, now, values.get("note", ""))
        activate_next(dossier, now=now)
        new.refresh_from_db()
    return {
        "step": step.pk,
        "work": step.work,
        "from": party(step),
        "to": party(new),
        "new_step": new.pk,
        "agency": agency.code,
        "parallel": bool(values.get("parallel")),
        "outcome": outcome,
        "due_at": new.due_at.isoformat() if new.due_at else None,
    }


def _assign(step: DossierStep, assignee: Staff) -> dict:
    if step.state not in OPEN:
        raise transitions.TransitionNotAllowed(
            _("Bước “%(work)s” đã hoàn thành.") % {"work": step.work[:80]}, code=ErrorCode.STEP_DONE
        )
    if step.agency_id not in staff_agency_ids(assignee):
        raise invalid(
            "assignee", ErrorCode.ASSIGNEE_AGENCY, _("Người được giao phải thuộc cơ quan thực hiện bước.")
        )
    before = step.assignee.full_name if step.assignee is not None else ""
    step.assignee = assignee
    step.save(update_fields=["assignee"])
    return {
        "step": step.pk,
        "work": step.work,
        "from": before,
        "to": assignee.full_name,
        "assignee": assignee.pk,
    }
