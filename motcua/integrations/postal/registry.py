"""The postal services this installation knows, by name; `MOTCUA_POSTAL_SERVICE` picks one."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from .base import PostalService
from .vnpost import VNPostService

_REGISTRY: dict[str, Callable[[], PostalService]] = {"vnpost": VNPostService.from_settings}


def register(name: str, factory: Callable[[], PostalService]) -> None:
    _REGISTRY[name] = factory


def get_service(name: str | None = None) -> PostalService:
    return _REGISTRY[name or getattr(settings, "MOTCUA_POSTAL_SERVICE", "vnpost")]()
