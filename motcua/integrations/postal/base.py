"""The postal service interface and its registry."""

from __future__ import annotations

import abc
from dataclasses import dataclass

#: The statuses a postal item goes through, in order (the callback's `status`).
STATUSES = ("accepted", "collected", "in_transit", "delivered", "failed")


@dataclass(frozen=True)
class ShipmentOrder:
    reference: str  # our reference (the dossier's code and kind)
    kind: str  # "collection" (from the applicant's home) or "result" (to it)
    address: str
    recipient: str
    phone: str
    callback_url: str


@dataclass(frozen=True)
class StatusReport:
    item_number: str
    status: str
    at: str
    note: str = ""


class PostalError(Exception):
    pass


class PostalService(abc.ABC):
    name = ""

    @abc.abstractmethod
    def create_shipment(self, order: ShipmentOrder) -> str:
        """Book the item; returns its S10 item number."""

    @abc.abstractmethod
    def read_callback(self, body: bytes, signature: str) -> StatusReport | None:
        """The status report in a callback, or None when its signature or content is wrong."""
