"""The active identity plugin, from the registry filled by the plugin modules."""

from __future__ import annotations

from django.conf import settings

from . import production  # noqa: F401  (registers its plugin)
from .base import IdentityProvider, _registry


def get_provider(key: str | None = None) -> IdentityProvider:
    """The configured identity plugin (settings.MOTCUA_IDENTITY_PROVIDER), or the one named."""
    return _registry[key or getattr(settings, "MOTCUA_IDENTITY_PROVIDER", "vneid")]()


def registered() -> list[str]:
    return sorted(_registry)
