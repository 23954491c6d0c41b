"""The payment gateway interface and its registry.

A gateway builds the URL the payer is redirected to, reads a callback (the browser's return or the
server-to-server notification) into a `GatewayResult` whose `signature_valid` says whether it may be
believed, and lists its transactions of a day for the reconciliation."""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PaymentRequest:
    reference: str  # the merchant's unique reference of this attempt (vnp_TxnRef)
    amount_vnd: int
    description: str
    return_url: str  # absolute
    client_ip: str
    created_at: dt.datetime
    expires_at: dt.datetime
    locale: str = "vn"


@dataclass(frozen=True)
class GatewayResult:
    signature_valid: bool
    reference: str = ""
    amount_vnd: int | None = None
    success: bool = False
    response_code: str = ""
    transaction_status: str = ""
    transaction_no: str = ""
    bank_code: str = ""
    paid_at: dt.datetime | None = None
    raw: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GatewayTransaction:
    """One line of the gateway's own list of a day's transactions."""

    reference: str
    amount_vnd: int
    success: bool
    transaction_no: str
    paid_at: dt.datetime | None


class GatewayError(Exception):
    """The gateway could not be reached or answered something unreadable."""


class PaymentGateway(abc.ABC):
    name: str = ""
    #: The value of the national sync field `DuocThanhToanTrucTuyen` (1 national portal, 2 local gateway).
    sync_code: int = 2

    @abc.abstractmethod
    def payment_url(self, request: PaymentRequest) -> str: ...

    @abc.abstractmethod
    def parse_callback(self, params: Mapping[str, str]) -> GatewayResult: ...

    @abc.abstractmethod
    def transactions(self, day: dt.date) -> list[GatewayTransaction]: ...
