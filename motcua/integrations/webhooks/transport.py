"""The dispatch transport of the notifications (partner "webhook"): signs the stored notification
with its subscription's secret at each attempt and POSTs it. 2xx: acknowledged; any other answer, a
timeout or a refused connection: failed, retried with the dispatch backoff, dead after the last
try; an inactive or deleted subscription or a URL the guard refuses: dead at once (an operator can
replay it once the subscription is fixed)."""

from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

from django.conf import settings

from .. import inprocess
from ..dispatch.transports import DeliveryError, Receipt, Transport
from . import urlguard
from .models import Subscription
from .verify import DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, sign

USER_AGENT = "MotCua-Webhooks/1"


def body_of(notification: dict) -> bytes:
    """The bytes sent (and signed): compact JSON, UTF-8, keys in a stable order."""
    return json.dumps(notification, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signed_headers(secret: str, notification: dict, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        DELIVERY_HEADER: notification["id"],
    }


def _timeout() -> float:
    return float(getattr(settings, "MOTCUA_WEBHOOK_TIMEOUT_SECONDS", 10))


class WebhookTransport(Transport):
    def send(self, delivery) -> Receipt:
        subscription = Subscription.objects.filter(pk=delivery.payload.get("subscription")).first()
        if subscription is None:
            raise DeliveryError("the subscription was deleted", retryable=False)
        if not subscription.active:
            raise DeliveryError("the subscription is not active", retryable=False)
        notification = delivery.payload["notification"]
        body = body_of(notification)
        headers = signed_headers(subscription.secret, notification, body, int(time.time()))
        url = subscription.callback_url
        try:
            if urlguard.is_simulator(url):
                parts = urlsplit(url)
                status, answer = inprocess.call("POST", parts.path, body=body, headers=headers)
            else:
                status, answer = urlguard.post(urlguard.resolve(url), body, headers, timeout=_timeout())
        except urlguard.UnsafeUrl as exc:
            raise DeliveryError(f"callback URL refused: {exc}", retryable=False) from exc
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, TLS, garbled
            raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc
        text = answer.decode("utf-8", "replace")[:500]
        if 200 <= status < 300:
            return Receipt(partner_ref=str(status), acknowledged=True, message=text)
        raise DeliveryError(f"the subscriber answered HTTP {status}", partner_message=text)
