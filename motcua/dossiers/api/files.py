"""Files arriving through the API, in base64 inside JSON or as multipart parts: both go through the
one upload check, `core.uploads.check_upload` (same limit, `MOTCUA_UPLOAD_MAX_BYTES`; type by
content; structure; antivirus). Its Django ValidationError becomes the API's, code kept."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from rest_framework import serializers

from motcua.core import uploads


def _checked(file: File | tuple[str, bytes], name: str, kinds: Collection[str] = uploads.ALL_KINDS) -> File:
    try:
        return uploads.check_upload(file, name=name, kinds=kinds).file
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages, code=error.code) from error


def from_base64(data: str, name: str, *, kinds: Collection[str] = uploads.ALL_KINDS) -> File:
    """A checked file from base64 (a `data:` URL prefix is allowed)."""
    if data.startswith("data:") and "," in data:
        data = data.split(",", 1)[1]
    data = "".join(data.split())
    limit = uploads.max_bytes()
    if len(data) * 3 // 4 > limit + 3:  # refused before decoding what is certainly too large
        raise serializers.ValidationError(
            _("Tệp “%(name)s” quá lớn; dung lượng tối đa là %(limit)s MB.")
            % {"name": name, "limit": round(limit / 1048576, 1)},
            code="file_too_large",
        )
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as error:
        raise serializers.ValidationError(
            _("Nội dung tệp “%(name)s” không phải base64 hợp lệ.") % {"name": name}, code="file_base64"
        ) from error
    return _checked((name, raw), name, kinds)


def from_upload(
    upload: UploadedFile, name: str | None = None, *, kinds: Collection[str] = uploads.ALL_KINDS
) -> File:
    """A checked file from a multipart upload."""
    return _checked(upload, name or upload.name or "", kinds)
