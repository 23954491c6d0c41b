"""Who may see a feedback item and who may act on it: the one rule every screen calls.

- the sender sees their own (sent while logged in: `sender_user`);
- a procedure-control officer sees what was addressed to, or routed within, their agency's subtree;
- an officer of the competent agency sees what was routed to their agency;
- anyone else nothing (the published answers are public, masked: selectors.published).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from motcua.dossiers.audit import Actor as DossierActor
from motcua.org.auth import staff_of, subtree_ids
from motcua.org.models import Role

from . import transitions
from .models import Feedback


@dataclass(frozen=True)
class Actor(DossierActor):
    """Who acts: an officer with their roles (`officer`, as for dossiers), or the sender."""

    @classmethod
    def sender(cls, user: User | None, label: str) -> Actor:
        return cls(label=label, roles=frozenset({transitions.SENDER}), user=user)


def visible_feedback(user) -> QuerySet[Feedback]:
    if user is None or not user.is_authenticated:
        return Feedback.objects.none()
    staff = staff_of(user)
    if staff is None:
        return Feedback.objects.filter(sender_user=user)
    roles = {r.role for r in staff.roles.all()}
    rule = Q(handler_agency_id=staff.agency_id)
    if Role.CONTROL_OFFICER in roles:
        tree = subtree_ids(staff.agency_id)
        rule |= Q(addressed_agency_id__in=tree) | Q(handler_agency_id__in=tree)
    return Feedback.objects.filter(rule)


def in_scope(actor: Actor, feedback: Feedback, roles: frozenset) -> bool:
    """Whether `actor` holds one of `roles` for this item: the sender for their own, the control
    office over its subtree, the competent agency's officers over what was routed to it."""
    if (
        transitions.SENDER in roles
        and transitions.SENDER in actor.roles
        and actor.user is not None
        and feedback.sender_user_id == actor.user.pk
    ):
        return True
    staff = actor.staff
    if staff is None:
        return False
    if Role.CONTROL_OFFICER in roles and Role.CONTROL_OFFICER in actor.roles:
        tree = set(subtree_ids(staff.agency_id))
        if feedback.addressed_agency_id in tree or feedback.handler_agency_id in tree:
            return True
    if roles & transitions.HOLDERS & actor.roles:
        return feedback.handler_agency_id == staff.agency_id
    return False


def require(actor: Actor, feedback: Feedback, action: str) -> transitions.Rule:
    """The rule of `action` on the (locked) item, or PermissionDenied with a clear message."""
    rule = transitions.rule_for(feedback.state, action)
    if rule is None:
        raise PermissionDenied(
            _("Không thể thực hiện thao tác này khi phản ánh ở trạng thái “%(state)s”.")
            % {"state": feedback.get_state_display()}
        )
    if not in_scope(actor, feedback, rule.roles):
        raise PermissionDenied(
            _("Bạn không có quyền thực hiện thao tác này với phản ánh %(code)s.") % {"code": feedback.code}
        )
    return rule


def offered_actions(actor: Actor, feedback: Feedback) -> list[str]:
    return [
        action
        for action in transitions.actions_for(feedback.state, actor.roles)
        if in_scope(actor, feedback, transitions.TRANSITIONS[(feedback.state, action)].roles)
    ]
