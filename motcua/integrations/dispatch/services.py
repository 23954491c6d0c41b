"""The only writer of Delivery.

Life of a delivery:

    enqueue()               → PENDING (sequence = next in its stream), sent after the caller commits
    claim (conditional UPDATE, only the head of its stream) → SENDING, attempts + 1, lease
    transport.send() OK     → ACKNOWLEDGED (synchronous partner) or SENT (acknowledge() later)
    transport.send() fails  → FAILED with next_attempt_at = now + backoff(attempts)
                              or DEAD (refused, or out of attempts): an operator's replay()
    replay()                → PENDING again, now

Order per stream: a delivery is claimed only when no earlier delivery of its stream is still on its
way (PENDING, SENDING or FAILED). SENT counts as delivered (its acknowledgement may come later) and
DEAD does not hold the stream up: the dead record is on the operators' list and the dashboard, and
the records after it go on (each sync record carries the dossier's whole state, so a later one
supersedes it). Exactly one worker can claim a row (the conditional UPDATE); on PostgreSQL the batch
picker also skips rows other workers have locked.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone

from ..backoff import LEASE, backoff
from .models import Delivery
from .transports import get_transport

log = logging.getLogger(__name__)
Status = Delivery.Status
ON_THE_WAY = (Status.PENDING, Status.SENDING, Status.FAILED)
#: How many later records of a stream one worker sends right after a success (the rest: the sweep).
DRAIN = 50


def max_attempts() -> int:
    return int(getattr(settings, "MOTCUA_DISPATCH_MAX_ATTEMPTS", 10))


def _backoff(attempts: int) -> dt.timedelta:
    return backoff(attempts, base_seconds=int(getattr(settings, "MOTCUA_DISPATCH_BACKOFF_SECONDS", 30)))


def enqueue(
    *,
    partner: str,
    stream: str,
    topic: str,
    payload: dict,
    key: str,
    now: dt.datetime | None = None,
    schedule: bool = True,
) -> Delivery:
    """Record `payload` for `partner`, once per `key`, last in its stream; sent after commit.

    Call it inside the business transaction. The caller should hold a lock that serialises its
    stream (a dossier's use cases lock the dossier row); without one, a concurrent enqueue on the
    same stream takes the next sequence number after a retry, never the same one.
    """
    if not key:
        raise ValueError("an idempotency key is required")
    # Keys are nearly always new: no lookup first; a key already there ends in the IntegrityError
    # below, and then in that row.
    now = now or timezone.now()
    for _attempt in range(5):
        last = Delivery.objects.filter(partner=partner, stream=stream).aggregate(m=Max("sequence"))["m"] or 0
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    partner=partner,
                    stream=stream,
                    sequence=last + 1,
                    topic=topic,
                    payload=payload,
                    idempotency_key=key,
                    status=Status.PENDING,
                    next_attempt_at=now,
                )
        except IntegrityError:
            existing = Delivery.objects.filter(idempotency_key=key).first()
            if existing is not None:  # a concurrent caller recorded the same thing
                return existing
            continue  # lost the race for the sequence number: take the next one
        if schedule:
            transaction.on_commit(functools.partial(_schedule, delivery.pk))
        return delivery
    raise IntegrityError(f"could not allocate a sequence number in stream {partner}/{stream}")


def _schedule(delivery_id: int) -> None:
    try:
        send_delivery_task.delay(delivery_id)
    except Exception:  # broker down: the periodic sweep sends it later
        log.exception("could not queue delivery %s; it stays pending", delivery_id)


def _due(now: dt.datetime) -> Q:
    return Q(status__in=[Status.PENDING, Status.FAILED], next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def _earlier_on_the_way() -> Exists:
    return Exists(
        Delivery.objects.filter(
            partner=OuterRef("partner"),
            stream=OuterRef("stream"),
            sequence__lt=OuterRef("sequence"),
            status__in=ON_THE_WAY,
        )
    )


def _claim(delivery_id: int, now: dt.datetime) -> bool:
    """Take the delivery for this worker: True for exactly one caller, and only when it is due and
    first in its stream."""
    claimed = (
        Delivery.objects.filter(_due(now), pk=delivery_id)
        .filter(~_earlier_on_the_way())
        .update(status=Status.SENDING, claimed_until=now + LEASE, attempts=F("attempts") + 1)
    )
    return claimed == 1


def send_delivery(*, delivery_id: int, now: dt.datetime | None = None) -> Delivery | None:
    """Send one delivery if it is due, first in its stream and no other worker has it; return it
    (in its new state), or None when it was not this worker's to send."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        receipt = get_transport(delivery.partner).send(delivery)
    except Exception as exc:
        retryable = getattr(exc, "retryable", True)
        give_up = not retryable or delivery.attempts >= max_attempts()
        delivery.status = Status.DEAD if give_up else Status.FAILED
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        delivery.partner_message = getattr(exc, "partner_message", "")[:2000]
        delivery.next_attempt_at = None if give_up else now + _backoff(delivery.attempts)
        delivery.claimed_until = None
        delivery.save(
            update_fields=["status", "last_error", "partner_message", "next_attempt_at", "claimed_until"]
        )
        log.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, exc)
        return delivery
    sent_at = timezone.now()
    delivery.status = Status.ACKNOWLEDGED if receipt.acknowledged else Status.SENT
    delivery.sent_at = sent_at
    delivery.acknowledged_at = sent_at if receipt.acknowledged else None
    delivery.partner_ref = receipt.partner_ref[:120]
    delivery.partner_message = receipt.message[:2000]
    delivery.next_attempt_at = None
    delivery.claimed_until = None
    delivery.last_error = ""
    # Only from our own claim: an acknowledgement that raced ahead of this save is kept.
    Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
        status=delivery.status,
        sent_at=delivery.sent_at,
        acknowledged_at=delivery.acknowledged_at,
        partner_ref=delivery.partner_ref,
        partner_message=delivery.partner_message,
        next_attempt_at=None,
        claimed_until=None,
        last_error="",
    )
    delivery.refresh_from_db()
    return delivery


def send_with_followers(*, delivery_id: int, now: dt.datetime | None = None) -> int:
    """Send a delivery, then the records queued after it in its stream (they waited for it):
    how many were sent."""
    sent = 0
    delivery = send_delivery(delivery_id=delivery_id, now=now)
    while delivery is not None and delivery.status in (Status.SENT, Status.ACKNOWLEDGED) and sent < DRAIN:
        sent += 1
        following = (
            Delivery.objects.filter(
                partner=delivery.partner,
                stream=delivery.stream,
                sequence__gt=delivery.sequence,
                status=Status.PENDING,
            )
            .order_by("sequence")
            .values_list("pk", flat=True)
            .first()
        )
        if following is None:
            break
        delivery = send_delivery(delivery_id=following, now=now)
    return sent


def due_delivery_ids(
    *, limit: int = 100, partner: str | None = None, now: dt.datetime | None = None
) -> list[int]:
    """Ids of deliveries due now, oldest first (so a stream's head comes before its followers); on
    PostgreSQL rows other workers hold are skipped."""
    now = now or timezone.now()
    rows = Delivery.objects.filter(_due(now))
    if partner:
        rows = rows.filter(partner=partner)
    with transaction.atomic():
        rows = rows.order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        return list(rows.values_list("pk", flat=True)[:limit])


def send_due(
    *, limit: int = 100, partner: str | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Send what is due: new records whose task was lost, failed ones whose backoff has ended,
    crashed workers' claims. A record still waiting behind an earlier one of its stream is skipped."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for delivery_id in due_delivery_ids(limit=limit, partner=partner, now=now):
        delivery = send_delivery(delivery_id=delivery_id, now=now)
        if delivery is None:
            counts["skipped"] += 1
        elif delivery.status in (Status.SENT, Status.ACKNOWLEDGED):
            counts["sent"] += 1
        else:
            counts["failed"] += 1
    return counts


def acknowledge(
    *,
    partner: str,
    key: str = "",
    partner_ref: str = "",
    message: str = "",
    now: dt.datetime | None = None,
) -> Delivery | None:
    """The partner confirms a record (by our key or its reference). Idempotent: a second
    acknowledgement of the same record changes nothing. None when no such record exists."""
    if not key and not partner_ref:
        return None
    rows = Delivery.objects.filter(partner=partner)
    rows = rows.filter(idempotency_key=key) if key else rows.filter(partner_ref=partner_ref)
    delivery = rows.first()
    if delivery is None:
        return None
    now = now or timezone.now()
    Delivery.objects.filter(pk=delivery.pk).exclude(status=Status.ACKNOWLEDGED).update(
        status=Status.ACKNOWLEDGED,
        acknowledged_at=now,
        partner_message=message[:2000] or F("partner_message"),
        next_attempt_at=None,
        claimed_until=None,
    )
    delivery.refresh_from_db()
    return delivery


def replay(*, delivery: Delivery, actor=None, now: dt.datetime | None = None) -> bool:
    """An operator sends a dead or failed record again, now: True if it was dead or failed."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = Delivery.objects.filter(pk=delivery.pk, status__in=[Status.DEAD, Status.FAILED]).update(
            status=Status.PENDING,
            next_attempt_at=now,
            last_error="",
            replayed_by=actor,
            replayed_at=now,
        )
        if changed:
            transaction.on_commit(lambda: _schedule(delivery.pk))
    return bool(changed)


# The Celery tasks live beside what they run (`integrations.tasks` re-exports them).


@shared_task(name="integrations.send_delivery", ignore_result=True)
def send_delivery_task(delivery_id: int) -> None:
    send_with_followers(delivery_id=delivery_id)


@shared_task(name="integrations.send_due_deliveries", ignore_result=True)
def send_due_deliveries(limit: int = 200) -> dict[str, int]:
    return send_due(limit=limit)
