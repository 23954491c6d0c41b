"""What other systems are told when a dossier changes (issue 13: events for subscribers).

Called by `audit.after` for every recorded event, inside its transaction; the notifications go out
after commit through `integrations.webhooks` (signed, in order per dossier and subscriber, retried).

Channels of an event, most specific first (a subscriber to several hears an event once):
  dossier-result-ready   the dossier is resolved (national status 9): its result can be collected
  dossier-received       the one-stop desk received it (status 2), at the desk or accepting an online one
  dossier-state-changed  any change of its national status, creation included

What is sent (`data`), and nothing more: no applicant's name, number, contact or address, no
officer, no reason text (it may name people). Subscribers who need more read the dossier through
the API with their own rights.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motcua.integrations.webhooks import channels, services
from motcua.integrations.webhooks import selectors as webhook_selectors

from .models import Dossier, DossierEvent
from .states import Action, State


def channels_for(event: DossierEvent) -> list[str]:
    found = []
    if event.to_state == State.RESOLVED and event.from_state != State.RESOLVED:
        found.append(channels.DOSSIER_RESULT_READY)
    if event.action == Action.RECEIVE:
        found.append(channels.DOSSIER_RECEIVED)
    if event.from_state != event.to_state:
        found.append(channels.DOSSIER_STATE_CHANGED)
    return found


def _time(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def payload(dossier: Dossier, event: DossierEvent, agency: str, procedure: str) -> dict:
    return {
        "code": dossier.code,
        # TrangThaiHoSo: MotCua's states are the national status codes 1–10 (DOMAIN.md §2).
        "status": int(event.to_state),
        "previousStatus": int(event.from_state) if event.from_state is not None else None,
        "agency": agency,
        "procedure": procedure,
        # KenhThucHien: 1 at the desk, 2 online, 3 by post.
        "intakeChannel": int(dossier.channel),
        "submittedAt": _time(dossier.submitted_at),
        "receivedAt": _time(dossier.received_at),
        "dueAt": _time(dossier.due_at),
        "finishedAt": _time(dossier.finished_at),
        "returnedAt": _time(dossier.returned_at),
        "eventAt": _time(event.at),
    }


def on_event(dossier: Dossier, event: DossierEvent) -> int:
    """Queue the event's notifications; how many (0 and one query when nobody listens)."""
    event_channels = channels_for(event)
    if not event_channels or not webhook_selectors.anyone_listening(event_channels):
        return 0
    agency, procedure = (
        Dossier.objects.filter(pk=dossier.pk)
        .values_list("agency__code", "procedure_version__procedure__code")
        .get()
    )
    url = (settings.MOTCUA_PUBLIC_BASE_URL or "") + reverse("dossier-detail", kwargs={"code": dossier.code})
    return services.publish(
        channel=event_channels,
        resource="dossier",
        event_type=event.action,
        resource_key=dossier.code,
        payload=payload(dossier, event, agency, procedure),
        event_key=f"dossier-event:{event.pk}",
        agency_code=agency,
        procedure_code=procedure,
        resource_url=url,
        occurred_at=event.at,
    )
