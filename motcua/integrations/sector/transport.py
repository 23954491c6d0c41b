"""The production plugin: the record as JSON over HTTPS to the system's URL, signed (`signing`).

    POST <URL>  the record (schemas/sector-dossier.schema.json)
        201/202 {"external_code": "...", "message": "..."}   taken; the result comes by callback
        4xx     {"error": "...", "message": "..."}           refused: sending again cannot help
        5xx, timeout, network                               retried by the outbox (backoff)

The answer is not the acknowledgement: the delivery stays SENT until the system's "received"
callback (which also carries its code) acknowledges it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.utils import timezone

from ..dispatch.transports import DeliveryError, Receipt, Transport
from . import signing
from .config import system_of_partner

TIMEOUT_SECONDS = 15


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """One POST: in process to a simulator (`inprocess:<path>`), else over the network."""
    if url.startswith("inprocess:"):
        from ..inprocess import call

        return call("POST", url[len("inprocess:") :], body=body, headers=headers)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, OSError) as error:
        raise DeliveryError(f"network: {error}") from error


def _message(payload: bytes) -> tuple[dict, str]:
    try:
        data = json.loads(payload or b"{}")
    except ValueError:
        return {}, payload[:500].decode(errors="replace")
    if not isinstance(data, dict):
        return {}, ""
    return data, str(data.get("message") or data.get("error") or "")[:2000]


class HttpTransport(Transport):
    def send(self, delivery) -> Receipt:
        system = system_of_partner(delivery.partner)
        if system is None:
            raise DeliveryError(f"unknown sector system {delivery.partner!r}", retryable=False)
        body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
        status, payload = post(system.url, body, signing.headers(body, system.secret, timezone.now()))
        data, message = _message(payload)
        if status in (200, 201, 202):
            return Receipt(
                partner_ref=str(data.get("external_code") or "")[:120], acknowledged=False, message=message
            )
        if 400 <= status < 500 and status not in (408, 429):
            raise DeliveryError(f"HTTP {status}", retryable=False, partner_message=message)
        raise DeliveryError(f"HTTP {status}", partner_message=message)
