"""Without Celery beat (the embedded demo) the outbox's due messages are retried after requests,
at most once per interval."""

import datetime as dt

import pytest
from django.test import override_settings

from motcua.integrations import retry, services
from motcua.integrations.models import OutboxMessage, SimulatedSms
from motcua.integrations.sms_gateway import simulated_outage

Status = OutboxMessage.Status
pytestmark = pytest.mark.django_db
LONG_AGO = dt.datetime(2026, 11, 23, 3, 30, tzinfo=dt.UTC)


def failed_sms(key: str, django_capture_on_commit_callbacks) -> OutboxMessage:
    with simulated_outage(), django_capture_on_commit_callbacks(execute=True):
        message = services.enqueue_notification(
            channel="sms",
            recipient="0912345678",
            subject="",
            body="Hồ sơ đã được tiếp nhận.",
            key=key,
            now=LONG_AGO,
        )
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.next_attempt_at is not None
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=LONG_AGO)  # its backoff has ended
    return message


@pytest.fixture
def clock(monkeypatch):
    retry.reset()
    now = {"t": 1000.0}
    monkeypatch.setattr(retry, "monotonic", lambda: now["t"])
    yield now
    retry.reset()


@override_settings(MOTCUA_OUTBOX_RETRY_EVERY=60)
def test_a_request_retries_the_due_messages_at_most_once_a_minute(
    client, clock, django_capture_on_commit_callbacks
):
    first = failed_sms("k-1", django_capture_on_commit_callbacks)
    client.get("/healthz")
    first.refresh_from_db()
    assert first.status == Status.SENT and SimulatedSms.objects.count() == 1

    second = failed_sms("k-2", django_capture_on_commit_callbacks)
    clock["t"] += 59
    client.get("/healthz")  # within the minute: not again
    second.refresh_from_db()
    assert second.status == Status.FAILED

    clock["t"] += 1
    client.get("/healthz")
    second.refresh_from_db()
    assert second.status == Status.SENT


def test_off_by_default(client, clock, django_capture_on_commit_callbacks):
    message = failed_sms("k-3", django_capture_on_commit_callbacks)
    client.get("/healthz")
    message.refresh_from_db()
    assert message.status == Status.FAILED
