"""The CMS's uploads pass MotCua's one upload check (core.uploads): a picture is a JPEG or PNG by its
content, decoded within the pixel bound, scanned when ClamAV is configured; a document is a PDF by the
same check, or a video (MP4, WebM) recognised by its content, within its own size limit and scanned.
Wagtail builds its image and document forms on these (WAGTAILIMAGES_IMAGE_FORM_BASE, …)."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from motcua.core.uploads import check_upload, scan

IMAGE_KINDS = frozenset({"jpeg", "png"})
VIDEO_EXTENSIONS = {".mp4", ".webm"}


def _is_video(head: bytes) -> bool:
    # MP4: an "ftyp" box first; WebM: the EBML header.
    return head[4:8] == b"ftyp" or head[:4] == b"\x1a\x45\xdf\xa3"


def check_video(file: UploadedFile) -> None:
    limit = settings.MOTCUA_CMS_VIDEO_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("Tệp video quá lớn (tối đa %(limit)s)."),
            code="file_too_large",
            params={"limit": filesizeformat(limit)},
        )
    file.seek(0)
    content = file.read()
    file.seek(0)
    if not _is_video(content[:16]):
        raise ValidationError(_("Tệp không phải video MP4 hay WebM."), code="file_type")
    scan(content, file.name)


class CheckedImageForm(BaseImageForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            check_upload(file, kinds=IMAGE_KINDS)
            file.seek(0)
        return file


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            if PurePath(file.name).suffix.lower() in VIDEO_EXTENSIONS:
                check_video(file)
            else:
                check_upload(file, kinds=frozenset({"pdf"}))
                file.seek(0)
        return file
