"""The identity plugin interface and its registry (ARCHITECTURE.md: a base class + registry per kind).

A plugin names the provider's endpoints and says whether the provider answers; the OIDC exchange
itself (state, nonce, PKCE, signature, expiry) is done by the client library (mozilla-django-oidc)
in the portal, configured from the active plugin's endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from django.core.cache import cache


@dataclass(frozen=True)
class Endpoints:
    issuer: str
    discovery: str
    authorization: str
    token: str
    userinfo: str
    jwks: str


@dataclass(frozen=True)
class ProviderStatus:
    up: bool
    detail: str = ""


class IdentityProvider:
    """One national identity provider. Subclasses set `key` and implement `endpoints`."""

    key = ""
    #: How long a status check is remembered: the login page must not wait on a dead provider each time.
    status_cache_seconds = 30
    timeout_seconds = 3.0

    def endpoints(self) -> Endpoints:
        raise NotImplementedError

    def configured(self) -> bool:
        points = self.endpoints()
        return bool(points.issuer and points.authorization and points.token and points.jwks)

    def status(self) -> ProviderStatus:
        """Is the provider reachable: its discovery document and its keys both answer?"""
        if not self.configured():
            return ProviderStatus(False, "not_configured")
        cache_key = f"identity-status:{self.key}"
        remembered = cache.get(cache_key)
        if remembered is not None:
            return ProviderStatus(*remembered)
        status = self._probe()
        cache.set(cache_key, (status.up, status.detail), self.status_cache_seconds)
        return status

    def _probe(self) -> ProviderStatus:
        points = self.endpoints()
        try:
            for url in (points.discovery, points.jwks):
                response = requests.get(url, timeout=self.timeout_seconds)
                response.raise_for_status()
                response.json()
        except (requests.RequestException, ValueError) as exc:
            return ProviderStatus(False, type(exc).__name__)
        return ProviderStatus(True)


_registry: dict[str, type[IdentityProvider]] = {}


def register(cls: type[IdentityProvider]) -> type[IdentityProvider]:
    if not cls.key:
        raise ValueError("an identity plugin needs a key")
    _registry[cls.key] = cls
    return cls
