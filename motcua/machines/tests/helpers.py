"""Machine clients for tests: register one through the service, get a token from the real endpoint."""

from __future__ import annotations

import base64

from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from motcua.machines import services

TOKEN_URL = "/o/token/"


def register(name="Cổng Dịch vụ công quốc gia", grants=(), **kwargs) -> services.Credentials:
    """`grants`: (agency, [scopes]) or (agency, [scopes], include_subunits)."""
    specs = [
        services.GrantSpec(agency=g[0], scopes=tuple(g[1]), include_subunits=bool(g[2:] and g[2]))
        for g in grants
    ]
    return services.register_client(name=name, grants=specs, now=timezone.now(), **kwargs)


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def request_token(credentials, scope: str | None = None, *, secret: str | None = None, **data):
    body = {"grant_type": "client_credentials", **data}
    if scope is not None:
        body["scope"] = scope
    return Client().post(
        TOKEN_URL,
        body,
        HTTP_AUTHORIZATION=basic(
            credentials.client_id, secret if secret is not None else credentials.client_secret
        ),
    )


def token(credentials, scope: str | None = None) -> str:
    response = request_token(credentials, scope)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def machine_api(credentials, scope: str | None = None) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token(credentials, scope)}")
    return client
