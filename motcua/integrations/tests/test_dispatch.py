"""The delivery worker: order per stream, one claim per record, backoff, dead letters, replay,
acknowledgements (integrations.dispatch)."""

import datetime as dt

import pytest
from django.test import override_settings

from motcua.integrations.dispatch import selectors, services, transports
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.dispatch.transports import DeliveryError, Receipt

Status = Delivery.Status
pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 12, 4, 3, 0, tzinfo=dt.UTC)


class Recorder(transports.Transport):
    """A partner that takes everything, in the order it receives it, or fails as told."""

    received: list[str] = []
    fail_with: Exception | None = None
    acknowledge = True

    def send(self, delivery):
        if Recorder.fail_with is not None:
            raise Recorder.fail_with
        Recorder.received.append(delivery.idempotency_key)
        return Receipt(partner_ref=f"P-{delivery.pk}", acknowledged=Recorder.acknowledge, message="ok")


@pytest.fixture(autouse=True)
def recorder():
    Recorder.received = []
    Recorder.fail_with = None
    Recorder.acknowledge = True
    transports.reset()
    with override_settings(
        MOTCUA_DISPATCH_TRANSPORTS={"partner": f"{__name__}.Recorder"},
        MOTCUA_DISPATCH_MAX_ATTEMPTS=3,
        MOTCUA_DISPATCH_BACKOFF_SECONDS=10,
    ):
        yield Recorder
    transports.reset()


def put(key, stream="H26-0001", **kw):
    return services.enqueue(
        partner="partner",
        stream=stream,
        topic="sync",
        payload={"k": key},
        key=key,
        now=T0,
        schedule=False,
        **kw,
    )


def test_sequence_per_stream_and_key_is_idempotent():
    a, b, again = put("a"), put("b"), put("a")
    other = put("c", stream="H26-0002")
    assert (a.sequence, b.sequence, other.sequence) == (1, 2, 1)
    assert again.pk == a.pk and Delivery.objects.count() == 3


def test_a_later_record_waits_for_the_earlier_one_of_its_stream(recorder):
    a, b = put("a"), put("b")
    assert services.send_delivery(delivery_id=b.pk, now=T0) is None  # a is still on its way
    recorder.fail_with = DeliveryError("timeout")
    assert services.send_delivery(delivery_id=a.pk, now=T0).status == Status.FAILED
    recorder.fail_with = None
    assert services.send_delivery(delivery_id=b.pk, now=T0) is None  # a failed and will be retried
    later = T0 + dt.timedelta(seconds=11)
    assert services.send_due(now=later) == {"sent": 2, "failed": 0, "skipped": 0}
    assert recorder.received == ["a", "b"]


def test_send_with_followers_drains_the_stream_in_order(recorder):
    keys = [put(k).pk for k in "abcd"]
    assert services.send_with_followers(delivery_id=keys[0], now=T0) == 4
    assert recorder.received == list("abcd")


def test_only_one_worker_claims_a_record():
    a = put("a")
    assert services._claim(a.pk, T0) is True
    assert services._claim(a.pk, T0) is False  # the second worker finds it SENDING
    assert services.send_delivery(delivery_id=a.pk, now=T0) is None


def test_a_crashed_workers_claim_expires_and_the_record_is_sent_again(recorder):
    a = put("a")
    assert services._claim(a.pk, T0)  # the worker dies here, before sending
    assert services.send_due(now=T0 + dt.timedelta(minutes=1))["sent"] == 0
    assert services.send_due(now=T0 + services.LEASE + dt.timedelta(seconds=1))["sent"] == 1
    a.refresh_from_db()
    assert a.status == Status.ACKNOWLEDGED and a.attempts == 2 and recorder.received == ["a"]


def test_backoff_doubles_then_the_record_is_dead_and_an_operator_replays_it(recorder, django_user_model):
    recorder.fail_with = DeliveryError("partner down")
    a = put("a")
    now = T0
    for attempt, wait in ((1, 10), (2, 20)):
        a = services.send_delivery(delivery_id=a.pk, now=now)
        assert (a.status, a.attempts) == (Status.FAILED, attempt)
        assert a.next_attempt_at == now + dt.timedelta(seconds=wait)
        now = a.next_attempt_at
    a = services.send_delivery(delivery_id=a.pk, now=now)
    assert a.status == Status.DEAD and a.next_attempt_at is None
    assert services.send_due(now=now + dt.timedelta(days=1)) == {"sent": 0, "failed": 0, "skipped": 0}
    assert selectors.counts_by_status()["dead"] == 1 and selectors.backlog() == 0

    recorder.fail_with = None
    operator = django_user_model.objects.create(username="op")
    assert services.replay(delivery=a, actor=operator, now=now) is True
    assert services.send_due(now=now)["sent"] == 1
    a.refresh_from_db()
    assert a.status == Status.ACKNOWLEDGED and a.replayed_by == operator
    assert services.replay(delivery=a, actor=operator) is False  # nothing to replay any more


def test_a_refusal_is_dead_at_once_with_the_partners_message_and_does_not_hold_the_stream(recorder):
    a, b = put("a"), put("b")
    recorder.fail_with = DeliveryError("invalid", retryable=False, partner_message="MaTTHC không tồn tại")
    a = services.send_delivery(delivery_id=a.pk, now=T0)
    assert (a.status, a.attempts, a.partner_message) == (Status.DEAD, 1, "MaTTHC không tồn tại")
    recorder.fail_with = None
    assert services.send_delivery(delivery_id=b.pk, now=T0).status == Status.ACKNOWLEDGED


def test_an_asynchronous_acknowledgement_is_idempotent(recorder):
    recorder.acknowledge = False
    a = put("a")
    a = services.send_delivery(delivery_id=a.pk, now=T0)
    assert a.status == Status.SENT and a.partner_ref == f"P-{a.pk}"
    first = services.acknowledge(partner="partner", partner_ref=a.partner_ref, message="đã nhận", now=T0)
    second = services.acknowledge(partner="partner", key="a", message="lặp", now=T0 + dt.timedelta(hours=1))
    assert first.status == second.status == Status.ACKNOWLEDGED
    assert second.acknowledged_at == T0 and second.partner_message == "đã nhận"
    assert services.acknowledge(partner="partner", key="unknown") is None


def test_an_unknown_partner_is_dead_not_retried_forever():
    d = services.enqueue(partner="nobody", stream="s", topic="t", payload={}, key="x", now=T0, schedule=False)
    d = services.send_delivery(delivery_id=d.pk, now=T0)
    assert d.status == Status.DEAD and "nobody" in d.last_error


def test_enqueue_schedules_after_commit_only(django_capture_on_commit_callbacks, recorder):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.enqueue(partner="partner", stream="s", topic="t", payload={}, key="k")
    assert len(callbacks) == 1 and recorder.received == ["k"]
    assert selectors.latest(partner="partner", stream="s").status == Status.ACKNOWLEDGED
