"""The one check every uploaded file passes, whichever screen or format brought it.

`check_upload(file)` (a Django `File`/`UploadedFile`, or `(name, bytes)`, or bytes) returns a
`CheckedFile` or raises `django.core.exceptions.ValidationError` with a stable code:

1. size: empty (`file_empty`) or over `MOTCUA_UPLOAD_MAX_BYTES` (`file_too_large`) — the same limit
   for multipart and for base64 in JSON;
2. type by content, never by name: PDF, JPEG or PNG (`file_type`), or a kind the caller does not
   take (`file_kind`, e.g. a result must be a PDF);
3. structure: a PDF is parsed (pyHanko's reader: a `%PDF-`-prefixed executable has no cross-reference
   table and is refused, `file_damaged`), after every Flate stream has been inflated through zlib
   with a budget of `MOTCUA_UPLOAD_MAX_INFLATED_BYTES` for the whole file (`file_bomb`: a PDF of
   1 GiB of compressed zeros is refused after inflating only the budget); an image is decoded by
   Pillow once its declared size is within `MOTCUA_UPLOAD_MAX_PIXELS` (`file_bomb`);
4. antivirus: when `MOTCUA_CLAMD_SOCKET` (unix socket) or `MOTCUA_CLAMD_HOST` is set, the bytes go
   to ClamAV's daemon with its INSTREAM command (`file_infected`; `antivirus_unavailable` when the
   daemon cannot answer: no file is stored unscanned once scanning is configured).

The checked file keeps a safe display name (the sender's name without path or odd characters, the
extension from the content); where it is stored is the model's `upload_to` (`storage_name`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import secrets
import socket
import struct
import warnings
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ALL_KINDS = frozenset({"pdf", "jpeg", "png"})

#: (magic prefix, kind, content type, extension)
SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "jpeg", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png", "png"),
)
KIND_LABELS = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}


@dataclass(frozen=True)
class CheckedFile:
    file: File  # the content (in memory, or the checked file on disk), named `name`, ready for a FileField
    name: str  # safe display name, extension from the content
    kind: str  # "pdf" | "jpeg" | "png"
    content_type: str
    size: int
    sha256: str


def max_bytes() -> int:
    return int(getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str, str] | None:
    """(kind, content type, extension) from a file's first bytes; None when not PDF/JPEG/PNG."""
    for magic, kind, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return kind, content_type, ext
    return None


def safe_name(name: str, ext: str) -> str:
    stem = os.path.splitext(os.path.basename((name or "").replace("\\", "/")))[0]
    stem = re.sub(r"[^0-9A-Za-z_.-]+", "-", stem).strip("-.")[:80] or "tep"
    return f"{stem}.{ext}"


def storage_name(prefix: str, filename: str, *, now: dt.datetime | None = None) -> str:
    """An unguessable storage path `prefix/YYYY/MM/<random>.<ext>` (for `upload_to`): knowing a
    dossier's code, a form's kind or an event id does not name its file."""
    now = now or dt.datetime.now(dt.UTC)
    ext = os.path.splitext(filename or "")[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", ext):
        ext = ""
    return f"{prefix.strip('/')}/{now:%Y/%m}/{secrets.token_urlsafe(18)}{ext}"


def _refuse(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message % params if params else message, code=code)


def _local_path(file) -> str | None:
    """The file's path on this machine when it has one: an upload Django spooled to a temporary file
    (above FILE_UPLOAD_MAX_MEMORY_SIZE), or a stored file on the local disk."""
    if hasattr(file, "temporary_file_path"):
        return file.temporary_file_path()
    storage, stored = getattr(file, "storage", None), getattr(file, "name", None)
    if storage is not None and stored:
        try:
            return storage.path(stored)
        except (NotImplementedError, AttributeError, ValueError):
            return None
    return None


def _mapped(path: str):
    """The file's bytes mapped read-only (not copied into the worker's heap): the checks read it
    as bytes, the digest and the antivirus stream it; an empty file maps to b""."""
    import mmap

    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _read(file, name: str | None):
    """(display name, content, local path or None): bytes, or the local file mapped (a large upload
    is never read into memory whole: issue 11's 20 MB upload holds a few MB)."""
    if isinstance(file, tuple):
        display, content = file
        return name or display, bytes(content), None
    if isinstance(file, bytes | bytearray):
        return name or "tep", bytes(file), None
    if isinstance(file, File) or hasattr(file, "read"):
        display = name or getattr(file, "name", "") or "tep"
        size = getattr(file, "size", None)
        if size is not None and size > max_bytes():
            _too_large(display, size)
        path = _local_path(file)
        if path is not None and os.path.exists(path):
            return display, _mapped(path), path
        if hasattr(file, "seek"):
            file.seek(0)
        content = file.read(max_bytes() + 1)
        if hasattr(file, "seek"):
            file.seek(0)
        return display, content, None
    raise _refuse(_("Tệp không hợp lệ."), "file_invalid")


def _too_large(name: str, size: int):
    raise _refuse(
        _("Tệp “%(name)s” quá lớn (%(size)s); dung lượng tối đa là %(limit)s."),
        "file_too_large",
        name=os.path.basename(name),
        size=filesizeformat(size),
        limit=filesizeformat(max_bytes()),
    )


def check_upload(file, *, name: str | None = None, kinds=ALL_KINDS) -> CheckedFile:
    # A file this check produced (a screen checked it, then the command checks it again) is not
    # parsed and scanned twice; only the kinds asked for are checked again.
    earlier = getattr(file, "_motcua_checked", None)
    if isinstance(earlier, CheckedFile) and earlier.file is file:
        if earlier.kind not in kinds:
            raise _refuse(
                _("Tệp “%(name)s” là %(kind)s; ở đây chỉ nhận %(kinds)s."),
                "file_kind",
                name=earlier.name,
                kind=KIND_LABELS[earlier.kind],
                kinds=", ".join(KIND_LABELS[k] for k in sorted(kinds)),
            )
        return earlier
    display, content, path = _read(file, name)
    display = os.path.basename(display.replace("\\", "/"))
    if len(content) > max_bytes():
        _too_large(display, len(content))
    if not content:
        raise _refuse(_("Tệp “%(name)s” rỗng."), "file_empty", name=display)
    sniffed = sniff(content[:16])
    if sniffed is None:
        raise _refuse(
            _(
                "Tệp “%(name)s” không phải là PDF, JPEG hay PNG (nội dung tệp không khớp với các định dạng "
                "này, dù tên tệp là gì). Chỉ nhận tệp PDF, JPEG, PNG."
            ),
            "file_type",
            name=display,
        )
    kind, content_type, ext = sniffed
    if kind not in kinds:
        raise _refuse(
            _("Tệp “%(name)s” là %(kind)s; ở đây chỉ nhận %(kinds)s."),
            "file_kind",
            name=display,
            kind=KIND_LABELS[kind],
            kinds=", ".join(KIND_LABELS[k] for k in sorted(kinds)),
        )
    if kind == "pdf":
        _check_pdf(content, display, path)
    else:
        _check_image(content, display, kind)
    scan(content, display)
    checked_name = safe_name(display, ext)
    digest = hashlib.sha256(content).hexdigest()
    size = len(content)
    if path is not None:
        # The checked file is the file on disk, streamed in chunks when stored (never a copy in memory).
        checked_file: File = File(open(path, "rb"), name=checked_name)  # noqa: SIM115 (the FileField closes it)
    else:
        checked_file = ContentFile(content, name=checked_name)
    checked = CheckedFile(
        file=checked_file,
        name=checked_name,
        kind=kind,
        content_type=content_type,
        size=size,
        sha256=digest,
    )
    checked.file._motcua_checked = checked
    return checked


# ---------------------------------------------------------------------------------------------
# Structure

#: Where a stream's data begins: the keyword `stream` and its end of line (not `endstream`).
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_CHUNK = 64 * 1024


def inflated_size(content: bytes, budget: int) -> int:
    """The total size of the file's Flate streams once inflated, counting at most `budget + 1`
    bytes: each stream is inflated through zlib in bounded steps, so a bomb costs the budget, not
    its declared size. Streams that are not zlib data are skipped (counted by their raw size)."""
    total = 0
    for match in _STREAM.finditer(content):
        start = match.end()
        inflater = zlib.decompressobj()
        pos = start
        try:
            while pos < len(content) and not inflater.eof:
                chunk = content[pos : pos + _CHUNK]
                pos += len(chunk)
                data = inflater.decompress(chunk, budget + 1 - total)
                total += len(data)
                while inflater.unconsumed_tail and total <= budget:
                    data = inflater.decompress(inflater.unconsumed_tail, budget + 1 - total)
                    total += len(data)
                if total > budget:
                    return total
        except zlib.error:
            continue  # not Flate data (an image's DCT stream, an uncompressed stream)
    return total


def _check_pdf(content: bytes, name: str, path: str | None = None) -> None:
    budget = int(getattr(settings, "MOTCUA_UPLOAD_MAX_INFLATED_BYTES", 512 * 1024 * 1024))
    if inflated_size(content, budget) > budget:
        raise _refuse(
            _("Tệp “%(name)s” chứa dữ liệu nén bung ra quá lớn (trên %(limit)s); không nhận."),
            "file_bomb",
            name=name,
            limit=filesizeformat(budget),
        )
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    damaged = _refuse(
        _("Tệp “%(name)s” không phải là một tệp PDF đọc được (cấu trúc hỏng hoặc giả mạo)."),
        "file_damaged",
        name=name,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with open(path, "rb") if path else io.BytesIO(content) as stream:
                reader = PdfFileReader(stream, strict=False)
                if reader.encrypted:
                    raise _refuse(
                        _("Tệp “%(name)s” được đặt mật khẩu; hãy gửi bản không khóa."),
                        "file_encrypted",
                        name=name,
                    )
                pages = reader.root["/Pages"]
                count = int(pages["/Count"])
    except ValidationError:
        raise
    except (PdfError, KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as error:
        raise damaged from error
    except Exception as error:  # a reader error of another kind: still not a readable PDF
        raise damaged from error
    if count < 1:
        raise damaged


def _check_image(content: bytes, name: str, kind: str) -> None:
    from PIL import Image

    limit = int(getattr(settings, "MOTCUA_UPLOAD_MAX_PIXELS", 120_000_000))
    damaged = _refuse(
        _("Tệp ảnh “%(name)s” bị hỏng, không đọc được."),
        "file_damaged",
        name=name,
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != kind.upper():
                    raise damaged
                width, height = image.size
                if width * height > limit:
                    raise _refuse(
                        _("Ảnh “%(name)s” quá lớn (%(pixels)s điểm ảnh; tối đa %(limit)s)."),
                        "file_bomb",
                        name=name,
                        pixels=f"{width * height:,}".replace(",", "."),
                        limit=f"{limit:,}".replace(",", "."),
                    )
                image.load()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds (OSError, SyntaxError, ValueError, ...)
        raise damaged from error


# ---------------------------------------------------------------------------------------------
# Antivirus (ClamAV's daemon, INSTREAM)


class AntivirusUnavailable(Exception):
    pass


def clamd_configured() -> bool:
    return bool(getattr(settings, "MOTCUA_CLAMD_SOCKET", "") or getattr(settings, "MOTCUA_CLAMD_HOST", ""))


def _clamd_connection() -> socket.socket:
    timeout = float(getattr(settings, "MOTCUA_CLAMD_TIMEOUT", 30))
    path = getattr(settings, "MOTCUA_CLAMD_SOCKET", "")
    if path:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(path)
        return sock
    return socket.create_connection(
        (settings.MOTCUA_CLAMD_HOST, int(settings.MOTCUA_CLAMD_PORT)), timeout=timeout
    )


def clamd_instream(content: bytes) -> str | None:
    """ClamAV's verdict on `content`: None when clean, else the signature found.
    Raises AntivirusUnavailable when the daemon cannot be reached or answers an error."""
    try:
        with _clamd_connection() as sock:
            sock.sendall(b"zINSTREAM\0")
            view = memoryview(content)
            for start in range(0, len(view), _CHUNK):
                chunk = view[start : start + _CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                data = sock.recv(4096)
                if not data:
                    break
                reply += data
    except OSError as error:
        raise AntivirusUnavailable(str(error)) from error
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    # "stream: OK" | "stream: <signature> FOUND" | "<message> ERROR"
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix(" FOUND").strip()
    if answer.endswith(": OK") or answer == "stream: OK":
        return None
    raise AntivirusUnavailable(answer or "no answer")


def scan(content: bytes, name: str) -> None:
    if not clamd_configured():
        return
    try:
        found = clamd_instream(content)
    except AntivirusUnavailable as error:
        raise _refuse(
            _("Chưa kiểm tra được virus cho tệp “%(name)s” (dịch vụ quét virus không trả lời); thử lại sau."),
            "antivirus_unavailable",
            name=name,
        ) from error
    if found:
        raise _refuse(
            _("Tệp “%(name)s” chứa mã độc (%(signature)s); không nhận."),
            "file_infected",
            name=name,
            signature=found,
        )
