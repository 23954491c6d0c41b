"""The sector-system protocol on its own: signatures with a freshness window, the HTTP plugin's
answers mapped onto the outbox's (taken, refused, retried), the simulator's checks on receipt."""

import datetime as dt
import json

import pytest

from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.dispatch.transports import DeliveryError
from motcua.integrations.inprocess import call
from motcua.integrations.sector import config, signing, transport
from motcua.integrations.sector.models import SimulatedSectorCase

NOW = dt.datetime(2026, 12, 4, 3, 0, tzinfo=dt.UTC)
BODY = b'{"event": "received"}'


def test_a_signature_verifies_within_its_window_only():
    headers = signing.headers(BODY, "secret", NOW)
    ts, sig = headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER]
    signing.verify(BODY, secret="secret", timestamp=ts, given=sig, now=NOW + dt.timedelta(minutes=4))
    for body, secret, timestamp, now, reason in (
        (BODY + b" ", "secret", ts, NOW, "bad_signature"),
        (BODY, "other", ts, NOW, "bad_signature"),
        (BODY, "secret", str(int(ts) + 1), NOW, "bad_signature"),  # the time is inside the signature
        (BODY, "secret", "soon", NOW, "bad_signature"),
        (BODY, "secret", ts, NOW + dt.timedelta(minutes=6), "stale_timestamp"),
    ):
        with pytest.raises(signing.Refused) as refused:
            signing.verify(body, secret=secret, timestamp=timestamp, given=sig, now=now)
        assert refused.value.reason == reason


@pytest.mark.parametrize(
    ("status", "answer", "outcome"),
    [
        (201, {"external_code": "HT-1"}, "taken"),
        (400, {"error": "invalid_record", "message": "papers: thiếu"}, "refused"),
        (503, {"message": "bận"}, "retried"),
        (429, {}, "retried"),
    ],
)
def test_the_plugin_maps_the_systems_answers_onto_the_outbox(monkeypatch, status, answer, outcome):
    monkeypatch.setattr(transport, "post", lambda url, body, headers: (status, json.dumps(answer).encode()))
    delivery = Delivery(partner="sector.ho-tich", payload={"reference": "r"}, idempotency_key="r")
    if outcome == "taken":
        receipt = transport.HttpTransport().send(delivery)
        assert (receipt.partner_ref, receipt.acknowledged) == ("HT-1", False)  # the callback acknowledges
        return
    with pytest.raises(DeliveryError) as error:
        transport.HttpTransport().send(delivery)
    assert error.value.retryable is (outcome == "retried")
    if outcome == "refused":
        assert error.value.partner_message == "papers: thiếu"


@pytest.mark.django_db
def test_the_simulator_refuses_an_unsigned_or_invalid_record():
    system = config.system("ho-tich")
    path = "/mo-phong/he-thong-nganh/ho-tich/api/ho-so/"
    body = json.dumps({"schema": "motcua.sector-dossier/1", "reference": "x"}).encode()
    status, _payload = call("POST", path, body=body, headers={signing.SIGNATURE_HEADER: "0" * 64})
    assert status == 401
    status, payload = call(
        "POST", path, body=body, headers=signing.headers(body, system.secret, dt.datetime.now(dt.UTC))
    )
    assert status == 400 and "required property" in json.loads(payload)["message"]
    assert not SimulatedSectorCase.objects.exists()
