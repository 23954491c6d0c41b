"""A small SMS-gateway protocol, its client, and a local simulator that speaks it.

Vietnamese SMS brandname gateways (VNPT, Viettel, FPT, …) all take a JSON POST authenticated by
an API key and an HMAC over the request; this is that shape, kept honest and minimal:

    POST <base>/v1/messages
    Content-Type: application/json
    X-Api-Key: <key id>
    X-Timestamp: <unix seconds>
    X-Signature: hex(HMAC-SHA256(secret, "<timestamp>\\nPOST\\n<path>\\n<hex sha256(body)>"))

    {"to": "+84912345678", "text": "…", "client_ref": "<idempotency key>"}

    202 {"message_id": "SIM-…", "status": "accepted", "segments": 1, "duplicate": false}
    400 {"error": "invalid_recipient" | "invalid_request", "detail": "…"}
    401 {"error": "invalid_signature" | "stale_timestamp" | "unknown_key"}
    503 {"error": "unavailable"}          (the simulator's outage switch)

The same `client_ref` twice returns the first message's id with `"duplicate": true`, so a
retried send never reaches the handset twice.

Settings: MOTCUA_SMS_GATEWAY_URL (default: the in-process simulator), MOTCUA_SMS_GATEWAY_KEY_ID,
MOTCUA_SMS_GATEWAY_SECRET (default derived from SECRET_KEY: fine for the simulator only).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

MESSAGES_PATH = "/v1/messages"
DEFAULT_URL = "inprocess:" + MESSAGES_PATH
MAX_CLOCK_SKEW = 300  # seconds; a captured request cannot be replayed later than this
# Vietnamese mobile numbers: 0 or +84, then 3/5/7/8/9 and eight digits (since the 2018 renumbering).
_VN_MOBILE = re.compile(r"^(?:\+84|84|0)([35789]\d{8})$")


def key_id() -> str:
    return getattr(settings, "MOTCUA_SMS_GATEWAY_KEY_ID", "motcua")


def secret() -> bytes:
    configured = getattr(settings, "MOTCUA_SMS_GATEWAY_SECRET", None)
    if configured:
        return configured.encode()
    return hashlib.sha256(b"sms-gateway-simulator:" + settings.SECRET_KEY.encode()).digest()


def signature(*, timestamp: str, method: str, path: str, body: bytes, key: bytes) -> str:
    message = f"{timestamp}\n{method.upper()}\n{path}\n{hashlib.sha256(body).hexdigest()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def normalise_msisdn(number: str) -> str | None:
    """`0912 345 678` → `+84912345678`; None when it is not a Vietnamese mobile number."""
    m = _VN_MOBILE.match(re.sub(r"[\s.\-()]", "", number or ""))
    return f"+84{m.group(1)}" if m else None


def segments_of(text: str) -> int:
    # Vietnamese with diacritics needs UCS-2: 70 characters in one SMS, 67 per part when split.
    if all(ord(ch) < 128 for ch in text):
        return 1 if len(text) <= 160 else -(-len(text) // 153)
    return 1 if len(text) <= 70 else -(-len(text) // 67)


# --- client ------------------------------------------------------------------------------------


class SmsGatewayError(Exception):
    def __init__(self, message: str, *, status: int | None = None, retryable: bool = True):
        super().__init__(message)
        self.status = status
        self.retryable = retryable


@dataclass(frozen=True)
class SmsAccepted:
    message_id: str
    segments: int
    duplicate: bool


#: (method, url, headers, body) -> (status, parsed JSON body)
Transport = Callable[[str, str, dict[str, str], bytes], tuple[int, dict]]


def inprocess_transport(method: str, url: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
    """Call the simulator view directly, through Django's request machinery but without a socket
    or the project's URLconf (so it works whether or not the simulator URL is mounted)."""
    from django.test import RequestFactory

    path = urlsplit(url).path
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    request = RequestFactory().generic(method, path, data=body, content_type="application/json", **extra)
    response = simulator_view(request)
    return response.status_code, json.loads(response.content or b"{}")


def http_transport(method: str, url: str, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            payload = json.loads(exc.read() or b"{}")
        except ValueError:
            payload = {}
        return exc.code, payload
    except (urllib.error.URLError, TimeoutError) as exc:
        raise SmsGatewayError(f"gateway unreachable: {exc}") from exc


class SmsGatewayClient:
    def __init__(self, *, url: str | None = None, transport: Transport | None = None):
        self.url = url or getattr(settings, "MOTCUA_SMS_GATEWAY_URL", DEFAULT_URL)
        if transport is None:
            transport = inprocess_transport if self.url.startswith("inprocess:") else http_transport
        self.transport = transport

    def send(self, *, to: str, text: str, client_ref: str, now: float | None = None) -> SmsAccepted:
        body = json.dumps({"to": to, "text": text, "client_ref": client_ref}, ensure_ascii=False).encode()
        timestamp = str(int(now if now is not None else time.time()))
        path = urlsplit(self.url).path or MESSAGES_PATH
        headers = {
            "Content-Type": "application/json",
            "X-Api-Key": key_id(),
            "X-Timestamp": timestamp,
            "X-Signature": signature(timestamp=timestamp, method="POST", path=path, body=body, key=secret()),
        }
        status, payload = self.transport("POST", self.url, headers, body)
        if status == 202:
            return SmsAccepted(
                message_id=payload["message_id"],
                segments=int(payload.get("segments", 1)),
                duplicate=bool(payload.get("duplicate")),
            )
        error = payload.get("error", "unknown")
        # 4xx means this request will never succeed as is; 5xx and transport errors may pass later.
        raise SmsGatewayError(
            f"gateway refused the message: HTTP {status} {error} {payload.get('detail', '')}".strip(),
            status=status,
            retryable=status >= 500,
        )


# --- simulator ---------------------------------------------------------------------------------

_outage = threading.Event()


@contextlib.contextmanager
def simulated_outage():
    """While active, the simulator answers 503, as a gateway does during an incident."""
    _outage.set()
    try:
        yield
    finally:
        _outage.clear()


def _error(status: int, error: str, detail: str = "") -> JsonResponse:
    return JsonResponse({"error": error, "detail": detail}, status=status)


@csrf_exempt
@require_POST
def simulator_view(request: HttpRequest) -> JsonResponse:
    """The simulated gateway: checks the signature and the request like a real one, records the
    message in SimulatedSms (its "handset"), and never delivers anything."""
    from .models import SimulatedSms

    if _outage.is_set():
        return _error(503, "unavailable", "Gateway under maintenance")
    if request.headers.get("X-Api-Key") != key_id():
        return _error(401, "unknown_key")
    timestamp = request.headers.get("X-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_CLOCK_SKEW:
        return _error(401, "stale_timestamp")
    expected = signature(
        timestamp=timestamp,
        method=request.method,
        path=_simulator_path(request),
        body=request.body,
        key=secret(),
    )
    if not hmac.compare_digest(expected, request.headers.get("X-Signature", "")):
        return _error(401, "invalid_signature")
    try:
        payload = json.loads(request.body)
        to, text, client_ref = payload["to"], payload["text"], payload["client_ref"]
    except (ValueError, KeyError, TypeError):
        return _error(400, "invalid_request", "JSON body with to, text and client_ref expected")
    if not (isinstance(text, str) and text.strip() and isinstance(client_ref, str) and client_ref):
        return _error(400, "invalid_request", "text and client_ref must be non-empty strings")
    msisdn = normalise_msisdn(to if isinstance(to, str) else "")
    if msisdn is None:
        return _error(400, "invalid_recipient", f"not a Vietnamese mobile number: {to!r}")

    existing = SimulatedSms.objects.filter(client_ref=client_ref).first()
    if existing is None:
        try:
            with transaction.atomic():
                existing = SimulatedSms.objects.create(
                    message_id=f"SIM-{uuid.uuid4().hex[:20]}",
                    client_ref=client_ref,
                    to=msisdn,
                    text=text,
                    segments=segments_of(text),
                )
                duplicate = False
        except IntegrityError:  # the same client_ref raced in: answer like the first one
            existing = SimulatedSms.objects.get(client_ref=client_ref)
            duplicate = True
    else:
        duplicate = True
    return JsonResponse(
        {
            "message_id": existing.message_id,
            "status": "accepted",
            "segments": existing.segments,
            "duplicate": duplicate,
        },
        status=202,
    )


def _simulator_path(request: HttpRequest) -> str:
    # The client signs the path it posts to; mounted under /integrations/sms-gateway/ the view sees
    # the full path, called in-process it sees MESSAGES_PATH: both are what the client signed.
    return request.path
