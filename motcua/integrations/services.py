"""The notification outbox: the only writer of OutboxMessage.

Life of a message:

    enqueue_notification()  → PENDING, sent after the caller's transaction commits
    claim (conditional UPDATE) → SENDING, attempts + 1, claimed_until = now + lease
    notifier.send() OK      → SENT
    notifier.send() fails   → FAILED with next_attempt_at = now + backoff(attempts),
                              or FAILED with no next attempt when hopeless or out of attempts
    retry_message()         → PENDING again (the admin's "retry" action)

No duplicate sends between workers: a worker owns a message only if its conditional UPDATE
(status is due → SENDING) changed the row, which exactly one worker can do. On PostgreSQL the
batch picker also uses SELECT … FOR UPDATE SKIP LOCKED so concurrent workers take disjoint
batches instead of contending for the same rows. SQLite ignores FOR UPDATE (Django drops it)
and serialises writers for the whole database, so there the conditional UPDATE alone decides:
the second worker's UPDATE matches no row and it moves on. A worker that dies while SENDING
leaves a claim that expires after the lease; the row is then due again (at-least-once delivery:
the provider receives the idempotency key to drop the duplicate).
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from .backoff import LEASE, backoff
from .models import OutboxMessage
from .notifiers import NotificationError, channels, get_notifier

log = logging.getLogger(__name__)
Status = OutboxMessage.Status


def max_attempts() -> int:
    return int(getattr(settings, "MOTCUA_OUTBOX_MAX_ATTEMPTS", 8))


def enqueue_notification(
    *,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
    key: str,
    now: dt.datetime | None = None,
    schedule: bool = True,
) -> OutboxMessage:
    """Record a message to send, once per `key`, and send it after the current transaction commits.

    Call it inside the business transaction (receive_dossier, request_supplement, …): if that
    rolls back, nothing is sent; if it commits, the message is in the outbox even if the worker
    is down. Calling again with the same key returns the existing row and sends nothing more.
    With `schedule=False` the caller sends it (`send_message`) from a task of its own after commit
    (one broker message for all the work of a transaction); the periodic sweep is the safety net.
    """
    if channel not in channels():
        raise NotificationError(
            f"unknown channel {channel!r}; known: {', '.join(channels())}", retryable=False
        )
    if not key:
        raise ValueError("an idempotency key is required")
    recipient = get_notifier(channel).validate_recipient(recipient)
    now = now or timezone.now()
    # Insert first (keys are nearly always new), in a savepoint: a key already there, or a lost
    # race for it, ends in finding that row without breaking the caller's transaction.
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                idempotency_key=key,
                channel=channel,
                recipient=recipient,
                subject=subject[:255],
                body=body,
                status=Status.PENDING,
                next_attempt_at=now,
            )
        created = True
    except IntegrityError:
        message, created = OutboxMessage.objects.get(idempotency_key=key), False
    if created and schedule:
        transaction.on_commit(lambda: _schedule(message.pk))
    elif not created and (message.channel, message.recipient, message.body) != (channel, recipient, body):
        log.warning("outbox key %s reused with different content; keeping the first message", key)
    return message


def _schedule(message_id: int) -> None:
    try:
        send_outbox_message.delay(message_id)
    except Exception:  # broker down: the periodic send_due_notifications picks the row up later
        log.exception("could not queue outbox message %s; it stays pending", message_id)


def _due(now: dt.datetime) -> Q:
    return Q(status__in=[Status.PENDING, Status.FAILED], next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Take the message for this worker; True for exactly one of any number of concurrent callers."""
    claimed = OutboxMessage.objects.filter(_due(now), pk=message_id).update(
        status=Status.SENDING, claimed_until=now + LEASE, attempts=F("attempts") + 1
    )
    return claimed == 1


def send_message(*, message_id: int, now: dt.datetime | None = None) -> OutboxMessage | None:
    """Send one message if it is due and no other worker has it; return it, or None if skipped."""
    now = now or timezone.now()
    if not _claim(message_id, now):
        return None
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        provider_id = get_notifier(message.channel).send(
            recipient=message.recipient,
            subject=message.subject,
            body=message.body,
            idempotency_key=message.idempotency_key,
        )
    except Exception as exc:
        retryable = getattr(exc, "retryable", True)
        give_up = not retryable or message.attempts >= max_attempts()
        message.status = Status.FAILED
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.next_attempt_at = None if give_up else now + backoff(message.attempts)
        message.claimed_until = None
        message.save(update_fields=["status", "last_error", "next_attempt_at", "claimed_until"])
        log.warning("outbox message %s failed (attempt %s): %s", message.pk, message.attempts, exc)
        return message
    message.status = Status.SENT
    message.sent_at = timezone.now()
    message.provider_message_id = str(provider_id)[:100]
    message.next_attempt_at = None
    message.claimed_until = None
    message.last_error = ""
    message.save(
        update_fields=[
            "status",
            "sent_at",
            "provider_message_id",
            "next_attempt_at",
            "claimed_until",
            "last_error",
        ]
    )
    return message


def due_message_ids(*, limit: int = 100, now: dt.datetime | None = None) -> list[int]:
    """Ids of messages due now, oldest first; on PostgreSQL rows other workers hold are skipped."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = OutboxMessage.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        return list(rows.values_list("pk", flat=True)[:limit])


def send_due(*, limit: int = 100, now: dt.datetime | None = None) -> dict[str, int]:
    """Send what is due (new messages whose task was lost, and failed ones whose backoff ended)."""
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    for message_id in due_message_ids(limit=limit, now=now):
        message = send_message(message_id=message_id, now=now)
        if message is None:
            counts["skipped"] += 1
        else:
            counts["sent" if message.status == Status.SENT else "failed"] += 1
    return counts


def retry_message(*, message: OutboxMessage, now: dt.datetime | None = None) -> bool:
    """Put a failed message back in the queue now (a person decided to try again); True if it was failed."""
    now = now or timezone.now()
    with transaction.atomic():
        changed = OutboxMessage.objects.filter(pk=message.pk, status=Status.FAILED).update(
            status=Status.PENDING, next_attempt_at=now, last_error=""
        )
        if changed:
            transaction.on_commit(lambda: _schedule(message.pk))
    return bool(changed)


# The Celery tasks live here, beside what they run (`tasks` re-exports them for Celery's
# autodiscovery), so the outbox has no services ↔ tasks import circle.


@shared_task(name="integrations.send_outbox_message", ignore_result=True)
def send_outbox_message(message_id: int) -> None:
    send_message(message_id=message_id)


@shared_task(name="integrations.send_due_notifications", ignore_result=True)
def send_due_notifications(limit: int = 100) -> dict[str, int]:
    return send_due(limit=limit)
