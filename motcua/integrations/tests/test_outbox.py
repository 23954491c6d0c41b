import datetime as dt
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings

from motcua.integrations import services
from motcua.integrations.models import OutboxMessage, SimulatedSms
from motcua.integrations.notifiers import NotificationError, Notifier
from motcua.integrations.sms_gateway import simulated_outage

Status = OutboxMessage.Status
pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 23, 3, 30, tzinfo=dt.UTC)


def enqueue(key="dossier-1:received:email", channel="email", recipient="hang@example.vn", **kw):
    return services.enqueue_notification(
        channel=channel,
        recipient=recipient,
        subject=kw.pop("subject", "Hồ sơ đã được tiếp nhận"),
        body=kw.pop("body", "Hồ sơ 000.00.12.H26-261123-0001 đã được tiếp nhận."),
        key=key,
        **kw,
    )


def test_enqueue_sends_after_commit_and_is_idempotent_on_key(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = enqueue()
        again = enqueue()
    assert first.pk == again.pk
    assert len(callbacks) == 1  # one send scheduled, not two
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hồ sơ đã được tiếp nhận"
    assert mail.outbox[0].extra_headers["X-MotCua-Key"] == "dossier-1:received:email"
    first.refresh_from_db()
    assert first.status == Status.SENT and first.attempts == 1 and first.sent_at is not None
    # A later enqueue with the same key, after it was sent, sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        enqueue()
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_business_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("intake failed")
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_sms_goes_through_the_signed_gateway_protocol(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(
            key="k-sms", channel="sms", recipient="0912 345 678", body="Hồ sơ của bạn đã có kết quả."
        )
    message.refresh_from_db()
    assert message.recipient == "+84912345678"
    assert message.status == Status.SENT
    sms = SimulatedSms.objects.get()
    assert (sms.to, sms.client_ref, sms.message_id) == ("+84912345678", "k-sms", message.provider_message_id)


def test_bad_recipients_and_channels_are_refused_at_enqueue():
    with pytest.raises(NotificationError):
        enqueue(channel="sms", recipient="12345")
    with pytest.raises(NotificationError):
        enqueue(channel="email", recipient="not-an-address")
    with pytest.raises(NotificationError):
        enqueue(channel="pigeon")
    assert OutboxMessage.objects.count() == 0


def test_failure_is_recorded_and_retried_after_backoff(django_capture_on_commit_callbacks):
    with simulated_outage(), django_capture_on_commit_callbacks(execute=True):
        message = enqueue(key="k-retry", channel="sms", recipient="0912345678", now=T0)
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert "503" in message.last_error
    first_retry_at = message.next_attempt_at
    assert first_retry_at is not None
    # Nothing is due before the backoff ends…
    assert services.send_due(now=first_retry_at - dt.timedelta(seconds=1)) == {
        "sent": 0,
        "failed": 0,
        "skipped": 0,
    }
    # …then the gateway is back and the periodic task sends it.
    assert services.send_due(now=first_retry_at) == {"sent": 1, "failed": 0, "skipped": 0}
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2 and message.last_error == ""
    assert SimulatedSms.objects.count() == 1


def test_backoff_doubles_and_is_capped():
    assert [services.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert services.backoff(30) == dt.timedelta(hours=6)


@override_settings(MOTCUA_OUTBOX_MAX_ATTEMPTS=3)
def test_gives_up_after_max_attempts_and_stays_visible():
    message = enqueue(key="k-max", channel="sms", recipient="0912345678", now=T0)
    now = T0
    with simulated_outage():
        for attempt in (1, 2, 3):
            services.send_message(message_id=message.pk, now=now)
            message.refresh_from_db()
            assert message.attempts == attempt
            if attempt < 3:
                assert message.next_attempt_at == now + services.backoff(attempt)
                now = message.next_attempt_at
    assert message.status == Status.FAILED and message.next_attempt_at is None
    assert services.send_due(now=now + dt.timedelta(days=1))["sent"] == 0
    # A person retries it; the service puts it back in the queue.
    assert services.retry_message(message=message, now=now) is True
    services.send_message(message_id=message.pk, now=now)
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_hopeless_message_is_not_retried_automatically():
    # The gateway refuses a blank text with 400: sending it again can never succeed.
    message = enqueue(key="k-bad", channel="sms", recipient="0912345678", body="   ", now=T0)
    services.send_message(message_id=message.pk, now=T0)
    message.refresh_from_db()
    assert message.status == Status.FAILED and message.next_attempt_at is None
    assert "invalid_request" in message.last_error


def test_only_one_of_two_workers_claims_a_message():
    message = enqueue(key="k-claim", now=T0)
    # Both workers listed the message as due before either sent it (what SQLite, which ignores
    # FOR UPDATE, allows); the conditional claim still lets exactly one of them send.
    assert services.due_message_ids(now=T0) == [message.pk]
    assert services.due_message_ids(now=T0) == [message.pk]
    first = services.send_message(message_id=message.pk, now=T0)
    second = services.send_message(message_id=message.pk, now=T0)
    assert first is not None and first.status == Status.SENT
    assert second is None
    assert len(mail.outbox) == 1


def test_a_crashed_workers_claim_expires_after_the_lease():
    message = enqueue(key="k-lease", now=T0)
    assert services._claim(message.pk, T0)  # a worker claims it and dies before sending
    assert services.send_message(message_id=message.pk, now=T0 + dt.timedelta(minutes=1)) is None
    later = T0 + services.LEASE + dt.timedelta(seconds=1)
    assert services.send_message(message_id=message.pk, now=later).status == Status.SENT
    message.refresh_from_db()
    assert message.attempts == 2


class SlowNotifier(Notifier):
    channel = "slow"
    calls: list[str] = []
    lock = threading.Lock()

    def send(self, *, recipient, subject, body, idempotency_key):
        time.sleep(0.02)
        with self.lock:
            self.calls.append(idempotency_key)
        return idempotency_key


@pytest.mark.django_db(transaction=True)
@override_settings(MOTCUA_NOTIFIERS={"slow": f"{__name__}.SlowNotifier"})
def test_concurrent_workers_never_send_twice():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent workers need PostgreSQL (SQLite serialises writers)")
    SlowNotifier.calls = []
    for i in range(20):
        OutboxMessage.objects.create(
            channel="slow", recipient="x", body="b", idempotency_key=f"c-{i}", next_attempt_at=T0
        )
    results = []

    def worker():
        try:
            results.append(services.send_due(now=T0 + dt.timedelta(seconds=1)))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(SlowNotifier.calls) == sorted(f"c-{i}" for i in range(20))  # each exactly once
    assert sum(r["sent"] for r in results) == 20
    assert OutboxMessage.objects.filter(status=Status.SENT).count() == 20


def test_admin_lists_failures_and_retries_them(client, django_capture_on_commit_callbacks):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.vn", "pw")
    client.force_login(admin)
    with simulated_outage():
        message = enqueue(key="k-admin", channel="sms", recipient="0912345678")
        services.send_message(message_id=message.pk)
    page = client.get("/admin/integrations/outboxmessage/?status__exact=failed")
    assert page.status_code == 200
    assert "+84912345678" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/integrations/outboxmessage/",
            {"action": "retry", "_selected_action": [message.pk]},
            follow=True,
        )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Status.SENT
