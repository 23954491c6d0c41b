"""Vietnamese text helpers shared by search on every database."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces.

    `fold("Đăng ký  khai sinh") == "dang ky khai sinh"`; used for the SQLite search column and to
    normalise queries, so PostgreSQL's unaccent and this function must agree on the letters we use.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()
