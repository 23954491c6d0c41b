"""Who acts, and the record of what they did: the one way every dossier command writes its event
(inside the command's transaction, on the locked row) and what follows it (notifications into
the outbox, the legal form rendered after commit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from motcua.org.models import Staff

from . import forms, national_sync, notify, subscribers, tasks, transitions
from .models import Dossier, DossierEvent


@dataclass(frozen=True)
class Actor:
    """Who acts: an officer (with the roles they hold) or the applicant themselves."""

    label: str
    roles: frozenset[str]
    user: User | None = None
    staff: Staff | None = None

    @classmethod
    def officer(cls, staff: Staff) -> Actor:
        return cls(
            label=staff.full_name,
            roles=frozenset(r.role for r in staff.roles.all()),
            user=staff.user,
            staff=staff,
        )

    @classmethod
    def applicant(cls, user: User | None = None, label: str = "") -> Actor:
        return cls(label=label or _("Người nộp hồ sơ"), roles=frozenset({transitions.APPLICANT}), user=user)


def stamp(dossier: Dossier, now: datetime) -> datetime:
    """The event time of an action on the locked `dossier`: `now`, or the last event's time when a
    racing action that locked the row first recorded a later one (the chain read by time then stays
    in the order the actions happened). Call it inside the lock."""
    last = DossierEvent.objects.filter(dossier=dossier).order_by("-at").values_list("at", flat=True).first()
    return last if last is not None and last > now else now


def record(
    dossier: Dossier,
    actor: Actor,
    action: str,
    *,
    at: datetime,
    from_state: int | None,
    reason: str = "",
    **data: object,
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        at=at,
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        reason=reason,
        data=data,
    )


def after(dossier: Dossier, event: DossierEvent, rule: transitions.Rule | None) -> None:
    """What follows a recorded event, inside its transaction: notifications into the outbox, the
    subscribers' notifications (subscribers.py), the national portal's sync record queued
    (national_sync.py), the legal form rendered after commit (forms.py)."""
    national_sync.on_event(dossier, event)
    messages = notify.on_event(dossier, event, schedule=False)
    subscribers.on_event(dossier, event)
    tasks.after_commit(event, forms.form_for(event, rule.form if rule is not None else None), messages)
