"""Scanned papers arriving through the API: size limit and real type by magic bytes.

A file is accepted only when its first bytes say PDF, JPEG or PNG, whatever its name says: an
executable renamed `.pdf` is refused. The limit is the setting MOTCUA_UPLOAD_MAX_BYTES (20 MB).
"""

from __future__ import annotations

import base64
import binascii
import os
import re

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rest_framework import serializers

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

#: (magic prefix, content type, extension)
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def max_bytes() -> int:
    return int(getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a PDF, JPEG or PNG, from its first bytes; None otherwise."""
    # PDF readers accept a header within the first 1024 bytes; scanners write it first.
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


def _safe_name(name: str, ext: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = re.sub(r"[^0-9A-Za-z_.-]+", "-", stem).strip("-.")[:80] or "tep"
    return f"{stem}.{ext}"


def _check(head: bytes, size: int, name: str) -> str:
    limit = max_bytes()
    if size > limit:
        raise serializers.ValidationError(
            _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if size == 0:
        raise serializers.ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="file_empty")
    kind = sniff(head)
    if kind is None:
        raise serializers.ValidationError(
            _(
                "Tệp “%(name)s” không phải là PDF, JPEG hay PNG (nội dung tệp không khớp với các định dạng "
                "này, dù tên tệp là gì). Chỉ nhận tệp PDF, JPEG, PNG."
            )
            % {"name": name},
            code="file_type",
        )
    return kind[1]


def from_base64(data: str, name: str) -> ContentFile:
    """A checked file from base64 (a `data:` URL prefix is allowed)."""
    if data.startswith("data:") and "," in data:
        data = data.split(",", 1)[1]
    data = "".join(data.split())
    # Refuse before decoding what is certainly too large.
    if len(data) * 3 // 4 > max_bytes() + 3:
        _check(b"", len(data) * 3 // 4, name)
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as error:
        raise serializers.ValidationError(
            _("Nội dung tệp “%(name)s” không phải base64 hợp lệ.") % {"name": name}, code="file_base64"
        ) from error
    ext = _check(raw[:16], len(raw), name)
    return ContentFile(raw, name=_safe_name(name, ext))


def from_upload(upload, name: str | None = None) -> File:
    """A checked file from a multipart upload."""
    name = name or upload.name
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    ext = _check(head, upload.size, name)
    upload.name = _safe_name(name, ext)
    return upload
