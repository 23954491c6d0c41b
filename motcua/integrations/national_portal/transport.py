"""The dispatch Transport of partner "national_portal": a delivery's payload is the sync record."""

from __future__ import annotations

from ..dispatch.transports import Receipt, Transport
from .client import get_client


class NationalPortalTransport(Transport):
    def send(self, delivery) -> Receipt:
        return get_client().push(delivery.payload, key=delivery.idempotency_key)
