"""A real OpenID Connect provider standing in for VNeID (demo and tests only, /mo-phong/vneid/):
discovery, JWKS, authorisation with a consent page listing the test identities, token endpoint
(authorisation code, PKCE S256 required, codes single-use) and userinfo. Codes and access tokens live
in the default cache: short-lived by nature."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlencode

import jwt
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import identities
from . import keys

CODE_SECONDS = 60
ACCESS_TOKEN_SECONDS = 600
ID_TOKEN_SECONDS = 300
AUTH_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def issuer(request) -> str:
    return request.build_absolute_uri(reverse("vneid-simulator:root")).rstrip("/")


def _url(request, name: str) -> str:
    return request.build_absolute_uri(reverse(f"vneid-simulator:{name}"))


def _client_ok(client_id: str, secret: str | None = None) -> bool:
    if not hmac.compare_digest(client_id or "", settings.OIDC_RP_CLIENT_ID):
        return False
    return secret is None or hmac.compare_digest(secret, settings.OIDC_RP_CLIENT_SECRET)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def discovery(request):
    return JsonResponse(
        {
            "issuer": issuer(request),
            "authorization_endpoint": _url(request, "authorize"),
            "token_endpoint": _url(request, "token"),
            "userinfo_endpoint": _url(request, "userinfo"),
            "jwks_uri": _url(request, "jwks"),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "scopes_supported": ["openid", "profile", "phone", "address"],
        }
    )


@require_GET
def jwks(request):
    return JsonResponse(keys.jwks())


def _redirect_error(params, error: str):
    query = {"error": error}
    if params.get("state"):
        query["state"] = params["state"]
    return HttpResponseRedirect(f"{params['redirect_uri']}?{urlencode(query)}")


@require_http_methods(["GET", "POST"])
def authorize(request):
    params = {
        name: (request.GET if request.method == "GET" else request.POST).get(name, "") for name in AUTH_PARAMS
    }
    # An unknown client or no redirect address: never redirect (RFC 6749 §4.1.2.1), say it here.
    if not _client_ok(params["client_id"]) or not params["redirect_uri"]:
        return HttpResponseBadRequest(_("Ứng dụng không được đăng ký với nhà cung cấp định danh."))
    if params["response_type"] != "code" or "openid" not in params["scope"].split():
        return _redirect_error(params, "invalid_request")
    if not params["code_challenge"] or params["code_challenge_method"] != "S256":
        return _redirect_error(params, "invalid_request")
    if request.method == "GET":
        return render(
            request,
            "vneid/consent.html",
            {"params": params, "identities": identities.all_identities()},
        )
    if request.POST.get("action") == "deny":
        return _redirect_error(params, "access_denied")
    person = identities.find(request.POST.get("identity", ""))
    if person is None:
        return _redirect_error(params, "access_denied")
    code = secrets.token_urlsafe(32)
    cache.set(
        f"vneid-sim:code:{code}",
        {**params, "id_number": person.id_number, "auth_time": int(time.time())},
        CODE_SECONDS,
    )
    return HttpResponseRedirect(
        f"{params['redirect_uri']}?{urlencode({'code': code, 'state': params['state']})}"
    )


def _token_error(error: str, status: int = 400):
    return _no_store(JsonResponse({"error": error}, status=status))


def _client_credentials(request) -> tuple[str, str]:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        try:
            client_id, _sep, secret = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            return "", ""
        return client_id, secret
    return request.POST.get("client_id", ""), request.POST.get("client_secret", "")


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


@csrf_exempt
@require_POST
def token(request):
    client_id, secret = _client_credentials(request)
    if not _client_ok(client_id, secret):
        return _token_error("invalid_client", 401)
    if request.POST.get("grant_type") != "authorization_code":
        return _token_error("unsupported_grant_type")
    code_key = f"vneid-sim:code:{request.POST.get('code', '')}"
    grant = cache.get(code_key)
    # Single use: a replayed code finds nothing.
    cache.delete(code_key)
    if grant is None or grant["client_id"] != client_id:
        return _token_error("invalid_grant")
    if request.POST.get("redirect_uri", "") != grant["redirect_uri"]:
        return _token_error("invalid_grant")
    verifier = request.POST.get("code_verifier", "")
    if not (43 <= len(verifier) <= 128) or not hmac.compare_digest(
        pkce_challenge(verifier), grant["code_challenge"]
    ):
        return _token_error("invalid_grant")
    person = identities.find(grant["id_number"])
    if person is None:
        return _token_error("invalid_grant")
    now = int(time.time())
    claims = {
        "iss": issuer(request),
        "sub": person.id_number,
        "aud": client_id,
        "iat": now,
        "exp": now + ID_TOKEN_SECONDS,
        "auth_time": grant["auth_time"],
        "nonce": grant["nonce"],
        "acr": f"level{person.level}",
    }
    key = keys.signing_key()
    id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": keys.key_id(key)})
    access_token = secrets.token_urlsafe(32)
    cache.set(f"vneid-sim:access:{access_token}", person.id_number, ACCESS_TOKEN_SECONDS)
    return _no_store(
        JsonResponse(
            {
                "access_token": access_token,
                "token_type": "Bearer",
                "expires_in": ACCESS_TOKEN_SECONDS,
                "id_token": id_token,
            }
        )
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request):
    header = request.headers.get("Authorization", "")
    number = cache.get(f"vneid-sim:access:{header[7:]}") if header.startswith("Bearer ") else None
    person = identities.find(number) if number else None
    if person is None:
        response = JsonResponse({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return _no_store(JsonResponse(person.claims()))


@require_GET
def identity_list(request):
    return render(
        request,
        "vneid/identities.html",
        {"identities": identities.all_identities(), "discovery": _url(request, "discovery")},
    )
