"""QR codes for printed forms (segno: pure Python, no image library needed for SVG)."""

import segno


def _code(data: str) -> segno.QRCode:
    # Level M (15 % recovery) survives a creased or stamped receipt while staying small at 26 mm.
    return segno.make(data, error="m", micro=False)


def qr_svg(data: str, *, scale: int = 4) -> str:
    """The QR code as a standalone SVG document (text)."""
    return _code(data).svg_inline(scale=scale, border=2)


def qr_svg_data_uri(data: str, *, scale: int = 4) -> str:
    """The QR code as an SVG `data:` URI, for `<img src=…>` in HTML and PDF templates."""
    return _code(data).svg_data_uri(scale=scale, border=2)


def qr_png(data: str, *, scale: int = 8) -> bytes:
    """The QR code as PNG bytes (for e-mail attachments and screens that cannot show SVG)."""
    import io

    buffer = io.BytesIO()
    _code(data).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
