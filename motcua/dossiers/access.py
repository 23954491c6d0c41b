"""Who may see a dossier, and who may act on it: the one access rule, agency subtree × role, that
the API, the office and (later) the portal call.

May see (`visible_dossiers`):
- officers see their agency's dossiers and those where their agency (or unit) holds a step (any
  step, also finished: an inter-agency partner keeps seeing what it handled);
- control officers and agency leaders see their agency's subtree (sub-units included) as well;
- citizens see the dossiers of the applicant records linked to their account (`Applicant.user`,
  linked after a VNeID-verified login) and those they submitted online;
- a superuser is the installation's operator, not an officer: without a `Staff` record they see
  no dossier here (the admin site is their tool); with one, exactly what that record allows;
- anyone else nothing.

May act (`may_act` / `require_act`): on a step, the step rule decides (`steps.may_act_on_step`,
or `steps.may_assign_step` to name its officer), which is how an agency holding an inter-agency
step acts on a dossier received elsewhere; otherwise officers act on their own agency's dossiers,
and a few dossier actions (`HOLDER_ACTIONS`) are open to the holders of an active step too.

Applicants' personal data (`applicants_for_lookup`): only desk officers look people up, and only
among the applicants of dossiers at an agency they receive for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.org.auth import staff_of, subtree_ids
from motcua.org.models import Agency, Role, Staff

from . import steps, transitions
from .errors import ErrorCode
from .models import Applicant, Dossier, DossierEvent, DossierStep, StepState
from .states import Action

if TYPE_CHECKING:  # audit imports the forms and tasks, which import this module
    from .audit import Actor

WIDE_ROLES = frozenset({Role.CONTROL_OFFICER, Role.AGENCY_LEADER})
STEP_ACTIONS = frozenset({Action.COMPLETE_STEP, Action.RETURN_STEP, Action.TRANSFER, Action.ASSIGN_STEP})
#: Actions an officer of an agency holding an active step may take on a dossier it does not own.
HOLDER_ACTIONS = frozenset({Action.EXTEND, Action.REQUEST_SUPPLEMENT, Action.ATTACH_RESULT})


def roles_of(staff: Staff) -> set[str]:
    return {r.role for r in staff.roles.all()}


def served_agency_ids(staff: Staff) -> list[int]:
    """The agencies a desk officer receives for: their own, and those their desk serves."""
    ids = [staff.agency_id]
    if staff.desk is not None:
        ids += [pk for pk in staff.desk.agencies.values_list("pk", flat=True) if pk != staff.agency_id]
    return ids


# ---------------------------------------------------------------------------------------------
# May see


def visible_dossiers(user: User | AnonymousUser | None) -> QuerySet[Dossier]:
    """The dossiers `user` may see (see the module docstring)."""
    dossiers = Dossier.objects.all()
    if user is None or not user.is_authenticated:
        return dossiers.none()
    staff = staff_of(user)
    if staff is not None:
        roles = roles_of(staff)
        own = subtree_ids(staff.agency_id) if roles & WIDE_ROLES else [staff.agency_id]
        holders = {staff.agency_id, *([staff.unit_id] if staff.unit_id else [])}
        return dossiers.filter(_officer_scope(own, holders))
    if user.is_superuser:
        return dossiers.none()  # the operator of the installation: the admin site, not the officers' scope
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


def can_see(user: User | AnonymousUser | None, dossier: Dossier) -> bool:
    return visible_dossiers(user).filter(pk=dossier.pk).exists()


def visible(
    user: User | AnonymousUser | None, code: str, queryset: QuerySet[Dossier] | None = None
) -> tuple[Dossier | None, bool]:
    """(the dossier `code` if `user` may see it, whether a dossier of that code exists at all)."""
    code = (code or "").strip().upper()
    base = queryset if queryset is not None else Dossier.objects.all()
    dossier = base.filter(code=code, pk__in=visible_dossiers(user).values("pk")).first()
    if dossier is not None:
        return dossier, True
    return None, Dossier.objects.filter(code=code).exists()


def applicants_for_lookup(staff: Staff | None) -> QuerySet[Applicant]:
    """The applicants a desk officer may look up by number at intake: those with a dossier at an
    agency the officer receives for. Nobody else looks people up (an empty queryset)."""
    if staff is None or Role.DESK_OFFICER not in roles_of(staff):
        return Applicant.objects.none()
    at_served = Dossier.objects.filter(applicant=OuterRef("pk"), agency_id__in=served_agency_ids(staff))
    return Applicant.objects.filter(Exists(at_served))


# ---------------------------------------------------------------------------------------------
# May act


def _agency_refusal(
    dossier: Dossier,
    actor: Actor,
    action: Action,
    step: DossierStep | None,
    active: Iterable[DossierStep] | None = None,
) -> str | None:
    """Why this officer may not take `action` on `dossier` (or `step`) on agency grounds; None if
    they may. Applicants are checked by `transitions` (their role) and by who sees the dossier."""
    staff = actor.staff
    if staff is None:
        return None
    if step is not None:
        rule = steps.may_assign_step if action == Action.ASSIGN_STEP else steps.may_act_on_step
        if not rule(staff, step, actor.roles):
            return _("Bạn không được giao bước xử lý này.")
        return None
    if staff.agency_id == dossier.agency_id:
        return None
    if active is None:
        active = dossier.steps.filter(state=StepState.ACTIVE).select_related("agency")
    if action in HOLDER_ACTIONS and any(steps.may_act_on_step(staff, s, actor.roles) for s in active):
        return None
    return _("Hồ sơ này không thuộc cơ quan của bạn.")


def require_act(
    actor: Actor,
    dossier: Dossier,
    action: Action,
    step: DossierStep | None = None,
    *,
    active: Iterable[DossierStep] | None = None,
) -> None:
    """`may_act`, raising the refusal (403, with its code); `active`: the dossier's active steps,
    when the caller has them already."""
    refusal = _agency_refusal(dossier, actor, action, step, active)
    if refusal is not None:
        code = ErrorCode.NOT_YOUR_STEP if step is not None else ErrorCode.NOT_YOUR_AGENCY
        raise transitions.RoleNotAllowed(refusal, code=code)


def may_act(actor: Actor, dossier: Dossier, action: Action, step: DossierStep | None = None) -> bool:
    """Whether the actor's agency (or the step they hold) lets them take `action` on `dossier`;
    the state and role are `transitions.check`'s."""
    return _agency_refusal(dossier, actor, action, step) is None
