"""Request throttles, counted in the default cache (local memory in the embedded default, Redis with
REDIS_CACHE_URL), with rates from `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]` (None: no limit).

A client is its user when logged in, else its address as `core.lockout.client_ip` sees it (never a
client-chosen X-Forwarded-For). A refusal is a 429 in the API's format with `Retry-After`
(core.api.exception_handler); pages use `check_page` and answer a Vietnamese 429 page.
"""

from __future__ import annotations

import math

from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .lockout import client_ip


class ScopedThrottle(SimpleRateThrottle):
    scope = ""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # read now: tests change rates

    def get_ident(self, request):
        return client_ip(request) or ""

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PublicLookupThrottle(ScopedThrottle):
    scope = "public_lookup"


class SubmissionThrottle(ScopedThrottle):
    scope = "submission"


def throttled_message(wait: float | None) -> str:
    if wait:
        return _("Quá nhiều yêu cầu; vui lòng thử lại sau %(seconds)s giây.") % {"seconds": math.ceil(wait)}
    return _("Quá nhiều yêu cầu; vui lòng thử lại sau.")


def check_page(request, throttle_class):
    """None when the page may be answered; else the 429 page (with Retry-After)."""
    throttle = throttle_class()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    response = render(request, "core/throttled.html", {"message": throttled_message(wait)}, status=429)
    if wait:
        response["Retry-After"] = str(math.ceil(wait))
    return response
