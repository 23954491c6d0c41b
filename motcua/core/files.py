"""Serving stored files, after the caller has checked who may have them.

There is no public media folder: each file view checks access, then calls `serve`. How the bytes
travel is the setting `MOTCUA_FILE_SERVING`:

- "django" (the embedded default): Django streams the file from its storage;
- "nginx": an empty answer with `X-Accel-Redirect: <MOTCUA_FILE_INTERNAL_URL><storage name>`; nginx
  serves it from an `internal` location aliased to MEDIA_ROOT (clients cannot request it directly);
- "sendfile": `X-Sendfile: <path>` for Apache's mod_xsendfile or lighttpd.

Every answer is private and uncached, with the content type fixed (no sniffing by the browser).
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

MODES = ("django", "nginx", "sendfile")


def serve(field, *, filename: str, inline: bool = False) -> HttpResponse:
    """The answer carrying the stored file `field` (a FieldFile) under the name `filename`."""
    if not field:
        raise Http404
    mode = getattr(settings, "MOTCUA_FILE_SERVING", "django")
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if mode == "django":
        try:
            handle = field.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(
            handle, as_attachment=not inline, filename=filename, content_type=content_type
        )
    elif mode in ("nginx", "sendfile"):
        if not field.storage.exists(field.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, filename)
        if mode == "nginx":
            internal = getattr(settings, "MOTCUA_FILE_INTERNAL_URL", "/_protected/")
            response["X-Accel-Redirect"] = internal.rstrip("/") + "/" + quote(field.name)
        else:
            response["X-Sendfile"] = field.path
    else:
        raise ImproperlyConfigured(f"MOTCUA_FILE_SERVING must be one of {MODES}, not {mode!r}")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
