"""The citizen's in-portal notifications: one per message `notify` sends for a dossier event, kept
for the account linked to the dossier's applicant (and the account that submitted it online), read
in the portal's notification centre. Written in the event's transaction, like the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User

from .models import CitizenNotice, Dossier, DossierEvent
from .states import Action, Channel


def recipients(dossier: Dossier) -> set[int]:
    users = set()
    if dossier.applicant.user_id:
        users.add(dossier.applicant.user_id)
    if dossier.channel != Channel.ONLINE:  # only an online submission has a citizen's submit act
        return users
    submitters = DossierEvent.objects.filter(dossier=dossier, action=Action.SUBMIT, actor__isnull=False)
    users.update(submitters.values_list("actor_id", flat=True))
    return users


def keep(dossier: Dossier, event: DossierEvent, subject: str, body: str) -> list[CitizenNotice]:
    """Inside the caller's transaction; a replayed event adds nothing (one notice per user and event)."""
    kept = []
    for user_id in recipients(dossier):
        notice, _created = CitizenNotice.objects.get_or_create(
            user_id=user_id,
            event=event,
            defaults={"dossier": dossier, "subject": subject, "body": body, "at": event.at},
        )
        kept.append(notice)
    return kept


def mark_read(user: User, now: datetime, notice_ids: Iterable[int] | None = None) -> int:
    """The citizen has seen their notices (all, or those of `notice_ids`)."""
    unread = CitizenNotice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=now)
