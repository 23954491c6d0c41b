import json
import time

import pytest

from motcua.integrations import sms_gateway as gw
from motcua.integrations.models import SimulatedSms

pytestmark = [pytest.mark.django_db, pytest.mark.urls("motcua.integrations.urls")]
PATH = "/sms-gateway/v1/messages"


def post(client, payload, *, timestamp=None, key_id=None, tamper=False):
    body = json.dumps(payload).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    sig = gw.signature(timestamp=ts, method="POST", path=PATH, body=body, key=gw.secret())
    if tamper:
        body = body.replace(b"0912", b"0913")
    return client.post(
        PATH,
        body,
        content_type="application/json",
        HTTP_X_API_KEY=key_id or gw.key_id(),
        HTTP_X_TIMESTAMP=ts,
        HTTP_X_SIGNATURE=sig,
    )


GOOD = {"to": "0912345678", "text": "Hồ sơ đã có kết quả", "client_ref": "ref-1"}


def test_accepts_a_signed_request_over_http(client):
    response = post(client, GOOD)
    assert response.status_code == 202
    data = response.json()
    assert data["status"] == "accepted" and data["duplicate"] is False and data["segments"] == 1
    assert SimulatedSms.objects.get().to == "+84912345678"


def test_same_client_ref_is_not_delivered_twice(client):
    first = post(client, GOOD).json()
    second = post(client, GOOD).json()
    assert second["message_id"] == first["message_id"] and second["duplicate"] is True
    assert SimulatedSms.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"tamper": True}, "invalid_signature"),
        ({"timestamp": int(time.time()) - 3600}, "stale_timestamp"),
        ({"key_id": "someone-else"}, "unknown_key"),
    ],
)
def test_unauthenticated_requests_are_refused(client, kwargs, error):
    response = post(client, GOOD, **kwargs)
    assert response.status_code == 401 and response.json()["error"] == error
    assert SimulatedSms.objects.count() == 0


def test_invalid_recipient_and_body(client):
    assert post(client, {**GOOD, "to": "024 3825 1234"}).json()["error"] == "invalid_recipient"
    assert post(client, {"to": "0912345678"}).json()["error"] == "invalid_request"


def test_outage_answers_503(client):
    with gw.simulated_outage():
        assert post(client, GOOD).status_code == 503
    assert post(client, GOOD).status_code == 202


def test_client_over_the_inprocess_transport_and_errors():
    client = gw.SmsGatewayClient()
    accepted = client.send(to="+84 912 345 678", text="Xin chào", client_ref="ref-2")
    assert accepted.message_id.startswith("SIM-") and not accepted.duplicate
    with pytest.raises(gw.SmsGatewayError) as exc:
        client.send(to="123", text="x", client_ref="ref-3")
    assert exc.value.status == 400 and exc.value.retryable is False


def test_client_through_the_mounted_url(client):
    # The same client, posting through Django's test client to the URL as mounted in urls.py.
    def transport(method, url, headers, body):
        extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
        response = client.generic(method, url, body, content_type="application/json", **extra)
        return response.status_code, response.json()

    accepted = gw.SmsGatewayClient(url=PATH, transport=transport).send(
        to="0987654321", text="ok", client_ref="r"
    )
    assert SimulatedSms.objects.get(message_id=accepted.message_id).to == "+84987654321"


@pytest.mark.parametrize(
    ("number", "expected"),
    [("0912345678", "+84912345678"), ("+84 387 654 321", "+84387654321"), ("84912345678", "+84912345678"),
     ("0212345678", None), ("091234567", None), ("", None)],
)  # fmt: skip
def test_vietnamese_mobile_numbers(number, expected):
    assert gw.normalise_msisdn(number) == expected


def test_segments_count_unicode_as_ucs2():
    assert gw.segments_of("a" * 160) == 1
    assert gw.segments_of("a" * 161) == 2
    assert gw.segments_of("ồ" * 70) == 1
    assert gw.segments_of("ồ" * 71) == 2
