"""Small, valid files for tests that upload (every upload is parsed: core.uploads)."""

from __future__ import annotations

import io
import zlib


def pdf_bytes(*, text: str = "MotCua", streams: list[bytes] | None = None) -> bytes:
    """A one-page PDF with a correct cross-reference table; `streams`: extra raw stream objects
    (already encoded, given /FlateDecode) appended as objects."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    for raw in streams or []:
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(raw) + raw + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def zeros_bomb(size: int) -> bytes:
    """`size` bytes of zeros, deflated (1 GiB → about 1 MB)."""
    deflater = zlib.compressobj(9)
    block = bytes(1024 * 1024)
    parts = [deflater.compress(block) for _ in range(size // len(block))]
    parts.append(deflater.compress(bytes(size % len(block))))
    parts.append(deflater.flush())
    return b"".join(parts)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


PDF = pdf_bytes()
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
