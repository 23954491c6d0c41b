"""Server-to-server calls between a simulator and this site, in process: through Django's request
machinery and the project's URLconf, without a socket (the demo's single process and the tests have
no network). A plugin pointed at a real system uses HTTP instead."""

from __future__ import annotations

from urllib.parse import urlencode

from django.test import RequestFactory
from django.urls import resolve


def call(
    method: str, path: str, *, query: dict | None = None, body: bytes = b"", headers: dict | None = None
) -> tuple[int, bytes]:
    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in (headers or {}).items()}
    request = RequestFactory().generic(
        method, path, data=body, content_type="application/json", QUERY_STRING=urlencode(query or {}), **extra
    )
    match = resolve(path)
    response = match.func(request, *match.args, **match.kwargs)
    return response.status_code, response.content
