"""The citizen's in-portal notifications: one per message `notify` sends for a dossier event, kept
for the account linked to the dossier's applicant (and the account that submitted it online), read
in the portal's notification centre. Written in the event's transaction, like the outbox."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from .models import Dossier, DossierEvent
from .states import Action


class CitizenNotice(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(DossierEvent, on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(gettext_lazy("tiêu đề"), max_length=255)
    body = models.TextField(gettext_lazy("nội dung"))
    at = models.DateTimeField(gettext_lazy("thời điểm"))
    read_at = models.DateTimeField(gettext_lazy("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = gettext_lazy("thông báo cho công dân")
        verbose_name_plural = gettext_lazy("thông báo cho công dân")
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notice_once_per_event")]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]


def recipients(dossier: Dossier) -> set[int]:
    users = set()
    if dossier.applicant.user_id:
        users.add(dossier.applicant.user_id)
    submitters = DossierEvent.objects.filter(dossier=dossier, action=Action.SUBMIT, actor__isnull=False)
    users.update(submitters.values_list("actor_id", flat=True))
    return users


def keep(dossier: Dossier, event: DossierEvent, subject: str, body: str) -> list[CitizenNotice]:
    """Inside the caller's transaction; a replayed event adds nothing (one notice per user and event)."""
    kept = []
    for user_id in recipients(dossier):
        notice, _created = CitizenNotice.objects.get_or_create(
            user_id=user_id, event=event, defaults={"dossier": dossier, "subject": subject, "body": body, "at": event.at}
        )
        kept.append(notice)
    return kept


def mark_read(user, now, notice_ids=None) -> int:
    """The citizen has seen their notices (all, or those of `notice_ids`)."""
    unread = CitizenNotice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=now)
