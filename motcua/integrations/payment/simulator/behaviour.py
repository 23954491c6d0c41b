"""What the simulator is told to do (the control page, or `MOTCUA_PAYMENT_SIMULATOR` in the tests):

- `fail`: every payment is declined (response code 51, insufficient funds);
- `delay`: notifications are held until released from the control page (the return comes first);
- `double`: each notification is sent twice;
- `tamper`: "signature" changes the amount after signing; "amount" signs a wrong amount;
- `no_notify`: the notification is never sent (the reconciliation must find it)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

CACHE_KEY = "mo-phong:thanh-toan:behaviour"
SWITCHES = ("fail", "delay", "double", "no_notify")
TAMPER = ("", "signature", "amount")


def current() -> dict:
    base = {"fail": False, "delay": False, "double": False, "no_notify": False, "tamper": ""}
    base.update(getattr(settings, "MOTCUA_PAYMENT_SIMULATOR", {}) or {})
    base.update(cache.get(CACHE_KEY) or {})
    return base


def set_behaviour(**values) -> dict:
    clean = {k: bool(values.get(k)) for k in SWITCHES}
    clean["tamper"] = values.get("tamper") if values.get("tamper") in TAMPER else ""
    cache.set(CACHE_KEY, clean, None)
    return clean


def reset() -> None:
    cache.delete(CACHE_KEY)
