"""The reference verifier for MotCua's event notifications: Python standard library only.

Subscribers may copy this one file into their own system (it imports nothing from MotCua or
Django); MotCua signs with the same `sign` function, so the two cannot drift apart.

Every notification is a POST with a JSON body and three headers:

    X-MotCua-Timestamp: 1796436000          the time of this attempt, Unix seconds
    X-MotCua-Signature: sha256=<hex>        HMAC-SHA256(secret, timestamp + "." + body)
    X-MotCua-Delivery:  <id>                the notification's id, also in the body ("id")

A retried notification keeps its id and gets a new timestamp and signature. Use:

    from verify import SeenIds, VerificationError, verify

    seen = SeenIds()            # one per process; a shared store (a table, Redis) across processes
    try:
        notification = verify(secret, request_body_bytes, request_headers, seen=seen)
    except VerificationError as error:
        if error.reason == "replayed":
            return 200          # already taken: acknowledge again, do not process twice
        return 401              # error.reason says why: missing, malformed, signature, stale
    process(notification)       # the parsed body (a dict)
    return 200

Answer 2xx only once the notification is stored: anything else is sent again later.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Mapping

TIMESTAMP_HEADER = "X-MotCua-Timestamp"
SIGNATURE_HEADER = "X-MotCua-Signature"
DELIVERY_HEADER = "X-MotCua-Delivery"
SIGNATURE_PREFIX = "sha256="
#: Seconds a notification may be older (or, for clock skew, newer) than the subscriber's clock.
DEFAULT_TOLERANCE = 300

#: The reasons a notification is rejected (`VerificationError.reason`).
MISSING = "missing"  # a header is absent or empty
MALFORMED = "malformed"  # the timestamp is not a number, the body not a JSON object with an id
SIGNATURE = "signature"  # wrong secret, or the body or the timestamp was changed
STALE = "stale"  # the timestamp is outside the window: an old notification sent again
REPLAYED = "replayed"  # this id was already accepted


class VerificationError(Exception):
    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def sign(secret: str | bytes, timestamp: int | str, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


class SeenIds:
    """The ids accepted within the window, in memory (one process). `add` answers False for an id
    already there. Ids older than twice the window are forgotten: such a notification is stale."""

    def __init__(self, keep_seconds: int = 2 * DEFAULT_TOLERANCE):
        self.keep_seconds = keep_seconds
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, delivery_id: str, now: float) -> bool:
        with self._lock:
            for old, at in list(self._seen.items()):
                if at < now - self.keep_seconds:
                    del self._seen[old]
            if delivery_id in self._seen:
                return False
            self._seen[delivery_id] = now
            return True


def _header(headers: Mapping[str, str], name: str) -> str:
    value = headers.get(name)
    if value is None:  # a plain dict with other capitals
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    if not value:
        raise VerificationError(MISSING, f"header {name} is missing")
    return value.strip()


def verify(
    secret: str | bytes,
    body: bytes,
    headers: Mapping[str, str],
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
    seen=None,
) -> dict:
    """The notification in `body` if MotCua sent it with `secret`, recently, and (with `seen`, any
    object with `add(id, now) -> bool`) for the first time; raises VerificationError otherwise.

    The signature is checked first, in constant time: a changed timestamp or body is "signature",
    never "stale". The id is taken from the signed body; the header must agree with it."""
    timestamp = _header(headers, TIMESTAMP_HEADER)
    given = _header(headers, SIGNATURE_HEADER)
    delivery_id = _header(headers, DELIVERY_HEADER)
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise VerificationError(MALFORMED, "the timestamp is not a number of seconds")
    expected = sign(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        raise VerificationError(SIGNATURE, "the signature does not match the body and timestamp")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > tolerance:
        raise VerificationError(STALE, f"the timestamp is more than {tolerance} s away from now")
    try:
        notification = json.loads(body)
    except ValueError:
        raise VerificationError(MALFORMED, "the body is not JSON") from None
    if not isinstance(notification, dict) or not isinstance(notification.get("id"), str):
        raise VerificationError(MALFORMED, "the body is not a notification with an id")
    if notification["id"] != delivery_id:
        raise VerificationError(MALFORMED, "the delivery header does not match the body's id")
    if seen is not None and not seen.add(delivery_id, now):
        raise VerificationError(REPLAYED, "this notification was already received")
    return notification
