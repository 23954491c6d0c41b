"""The payment gateways this installation knows, by name; `MOTCUA_PAYMENT_GATEWAY` picks one."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from .base import PaymentGateway
from .vnpay import VNPayGateway

_REGISTRY: dict[str, Callable[[], PaymentGateway]] = {"vnpay": VNPayGateway.from_settings}


def register(name: str, factory: Callable[[], PaymentGateway]) -> None:
    """Add a gateway (a locality's own plugin, the national portal's payment platform…)."""
    _REGISTRY[name] = factory


def get_gateway(name: str | None = None) -> PaymentGateway:
    """The named gateway, or the configured one (default "vnpay")."""
    name = name or getattr(settings, "MOTCUA_PAYMENT_GATEWAY", "vnpay")
    try:
        return _REGISTRY[name]()
    except KeyError:
        raise KeyError(f"unknown payment gateway {name!r}; known: {', '.join(sorted(_REGISTRY))}") from None
