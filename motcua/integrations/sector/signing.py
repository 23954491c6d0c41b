"""Signatures of the messages between MotCua and a sector system, both ways:

    X-Timestamp: <Unix seconds>
    X-Signature: hex(HMAC-SHA256(secret, "<timestamp>." + body))

The timestamp is inside the signature, so a captured message cannot be re-dated; a message older
(or newer) than `WINDOW` is refused, and within the window the receiver refuses a signature it has
already accepted (the dossier side keeps that log)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

WINDOW = dt.timedelta(minutes=5)
TIMESTAMP_HEADER = "X-Timestamp"
SIGNATURE_HEADER = "X-Signature"


def signature(body: bytes, secret: str, timestamp: str) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def headers(body: bytes, secret: str, now: dt.datetime) -> dict[str, str]:
    timestamp = str(int(now.timestamp()))
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(body, secret, timestamp),
    }


class Refused(Exception):
    """Why a signed message is not accepted: `reason` is a stable code (logged, answered)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def verify(body: bytes, *, secret: str, timestamp: str, given: str, now: dt.datetime) -> None:
    """Raise Refused("bad_signature" | "stale_timestamp") unless the message is signed with
    `secret` and dated within WINDOW of `now`."""
    timestamp = (timestamp or "").strip()
    if not timestamp.isdigit() or len(timestamp) > 12:
        raise Refused("bad_signature")
    if not hmac.compare_digest(signature(body, secret, timestamp), (given or "").strip().lower()):
        raise Refused("bad_signature")
    sent = dt.datetime.fromtimestamp(int(timestamp), tz=dt.UTC)
    if abs(now - sent) > WINDOW:
        raise Refused("stale_timestamp")
