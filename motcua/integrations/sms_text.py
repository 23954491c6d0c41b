"""The one rule for the text of an SMS: one segment where possible.

A message with any character outside GSM-7 (Vietnamese diacritics: ă, ơ, ư, ệ, …) travels as UCS-2:
70 characters in one segment (67 per part when split). Without them it travels as GSM-7: 160
characters in one segment. `render` therefore

1. keeps the Vietnamese text as it is when it fits one UCS-2 segment (70 characters);
2. otherwise folds the diacritics (case kept, đ → d: "Hồ sơ đã tiếp nhận" → "Ho so da tiep nhan") and
   uses that when it fits one GSM-7 segment (160);
3. otherwise shortens the one free-text value the template names as `elastic` (a reason typed by
   an officer), ending it with "...", so the whole still fits one GSM-7 segment;
4. and if even that cannot fit (a template with no free text, too long on its own), sends the
   folded text in several segments rather than cut what the citizen needs.

`sms_gateway.segments_of` is the counter (the gateway bills by it), so what `render` promises is what
the gateway counts. Folding gives plain ASCII, which that counter counts as GSM-7.
"""

from __future__ import annotations

import unicodedata

from .sms_gateway import segments_of

UCS2_ONE_SEGMENT = 70
GSM7_ONE_SEGMENT = 160
ELLIPSIS = "..."

#: Punctuation outside ASCII that Vietnamese texts use, and its plain equivalent.
_PLAIN = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
    }
)


def fold(text: str) -> str:
    """Vietnamese without diacritics, case and punctuation kept, in plain ASCII (GSM-7 safe): what is
    left outside ASCII after folding (rare symbols) becomes "?" rather than forcing UCS-2."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_PLAIN))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return "".join(ch if ord(ch) < 128 else "?" for ch in unicodedata.normalize("NFC", stripped))


def one_segment(text: str) -> bool:
    return segments_of(text) == 1


def render(template: str, values: dict[str, object], *, elastic: str | None = None) -> str:
    """`template % values` as an SMS, in one segment where possible (the module's rule)."""
    text = template % values
    if one_segment(text):
        return text
    folded = fold(text)
    if one_segment(folded) or elastic is None:
        return folded
    value = fold(str(values.get(elastic) or ""))
    without = fold(template % {**values, elastic: ""})
    room = GSM7_ONE_SEGMENT - len(without) - len(ELLIPSIS)
    if room <= 0:
        return folded
    shortened = value[:room].rstrip(" ,;.") + ELLIPSIS
    return fold(template % {**values, elastic: shortened})
