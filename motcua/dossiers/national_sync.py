"""The national portal sync of dossiers (issue 13): each change of a dossier's state queues its
whole sync record (sync.py) for partner "national_portal", in the dossier's stream (its code),
once per transition (the key names the event), in the transaction of the change; the worker
(integrations.dispatch) sends it after commit, so an officer never waits for the portal.

Reads for the screens: a dossier's sync state, the records an operator must look at (failed,
dead), the backlog of a unit's dossiers (the leader's dashboard), the dossiers the portal has
acknowledged (indicator 1.4). The operator's replay is here too (who and when are kept on the
delivery)."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from motcua.integrations.dispatch import selectors as dispatch_selectors
from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.national_portal import PARTNER

from . import effects
from .models import Dossier, DossierEvent
from .sync import sync_record

TOPIC = "sync_record"
Status = Delivery.Status
#: What an operator must look at: failed (retried by itself, but the partner said why) and dead.
PROBLEMS = (Status.FAILED, Status.DEAD)


def key_for(event: DossierEvent) -> str:
    return f"dvcqg:{event.dossier_id}:event:{event.pk}"


def on_event(dossier: Dossier, event: DossierEvent) -> Delivery | None:
    """Queue the dossier's record when `event` changed its state (called by audit.after, inside the
    transaction). Nothing for an event that leaves the state as it was, nor in bulk generation
    (effects.suspended())."""
    if event.from_state == event.to_state or not effects.enabled("national_sync"):
        return None
    # Created in this transaction with its papers in hand (intake): rendered without a read-back.
    fresh = event.from_state is None and getattr(dossier, "received_papers", None) is not None
    return dispatch.enqueue(
        partner=PARTNER,
        stream=dossier.code,
        topic=TOPIC,
        payload=sync_record(dossier, fresh=fresh),
        key=key_for(event),
    )


def resend(dossier: Dossier, *, key: str) -> Delivery:
    """Queue the dossier's current record once more (the reconciliation), once per `key`."""
    return dispatch.enqueue(
        partner=PARTNER, stream=dossier.code, topic=TOPIC, payload=sync_record(dossier), key=key
    )


# -- reads


def state_of(dossier: Dossier) -> Delivery | None:
    """The dossier's last record for the portal: the state its page and the API show."""
    return dispatch_selectors.latest(partner=PARTNER, stream=dossier.code)


def deliveries(dossiers: QuerySet[Dossier]) -> QuerySet[Delivery]:
    """The portal's records of these dossiers."""
    return Delivery.objects.filter(partner=PARTNER, stream__in=dossiers.values("code"))


def problems(dossiers: QuerySet[Dossier], statuses: Iterable[str] = PROBLEMS) -> QuerySet[Delivery]:
    """Failed and dead records of these dossiers, oldest first (the control office's list)."""
    return deliveries(dossiers).filter(status__in=list(statuses)).order_by("created_at", "pk")


def counts(agency_ids: Iterable[int]) -> dict[str, int]:
    """{backlog, failed, dead} of the records of the agencies' dossiers (the dashboard's tiles):
    backlog = on the way (pending, sending, failed and to be retried)."""
    rows = deliveries(Dossier.objects.filter(agency_id__in=list(agency_ids))).aggregate(
        backlog=Count("pk", filter=Q(status__in=dispatch_selectors.BACKLOG)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
        dead=Count("pk", filter=Q(status=Status.DEAD)),
    )
    return {name: rows[name] or 0 for name in ("backlog", "failed", "dead")}


def acknowledged_q() -> Exists:
    """A dossier the portal has acknowledged at least one record of (it is on the portal)."""
    return Exists(
        Delivery.objects.filter(partner=PARTNER, stream=OuterRef("code"), status=Status.ACKNOWLEDGED)
    )


# -- the operator's command


def replay(delivery_id: int, *, user: User) -> bool:
    """Send a failed or dead record again now, recording who and when on it: True if it was one."""
    delivery = Delivery.objects.filter(pk=delivery_id, partner=PARTNER).first()
    if delivery is None:
        return False
    return dispatch.replay(delivery=delivery, actor=user)
