"""The plugin shape: one Transport per partner system, named in `MOTCUA_DISPATCH_TRANSPORTS`
(`{"national_portal": "motcua.integrations.national_portal.client.Transport", …}`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Receipt:
    """What the partner answered to a send: its own reference, whether that answer is already its
    acknowledgement (synchronous partners) or one will come later, and its message."""

    partner_ref: str = ""
    acknowledged: bool = True
    message: str = ""


class DeliveryError(Exception):
    """The partner did not take the record. `retryable=False` for a refusal (the record itself is
    wrong: sending it again cannot help), True for a timeout, an outage, a 5xx."""

    def __init__(self, message: str, *, retryable: bool = True, partner_message: str = ""):
        super().__init__(message)
        self.retryable = retryable
        self.partner_message = partner_message


class Transport:
    """Hand one delivery to the partner. Must be safe to call twice with the same delivery (send
    `delivery.idempotency_key`): a crashed worker's record is sent again."""

    def send(self, delivery) -> Receipt:  # pragma: no cover - the interface
        raise NotImplementedError


def partners() -> dict[str, str]:
    return dict(getattr(settings, "MOTCUA_DISPATCH_TRANSPORTS", {}))


@cache
def _load(path: str) -> Transport:
    return import_string(path)()


def get_transport(partner: str) -> Transport:
    try:
        path = partners()[partner]
    except KeyError:
        raise DeliveryError(f"no transport configured for partner {partner!r}", retryable=False) from None
    return _load(path)


def reset() -> None:
    """Forget the loaded transports (tests that override the setting)."""
    _load.cache_clear()
