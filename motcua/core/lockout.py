"""Password guessing: django-axes counts failed logins per (username, client address) on every login
path (the officers' page, the admin, the API's session login) and, past `AXES_FAILURE_LIMIT`, refuses
even the right password until the cool-off ends. This module renders that refusal: a Vietnamese page
on the screens, the API's error format under `/api/`, both with `Retry-After`."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def cooloff_seconds() -> int:
    cooloff = getattr(settings, "AXES_COOLOFF_TIME", None)
    if cooloff is None:
        return 0
    if isinstance(cooloff, int | float):  # axes reads a number as hours
        return int(cooloff * 3600)
    return int(cooloff.total_seconds())


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or, behind `MOTCUA_TRUSTED_PROXY_COUNT` reverse proxies,
    the address the outermost trusted proxy saw (X-Forwarded-For read from the right, so a client
    cannot choose its own address by sending the header)."""
    proxies = int(getattr(settings, "MOTCUA_TRUSTED_PROXY_COUNT", 0))
    remote = request.META.get("REMOTE_ADDR")
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < proxies:
        return remote
    return hops[-proxies]


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    seconds = cooloff_seconds()
    minutes = max(1, (seconds + 59) // 60) if seconds else 0
    if minutes:
        message = _(
            "Đăng nhập sai quá nhiều lần: tài khoản tạm khóa trên máy này. Thử lại sau %(minutes)s phút."
        ) % {"minutes": minutes}
    else:
        message = _("Đăng nhập sai quá nhiều lần: tài khoản bị khóa. Liên hệ quản trị hệ thống.")
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"code": "login_locked", "detail": message, "errors": {"username": [message]}}, status=429
        )
    else:
        response = render(request, "core/lockout.html", {"message": message}, status=429)
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
