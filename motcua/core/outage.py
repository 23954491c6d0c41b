"""Faults: a database or Redis outage answers 503 with `Retry-After`, never a 500.

The API answers in its error format (`{code, detail}`); the screens answer the Vietnamese page
`503.html`, rendered without the request's context (reading the user would touch the session, which
is what is down). Nothing is kept between requests: Django closes a connection that raised
(`close_if_unusable_or_obsolete`) and checks a kept one before reusing it (`CONN_HEALTH_CHECKS`), so
the service recovers by itself as soon as the server is back."""

import logging

from django import db
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger("motcua.outage")

try:  # the Redis client is a dependency of the cache and of Celery's broker, always installed
    from redis import exceptions as redis_exceptions

    _REDIS_ERRORS: tuple[type[BaseException], ...] = (
        redis_exceptions.ConnectionError,
        redis_exceptions.TimeoutError,
        redis_exceptions.BusyLoadingError,
    )
except ImportError:  # pragma: no cover
    _REDIS_ERRORS = ()

# OperationalError: the server went away, refused the connection or is shutting down; InterfaceError:
# the connection object is already closed. Programming and integrity errors stay 500s and 4xx.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (db.OperationalError, db.InterfaceError, *_REDIS_ERRORS)


def is_outage(exc: BaseException | None) -> bool:
    """The exception, or one it was raised from, says a backing service is unreachable."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OUTAGE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def retry_after() -> int:
    return int(getattr(settings, "MOTCUA_RETRY_AFTER_SECONDS", 5))


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_error_body(code: str, message: str) -> dict:
    """The API's error body for a refusal that concerns no field (see core.api.exception_handler):
    `{code, field, message}`, with `detail` kept for the clients that read it."""
    return {"code": code, "field": None, "message": message, "detail": message}


def unavailable_message() -> str:
    return _("Hệ thống đang tạm thời gián đoạn kết nối tới cơ sở dữ liệu. Vui lòng thử lại sau ít phút.")


def unavailable_response(request, exc: BaseException | None = None) -> HttpResponse:
    """503 + Retry-After: JSON on the API, the Vietnamese page on the screens."""
    logger.warning("service unavailable on %s %s: %r", request.method, request.path, exc)
    if is_api(request):
        response = JsonResponse(api_error_body("service_unavailable", unavailable_message()), status=503)
    else:
        response = HttpResponse(
            loader.render_to_string("503.html", {"retry_after": retry_after()}),
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after())
    # A proxy or a browser must not keep the outage page in place of the real one.
    response["Cache-Control"] = "no-store"
    return response
