"""Personal data removed before an answer is published: names, ID numbers, phone numbers, e-mail and
street addresses are found and replaced by a label; phrases the caller names as public (procedure
names, agency names) are kept as they are. The officer sees the result and confirms or corrects it
before publishing (services.publish_answer): detection is a help, the officer's eye the rule.

Pure text: no database; the caller passes the names it knows (the sender's, the officers') and the
phrases to keep."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

_UPPER = "A-ZÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠ-Ỹ"
_WORD = rf"[{_UPPER}][a-zà-ỹđ]+"
#: The common Vietnamese family names: a run of capitalised words starting with one reads as a name.
SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Trịnh",
    "Mai",
    "Trương",
    "Đinh",
    "Lâm",
    "Phùng",
    "Tạ",
    "Cao",
    "Lưu",
    "Hà",
    "Chu",
    "Lương",
    "Tô",
    "Kiều",
    "Quách",
    "Vương",
    "Triệu",
    "Thái",
    "Tăng",
    "Hứa",
    "Mạc",
    "La",
    "Lại",
    "Văn",
]
#: Words that introduce a person ("ông Hùng", "cán bộ Minh", "chị Lan").
TITLES = (
    r"(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Cc]ô|[Cc]hú|[Ee]m|[Cc]án bộ|[Cc]ông chức|[Cc]huyên viên|[Đđ]ồng chí)"
)

PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # Phones before ID numbers: 0 or +84, then 9 digits (mobiles) or 10 (landlines: 024 + 8), grouped
    # by spaces, dots or dashes.
    ("phone", re.compile(r"(?<![\d\w])(?:\+84|0)(?:[\s.-]?\d){9,10}(?![\d\w])")),
    # CCCD (12 digits), CMND (9), passport-like (a letter and 7–8 digits), tax codes (10 or 13).
    ("id", re.compile(r"(?<![\d\w])(?:\d{12}|\d{9}|\d{10}(?:-\d{3})?|[A-Z]\d{7,8})(?![\d\w])")),
    (
        "address",
        re.compile(
            r"(?:[Ss]ố nhà|[Ss]ố|[Nn]gõ|[Nn]gách|[Hh]ẻm|[Kk]iệt|[Tt]ổ dân phố|[Tt]ổ)\s+\d+[\w/]*"
            rf"(?:(?:,\s*|\s+)(?:[Nn]gõ|[Nn]gách|[Hh]ẻm|[Pp]hố|[Đđ]ường|[Tt]hôn|[Xx]óm)\s+(?:\d+[\w/]*|{_WORD}(?:\s+{_WORD})*))*"
        ),
    ),
    ("name", re.compile(rf"\b{TITLES}\s+(?P<value>{_WORD}(?:\s+{_WORD}){{0,3}})")),
    ("name", re.compile(rf"\b(?:{'|'.join(SURNAMES)})(?:\s+{_WORD}){{1,3}}")),
)


def labels() -> dict[str, str]:
    return {
        "email": _("[thư điện tử]"),
        "phone": _("[số điện thoại]"),
        "id": _("[số giấy tờ]"),
        "address": _("[địa chỉ]"),
        "name": _("[họ tên]"),
    }


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int
    text: str


def find(text: str, *, names: Iterable[str] = (), keep: Iterable[str] = ()) -> list[Found]:
    """The personal data in `text`, without overlaps (the earliest, then the longest, wins), none
    inside a phrase of `keep`."""
    kept = [
        (m.start(), m.end())
        for phrase in sorted({p for p in keep if p and p.strip()}, key=len, reverse=True)
        for m in re.finditer(re.escape(phrase), text, flags=re.IGNORECASE)
    ]
    candidates: list[Found] = []
    for name in {n.strip() for n in names if n and len(n.strip()) > 2}:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE):
            candidates.append(Found("name", m.start(), m.end(), m.group()))
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            part = "value" if "value" in pattern.groupindex else 0  # a title stays, the name goes
            candidates.append(Found(kind, m.start(part), m.end(part), m.group(part)))
    chosen: list[Found] = []
    for found in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
        if any(found.start < b and a < found.end for a, b in kept):
            continue
        if chosen and found.start < chosen[-1].end:
            continue
        chosen.append(found)
    return chosen


def mask(text: str, *, names: Iterable[str] = (), keep: Iterable[str] = ()) -> str:
    """`text` with each piece of personal data replaced by its label."""
    words = labels()
    out, at = [], 0
    for found in find(text, names=names, keep=keep):
        out.append(text[at : found.start])
        out.append(words[found.kind])
        at = found.end
    out.append(text[at:])
    return "".join(out)
