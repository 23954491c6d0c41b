"""Events for subscribers (integrations.webhooks): signed notifications that the reference verifier
accepts and that it rejects replayed, tampered or stale; order per resource with retries; filters;
deactivation; one notification per subscriber per event; the SSRF guard."""

import datetime as dt
import json
import socket
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from motcua.integrations import inprocess
from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.dispatch import transports
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.webhooks import channels, services, transport, urlguard, verify
from motcua.integrations.webhooks.simulator.models import ReceivedNotification, SimulatedInbox

Status = Delivery.Status
pytestmark = pytest.mark.django_db
RESULT, STATE, RECEIVED = (
    channels.DOSSIER_RESULT_READY,
    channels.DOSSIER_STATE_CHANGED,
    channels.DOSSIER_RECEIVED,
)


@pytest.fixture(autouse=True)
def _transports():
    transports.reset()
    with override_settings(MOTCUA_DISPATCH_BACKOFF_SECONDS=10, MOTCUA_DISPATCH_MAX_ATTEMPTS=3):
        yield
    transports.reset()


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create(username="integrator", is_staff=True)


@pytest.fixture
def sent(monkeypatch):
    """Every request the transport made to the simulator: (path, body, headers)."""
    calls = []
    original = inprocess.call

    def recording(method, path, *, body=b"", headers=None, query=None):
        calls.append((path, body, dict(headers or {})))
        return original(method, path, body=body, headers=headers, query=query)

    monkeypatch.setattr(transport.inprocess, "call", recording)
    return calls


def subscribe(staff, slug="erp", wanted=None):
    subscription, secret = services.create_subscription(
        owner=services.Owner(user=staff),
        callback_url=f"http://testserver/mo-phong/nhan-thong-bao/{slug}/",
        channels=wanted or [{"channel": STATE}],
        label=slug,
    )
    inbox = SimulatedInbox.objects.create(slug=slug, secret=secret)
    return subscription, inbox


def publish(
    code="H26-0001", action="receive", key=None, channel=STATE, agency="000.00.41.H26", procedure="1.013225"
):
    with transaction.atomic():
        return services.publish(
            channel=channel,
            resource="dossier",
            event_type=action,
            resource_key=code,
            payload={"code": code, "status": 2},
            event_key=key or f"{code}:{action}",
            agency_code=agency,
            procedure_code=procedure,
            resource_url=f"https://motcua.example/api/v1/dossiers/{code}/",
        )


def later(seconds=0):
    return timezone.now() + dt.timedelta(seconds=seconds + 1)


# --- The reference verifier ---------------------------------------------------------------------------


def signed(secret="s3cret", notification=None, timestamp=None):
    notification = notification or {"id": "n-1", "channel": STATE, "data": {"code": "H26-0001"}}
    body = transport.body_of(notification)
    return body, transport.signed_headers(secret, notification, body, int(timestamp or time.time()))


def test_the_verifier_accepts_a_notification_signed_with_the_secret():
    body, headers = signed()
    assert verify.verify("s3cret", body, headers)["data"] == {"code": "H26-0001"}
    assert headers[verify.SIGNATURE_HEADER] == verify.sign("s3cret", headers[verify.TIMESTAMP_HEADER], body)


@pytest.mark.parametrize(
    "change, reason",
    [
        (lambda b, h: (b.replace(b"H26-0001", b"H26-0002"), h), verify.SIGNATURE),  # tampered body
        (
            lambda b, h: (b, {**h, verify.TIMESTAMP_HEADER: str(int(h[verify.TIMESTAMP_HEADER]) + 1)}),
            verify.SIGNATURE,
        ),
        (lambda b, h: (b, {**h, verify.SIGNATURE_HEADER: "sha256=" + "0" * 64}), verify.SIGNATURE),
        (lambda b, h: (b, {k: v for k, v in h.items() if k != verify.SIGNATURE_HEADER}), verify.MISSING),
        (lambda b, h: (b, {**h, verify.TIMESTAMP_HEADER: "soon"}), verify.MALFORMED),
        (lambda b, h: (b, {**h, verify.DELIVERY_HEADER: "n-2"}), verify.MALFORMED),  # id not the signed one
    ],
)
def test_the_verifier_rejects_a_tampered_notification(change, reason):
    body, headers = change(*signed())
    with pytest.raises(verify.VerificationError) as error:
        verify.verify("s3cret", body, headers)
    assert error.value.reason == reason


def test_the_verifier_rejects_another_secret_a_stale_one_and_a_replay():
    body, headers = signed()
    with pytest.raises(verify.VerificationError, match="signature"):
        verify.verify("another secret", body, headers)
    old_body, old_headers = signed(timestamp=time.time() - 301)
    with pytest.raises(verify.VerificationError) as stale:
        verify.verify("s3cret", old_body, old_headers)
    assert stale.value.reason == verify.STALE
    seen = verify.SeenIds()
    assert verify.verify("s3cret", body, headers, seen=seen)
    with pytest.raises(verify.VerificationError) as replayed:
        verify.verify("s3cret", body, headers, seen=seen)
    assert replayed.value.reason == verify.REPLAYED
    # a resend by MotCua keeps the id under a new timestamp: still the same notification
    again_body, again_headers = signed(timestamp=time.time() + 5)
    with pytest.raises(verify.VerificationError, match="already"):
        verify.verify("s3cret", again_body, again_headers, seen=seen)


def test_the_verifier_is_standard_library_only():
    source = Path(verify.__file__).read_text(encoding="utf-8")
    imports = {
        line.split()[1].split(".")[0] for line in source.splitlines() if line.startswith(("import ", "from "))
    }
    assert imports <= {"__future__", "hashlib", "hmac", "json", "threading", "time", "collections"}


# --- Delivery through the transport to the simulated subscriber ----------------------------------------


def test_a_notification_reaches_the_subscriber_signed_and_verifiable(client, staff, sent):
    subscription, inbox = subscribe(staff)
    assert publish() == 1
    assert dispatch.send_due(now=later()) == {"sent": 1, "failed": 0, "skipped": 0}
    got = ReceivedNotification.objects.get()
    assert (got.accepted, got.answered, got.channel, got.action, got.resource_key) == (
        True,
        200,
        STATE,
        "receive",
        "H26-0001",
    )
    path, body, headers = sent[0]
    notification = verify.verify(subscription.secret, body, headers)
    assert set(notification) == {
        "id",
        "channel",
        "mainObject",
        "resource",
        "resourceUrl",
        "action",
        "createdAt",
        "attributes",
        "data",
    }
    assert notification["attributes"] == {"agency": "000.00.41.H26", "procedure": "1.013225"}
    assert Delivery.objects.get().status == Status.ACKNOWLEDGED

    # Someone who captured it posts it again: the simulator's verifier refuses to take it twice.
    extra = {k: v for k, v in headers.items() if k != "Content-Type"}
    replay = client.post(path, data=body, content_type="application/json", headers=extra)
    assert replay.status_code == 200 and replay.json()["reason"] == verify.REPLAYED
    tampered = client.post(
        path, data=body.replace(b"receive", b"resolve"), content_type="application/json", headers=extra
    )
    assert tampered.status_code == 401 and tampered.json()["reason"] == verify.SIGNATURE
    assert list(inbox.received.values_list("accepted", "reason").order_by("pk")) == [
        (True, ""),
        (False, verify.REPLAYED),
        (False, verify.SIGNATURE),
    ]


def test_in_order_per_dossier_with_retries_when_the_subscriber_answers_500_then_200(staff):
    subscription, inbox = subscribe(staff)
    for action in ("receive", "start_processing", "resolve"):
        publish("H26-0001", action)
    publish("H26-0002", "receive")
    inbox.fail = True
    inbox.save()
    now = later()
    # The heads of both streams fail; the later records of H26-0001 wait behind theirs.
    assert dispatch.send_due(now=now) == {"sent": 0, "failed": 2, "skipped": 2}
    assert inbox.received.filter(reason="fail_switch").count() == 2
    first = Delivery.objects.get(stream=f"s{subscription.pk}:H26-0001", sequence=1)
    assert (first.status, first.attempts, first.last_error) == (
        Status.FAILED,
        1,
        "DeliveryError: the subscriber answered HTTP 500",
    )
    assert dispatch.send_due(now=now + dt.timedelta(seconds=5))["sent"] == 0  # backoff not over

    inbox.fail = False
    inbox.save()
    assert dispatch.send_due(now=now + dt.timedelta(seconds=11))["sent"] == 4
    taken = list(inbox.received.filter(accepted=True).order_by("pk").values_list("resource_key", "action"))
    assert [a for code, a in taken if code == "H26-0001"] == ["receive", "start_processing", "resolve"]
    first.refresh_from_db()
    assert (first.status, first.attempts) == (Status.ACKNOWLEDGED, 2)


def test_a_filter_that_does_not_match_sends_nothing(staff):
    subscribe(
        staff, "ward", [{"channel": STATE, "filters": {"agency": "000.00.41.H26", "procedure": ["1.013225"]}}]
    )
    subscribe(staff, "police", [{"channel": STATE, "filters": {"agency": ["000.00.42.H26"]}}])
    assert publish(agency="000.00.41.H26") == 1
    assert publish("H26-0009", agency="000.00.41.H26", procedure="2.000001") == 0
    assert publish("H26-0010", agency="000.00.43.H26") == 0
    assert list(Delivery.objects.values_list("stream", flat=True)) == [
        f"s{services.Subscription.objects.get(label='ward').pk}:H26-0001"
    ]


def test_a_deactivated_subscription_stops(staff):
    subscription, inbox = subscribe(staff)
    publish("H26-0001", "receive")  # queued while active
    services.update_subscription(subscription=subscription, active=False)
    assert publish("H26-0001", "start_processing") == 0
    assert dispatch.send_due(now=later()) == {"sent": 0, "failed": 1, "skipped": 0}
    queued = Delivery.objects.get()
    assert queued.status == Status.DEAD and "not active" in queued.last_error
    assert not inbox.received.exists()


def test_one_notification_per_subscriber_per_event_under_its_most_specific_channel(staff):
    both, _ = subscribe(staff, "both", [{"channel": STATE}, {"channel": RESULT}])
    state_only, _ = subscribe(staff, "state", [{"channel": STATE}])
    subscribe(staff, "received", [{"channel": RECEIVED}])
    assert publish(action="resolve", key="event-7", channel=[RESULT, STATE]) == 2
    assert publish(action="resolve", key="event-7", channel=[RESULT, STATE]) == 2  # the same event again
    rows = dict(Delivery.objects.values_list("payload__subscription", "topic"))
    assert rows == {both.pk: RESULT, state_only.pk: STATE}


def test_publish_refuses_an_unknown_channel(staff):
    subscribe(staff)
    with pytest.raises(ValueError):
        publish(channel="dossier-deleted")


# --- Where notifications may go ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://erp.example.vn/hook",  # not https
        "https://127.0.0.1/hook",
        "https://10.1.2.3/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:192.168.1.1]/hook",
        "https://localhost/hook",
        "https://db.internal/hook",
        "https://user:pw@erp.example.vn/hook",
        "ftp://erp.example.vn/hook",
    ],
)
def test_the_guard_refuses_unsafe_callback_urls(url):
    with pytest.raises(urlguard.UnsafeUrl):
        urlguard.check_syntax(url)


def test_the_guard_checks_what_a_name_resolves_to_at_send_time(monkeypatch, staff):
    urlguard.check_syntax("https://erp.example.vn/hook")  # a public-looking name passes the syntax check
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 443))],
    )
    with pytest.raises(urlguard.UnsafeUrl):
        urlguard.resolve("https://erp.example.vn/hook")
    with override_settings(MOTCUA_WEBHOOK_ALLOW_PRIVATE=True):
        assert urlguard.resolve("https://erp.example.vn:8443/a?b=1").address == "10.0.0.5"

    services.create_subscription(
        owner=services.Owner(user=staff),
        callback_url="https://erp.example.vn/hook",
        channels=[{"channel": STATE}],
    )
    publish()
    delivery = dispatch.send_delivery(delivery_id=Delivery.objects.get().pk, now=later())
    assert delivery.status == Status.DEAD and "callback URL refused" in delivery.last_error


def test_the_simulator_is_in_process_only_when_the_simulators_are_on():
    assert urlguard.is_simulator("http://testserver/mo-phong/nhan-thong-bao/erp/")
    assert not urlguard.is_simulator("http://testserver/admin/")
    with override_settings(MOTCUA_SIMULATORS=False), pytest.raises(urlguard.UnsafeUrl):
        urlguard.check_syntax("http://testserver/mo-phong/nhan-thong-bao/erp/")


def test_the_simulator_page_lists_inboxes_and_switches_the_500(client, staff):
    _, inbox = subscribe(staff)
    page = client.get("/mo-phong/nhan-thong-bao/")
    assert page.status_code == 200 and "erp" in page.content.decode()
    client.post("/mo-phong/nhan-thong-bao/", {"action": "toggle", "slug": "erp"})
    inbox.refresh_from_db()
    assert inbox.fail is True
    client.post("/mo-phong/nhan-thong-bao/", {"action": "create", "slug": "Kho Lưu", "secret": "abc"})
    assert SimulatedInbox.objects.filter(slug="kho-luu", secret="abc").exists()
    assert (
        json.loads(
            client.post(
                "/mo-phong/nhan-thong-bao/kho-luu/", data=b"{}", content_type="application/json"
            ).content
        )["reason"]
        == verify.MISSING
    )
