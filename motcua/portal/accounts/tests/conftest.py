"""The OIDC client's server-to-server calls (token, userinfo, JWKS, discovery) go through `requests`;
here they are answered by the simulator through Django's test client: no network, the real views."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import requests
from django.core.cache import cache
from django.test import Client
from requests.structures import CaseInsensitiveDict


class DjangoClientAdapter(requests.adapters.BaseAdapter):
    def __init__(self):
        super().__init__()
        self.client = Client()  # the server's own calls: no browser cookies

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        extra = {
            "HTTP_" + name.upper().replace("-", "_"): value
            for name, value in request.headers.items()
            if name.lower() not in {"content-type", "content-length"}
        }
        answer = self.client.generic(
            request.method,
            path,
            data=request.body or b"",
            content_type=request.headers.get("Content-Type", "application/octet-stream"),
            **extra,
        )
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers.items())
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


@pytest.fixture
def provider(monkeypatch, settings, tmp_path):
    """The VNeID simulator reachable at http://testserver/ for the server's own calls."""
    settings.MOTCUA_SIMULATOR_DIR = str(tmp_path)
    session = requests.Session()
    session.mount("http://testserver/", DjangoClientAdapter())
    monkeypatch.setattr(requests, "get", session.get)
    monkeypatch.setattr(requests, "post", session.post)
    cache.clear()
    yield session
    cache.clear()


@pytest.fixture
def provider_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise requests.ConnectionError("connection refused")

    monkeypatch.setattr(requests, "get", refuse)
    monkeypatch.setattr(requests, "post", refuse)
    cache.clear()
    yield
    cache.clear()
