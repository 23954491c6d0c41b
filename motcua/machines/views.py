"""The OAuth2 endpoints of the machine clients, /o/token/ and /o/revoke_token/: django-oauth-toolkit's
own views, throttled per client address like every login path (a 429 in the OAuth2 error shape,
`{"error", "error_description"}`, with Retry-After). Only the client credentials grant exists
(oauth.py); errors are the toolkit's, in the standard shape (RFC 6749 §5.2)."""

from __future__ import annotations

import math

from django.http import JsonResponse
from oauth2_provider import views as oauth_views

from motcua.core.throttles import ScopedThrottle, throttled_message


class MachineTokenThrottle(ScopedThrottle):
    scope = "machine_token"

    def get_cache_key(self, request, view):
        # Per address, never per session user: whoever is logged in in a browser changes nothing.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _throttled(request):
    throttle = MachineTokenThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    response = JsonResponse({"error": "slow_down", "error_description": throttled_message(wait)}, status=429)
    if wait:
        response["Retry-After"] = str(math.ceil(wait))
    return response


class TokenView(oauth_views.TokenView):
    def post(self, request, *args, **kwargs):
        return _throttled(request) or super().post(request, *args, **kwargs)


class RevokeTokenView(oauth_views.RevokeTokenView):
    def post(self, request, *args, **kwargs):
        return _throttled(request) or super().post(request, *args, **kwargs)
