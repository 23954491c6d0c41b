"""Request bodies are bounded before anything parses them.

- Size: a body declared larger than `MOTCUA_REQUEST_MAX_BYTES` is refused with 413 before it is
  read. Django's own `DATA_UPLOAD_MAX_MEMORY_SIZE` is set to the same figure (settings), so JSON
  (files in base64) and multipart reach the same per-file limit, `MOTCUA_UPLOAD_MAX_BYTES`, which
  `core.uploads.check_upload` applies to each file whichever way it came.
- Depth: a JSON body nested deeper than `MOTCUA_JSON_MAX_DEPTH` is refused with 400 before
  `json.loads` (whose recursion would otherwise end in a RecursionError, a 500).

Both answers use the API's error format (`{code, detail, errors}`).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _

DEFAULT_JSON_MAX_DEPTH = 64
#: A JSON string (skipped whole: brackets inside strings do not nest) or one bracket.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def max_depth() -> int:
    return int(getattr(settings, "MOTCUA_JSON_MAX_DEPTH", DEFAULT_JSON_MAX_DEPTH))


def request_max_bytes() -> int:
    return int(settings.MOTCUA_REQUEST_MAX_BYTES)


def json_too_deep(body: bytes, limit: int) -> bool:
    """True when the JSON text `body` nests arrays/objects deeper than `limit` (without parsing it)."""
    if body.count(b"[") + body.count(b"{") <= limit:  # the usual case, base64 files included
        return False
    depth = 0
    for match in _TOKENS.finditer(body):
        token = match.group()
        if token in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


def error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"code": code, "detail": message, "errors": {"non_field_errors": [message]}}, status=status
    )


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = request_max_bytes()
        if length > limit:
            return error(
                "request_too_large",
                _("Yêu cầu quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                % {"size": round(length / 1048576, 1), "limit": round(limit / 1048576, 1)},
                413,
            )
        content_type = request.META.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
        if length and (content_type == "application/json" or content_type.endswith("+json")):
            depth = max_depth()
            if json_too_deep(request.body, depth):
                return error(
                    "json_too_deep",
                    _("Nội dung JSON lồng nhau quá sâu (tối đa %(depth)s cấp).") % {"depth": depth},
                    400,
                )
        return self.get_response(request)
