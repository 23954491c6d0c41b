"""Who may see a dossier, and who may act on it: the one access rule, agency subtree × role, that
the API, the office and (later) the portal call.

May see (`visible_dossiers`):
- officers see their agency's dossiers and those where their agency (or unit) holds a step (any
  step, also finished: an inter-agency partner keeps seeing what it handled);
- control officers and agency leaders see their agency's subtree (sub-units included) as well;
- citizens see the dossiers of the applicant records linked to their account (`Applicant.user`,
  linked after a VNeID-verified login) and those they submitted online;
- a machine client (a request with its bearer token, `machines.rules`) sees the dossiers of the
  agencies granted to it for the request's operation (dossiers:read, sync…): the dossier's agency;
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
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import BoundaryFreeOpening, ProcedureVersion
from motcua.core import law
from motcua.machines import rules as machine_rules
from motcua.org.auth import staff_of, subtree_ids
from motcua.org.choices import CENTRE_KINDS
from motcua.org.models import Agency, AgencyLevel, Role, ServiceDesk, Staff
from motcua.org.selectors import province_of

from . import steps, transitions
from .errors import ErrorCode, invalid
from .models import Applicant, Dossier, DossierEvent, DossierStep, ReturnPlace, StepState
from .states import Action

if TYPE_CHECKING:  # audit imports the forms and tasks, which import this module
    from .audit import Actor

WIDE_ROLES = frozenset({Role.CONTROL_OFFICER, Role.AGENCY_LEADER})
STEP_ACTIONS = frozenset({Action.COMPLETE_STEP, Action.RETURN_STEP, Action.TRANSFER, Action.ASSIGN_STEP})
#: Actions an officer of an agency holding an active step may take on a dossier it does not own.
HOLDER_ACTIONS = frozenset({Action.EXTEND, Action.REQUEST_SUPPLEMENT, Action.ATTACH_RESULT})
#: What the centre that received a dossier for another agency does on it: hand it to the competent
#: agency, return the result (unless the citizen asked for it at the competent agency).
RECEIVING_CENTRE_ACTIONS = frozenset({Action.START_PROCESSING, Action.DELIVER})


def receives_for(staff: Staff, dossier: Dossier, roles: Iterable[str]) -> bool:
    """Whether `staff` is a desk officer of the centre that received `dossier` for another agency."""
    return (
        dossier.receiving_agency_id is not None
        and staff.agency_id == dossier.receiving_agency_id
        and Role.DESK_OFFICER in set(roles)
    )


def roles_of(staff: Staff) -> set[str]:
    return {r.role for r in staff.roles.all()}


def is_counter_officer(staff: Staff) -> bool:
    """An officer of another agency working at a centre's counter (a vertical agency's police, tax
    or social-insurance officer at the commune's centre, Decree 118/2025): they receive for their
    own agency only, never for the centre's."""
    return staff.desk is not None and staff.desk.host_agency_id != staff.agency_id


def served_agency_ids(staff: Staff) -> list[int]:
    """The agencies a desk officer receives for: their own, and those their desk serves (a counter
    officer: their own only)."""
    ids = [staff.agency_id]
    if staff.desk is not None and not is_counter_officer(staff):
        ids += [pk for pk in staff.desk.agencies.values_list("pk", flat=True) if pk != staff.agency_id]
    return ids


# ---------------------------------------------------------------------------------------------
# Where a dossier may be received (Decree 61/2018 until 30/6/2025, Decree 118/2025 from 1/7/2025)

#: The competent agencies a centre receives for regardless of boundary (Decree 118/2025 art. 5):
#: the province's People's Committee and departments, any commune's, the vertical agencies.
BOUNDARY_FREE_LEVELS = frozenset(
    {
        AgencyLevel.PROVINCE,
        AgencyLevel.PROVINCE_OFFICE,
        AgencyLevel.DEPARTMENT,
        AgencyLevel.VERTICAL,
        AgencyLevel.COMMUNE,
    }
)
BOUNDARY_FREE_KEY = "intake.boundary_free"


def boundary_free_in_force(on: date) -> bool:
    """Whether the law in force on `on` lets centres receive regardless of boundary: the dated
    rule "intake.boundary_free" of the law registry (Decree 118/2025 from 1/7/2025; Decree 61/2018
    before, which did not), a province's override included."""
    try:
        return bool(law.value_in_force(BOUNDARY_FREE_KEY, on))
    except law.NoRuleInForce:
        return False


@dataclass(frozen=True)
class IntakeRoute:
    """How an officer may receive a dossier for a competent agency: at their own desk
    (`boundary_free` False), or at their centre for another agency under the published list."""

    desk: ServiceDesk | None
    boundary_free: bool = False
    opening: BoundaryFreeOpening | None = None

    @property
    def receiving_agency_id(self) -> int | None:
        return self.desk.host_agency_id if self.boundary_free and self.desk is not None else None


def intake_route(staff: Staff, agency: Agency, version: ProcedureVersion, on: date) -> IntakeRoute:
    """The one rule of who may receive what (raises `invalid("agency", code, message)`):

    - an officer receives for the agencies they serve (`served_agency_ids`);
    - a counter officer (another agency's officer at a centre) for their own agency only;
    - a centre's officer (provincial centre, its branches, a commune's centre) also for another
      commune, department, the province or a vertical agency of the same province, when the law in
      force on `on` allows it (`boundary_free_in_force`) and the procedure is on the province's
      published list that day (`catalog.BoundaryFreeOpening`)."""
    desk = staff.desk if staff.desk_id else None
    if agency.pk in served_agency_ids(staff):
        return IntakeRoute(desk=desk)
    if is_counter_officer(staff):
        raise invalid(
            "agency",
            ErrorCode.COUNTER_OWN_AGENCY,
            _("Quầy của %(own)s chỉ tiếp nhận hồ sơ của %(own)s, không tiếp nhận cho %(agency)s.")
            % {"own": staff.agency.name, "agency": agency.name},
        )
    not_served = invalid(
        "agency",
        ErrorCode.AGENCY_NOT_SERVED,
        _("Bạn không tiếp nhận hồ sơ cho %(agency)s.") % {"agency": agency.name},
    )
    if desk is None or desk.kind not in CENTRE_KINDS:
        raise not_served
    if not boundary_free_in_force(on):
        raise invalid(
            "agency",
            ErrorCode.BOUNDARY_NOT_OPEN,
            _(
                "Ngày %(day)s chưa áp dụng tiếp nhận hồ sơ không phụ thuộc địa giới hành chính "
                "(Nghị định 118/2025/NĐ-CP, từ 01/7/2025): bạn không tiếp nhận hồ sơ cho %(agency)s."
            )
            % {"day": on.strftime("%d/%m/%Y"), "agency": agency.name},
        )
    if agency.level not in BOUNDARY_FREE_LEVELS or not agency.is_valid_on(on):
        raise not_served
    province = province_of(desk.host_agency)
    if province is None or province_of(agency) != province:
        raise invalid(
            "agency",
            ErrorCode.BOUNDARY_OTHER_PROVINCE,
            _("%(agency)s không thuộc tỉnh, thành phố của trung tâm: chỉ tiếp nhận trong địa bàn tỉnh.")
            % {"agency": agency.name},
        )
    opening = catalog_selectors.boundary_free_opening(version.procedure_id, on)
    if opening is None:
        raise invalid(
            "agency",
            ErrorCode.BOUNDARY_NOT_OPEN,
            _(
                "Thủ tục “%(name)s” chưa có trong danh mục tiếp nhận không phụ thuộc địa giới hành chính "
                "ngày %(day)s: hướng dẫn người nộp đến %(agency)s."
            )
            % {"name": version.name, "day": on.strftime("%d/%m/%Y"), "agency": agency.name},
        )
    return IntakeRoute(desk=desk, boundary_free=True, opening=opening)


def intake_agencies(staff: Staff, on: date) -> list[Agency]:
    """The competent agencies an officer may pick at intake: those they serve, and, at a centre
    while the law allows boundary-free intake, every agency of the province it may receive for
    (each procedure is then checked against the published list by `intake_route`)."""
    ids = served_agency_ids(staff)
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=ids)}
    desk = staff.desk if staff.desk_id else None
    if (
        desk is not None
        and desk.kind in CENTRE_KINDS
        and not is_counter_officer(staff)
        and boundary_free_in_force(on)
    ):
        province = province_of(desk.host_agency)
        if province is not None:
            candidates = Agency.objects.valid_on(on).filter(level__in=BOUNDARY_FREE_LEVELS)
            for agency in candidates.select_related("parent__parent"):
                if agency.pk not in agencies and province_of(agency) == province:
                    agencies[agency.pk] = agency
    return list(agencies.values())


# ---------------------------------------------------------------------------------------------
# May see


def visible_dossiers(user: User | AnonymousUser | None) -> QuerySet[Dossier]:
    """The dossiers `user` may see (see the module docstring)."""
    dossiers = Dossier.objects.all()
    if user is None or not user.is_authenticated:
        return dossiers.none()
    machine = machine_rules.identity_of(user)
    if machine is not None:
        return dossiers.filter(agency_id__in=machine_rules.granted_agency_ids(machine))
    staff = staff_of(user)
    if staff is not None:
        roles = roles_of(staff)
        own = subtree_ids(staff.agency_id) if roles & WIDE_ROLES else [staff.agency_id]
        holders = {staff.agency_id, *([staff.unit_id] if staff.unit_id else [])}
        scope = _officer_scope(own, holders)
        if Role.DESK_OFFICER in roles:
            # The centre that received a dossier for another agency keeps it in sight: to hand the
            # result back where the citizen asked (Decree 118/2025).
            scope |= Q(receiving_agency_id=staff.agency_id)
        return dossiers.filter(scope)
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
        machine_rules.note_agency(user, dossier.agency_id)
        return dossier, True
    if machine_rules.identity_of(user) is not None:  # the audit names the agency refused
        agency_id = Dossier.objects.filter(code=code).values_list("agency_id", flat=True).first()
        machine_rules.note_agency(user, agency_id)
        return None, agency_id is not None
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
    if (
        action in RECEIVING_CENTRE_ACTIONS
        and receives_for(staff, dossier, actor.roles)
        and (action != Action.DELIVER or dossier.return_place != ReturnPlace.COMPETENT_AGENCY)
    ):
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


def intake_versions(staff: Staff, agency_ids: Iterable[int], on: date) -> QuerySet:
    """The ids of the versions an officer may receive for `agency_ids` (a procedure search at
    intake): any that an agency they serve implements; for the others, only procedures on the
    province's boundary-free list on `on`."""
    served = set(served_agency_ids(staff))
    own = [pk for pk in agency_ids if pk in served]
    others = [pk for pk in agency_ids if pk not in served]
    q = Q(implementing_agencies__in=own)
    if others:
        q |= Q(
            implementing_agencies__in=others,
            procedure_id__in=catalog_selectors.boundary_free_procedures(on),
        )
    return ProcedureVersion.objects.filter(q).values("pk")
