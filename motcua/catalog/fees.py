"""Fees as rules: what a dossier of a version costs, computed the same way for the desk, the API and
(later) online payment.

A fee item (`FeeItem`) carries the published text ("2.000 đồng/trang; từ trang thứ 3 trở lên thu
1.000 đồng/trang, tối đa thu không quá 200.000 đồng/bản"). Its rule is either written by a
maintainer in `FeeItem.rule` (structured JSON, confidence "high") or read from that text by
`parse_rule`, with a confidence: "high" when every figure of the text was understood, "medium" when
only the amount and its unit were, "low" when the text sets no amount (set by the province, …).

The rule (also the shape of `FeeItem.rule`):

    {"amount": 2000,                      # đồng per unit (None: not known)
     "per": "page" | "copy" | "dossier",  # what the amount is counted on
     "steps": [{"from_page": 3, "amount": 1000}],   # per-page amounts from a page on
     "cap_per_copy": 200000,              # at most this much for one copy
     "currency": "VND" | "USD",
     "free_on_time": true,                # free when registered on time (e.g. a death on time)
     "set_by_province": true,             # the amount is set by the provincial council
     "exemptions": ["người thuộc hộ nghèo", …]}      # who is exempted (told, not computed)

`fee_for(version, pages=…, copies=…, channel=…, on_time=…)` returns `(total, lines)`: the total in
đồng of the fees that apply (None when one of them has no known amount) and one line per fee item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .intake import channel_values
from .models import FeeItem, ProcedureVersion

PER_PAGE, PER_COPY, PER_DOSSIER = "page", "copy", "dossier"

_NUMBER = r"(\d{1,3}(?:[.,]\d{3})+|\d+)"
_VND = r"\s*(?:đồng|đ|vnđ|vnd|việt nam đồng)"
_AMOUNT_PER = re.compile(_NUMBER + _VND + r"\s*/\s*([^\s;,.()]+(?:\s(?:hợp|ký|bản|lần|thẻ))?)", re.IGNORECASE)
_STEP = re.compile(
    r"từ trang thứ\s*(\d+)\s*trở lên(?:\s*thu)?\s*" + _NUMBER + _VND + r"\s*/\s*trang", re.IGNORECASE
)
_CAP = re.compile(r"tối đa(?:\s*thu)?(?:\s*không quá)?\s*" + _NUMBER + _VND + r"\s*/\s*bản", re.IGNORECASE)
_USD = re.compile(r"(\d+(?:[.,]\d+)?)\s*USD", re.IGNORECASE)
_HEAD = re.compile(r"^\s*" + _NUMBER + _VND, re.IGNORECASE)
_PROVINCE = re.compile(r"hội đồng nhân dân|hđnd", re.IGNORECASE)
_ON_TIME = re.compile(r"miễn lệ phí[^.;]*đúng hạn", re.IGNORECASE)
_EXEMPT = re.compile(r"miễn lệ phí (?:cho|đối với)\s*([^.]+)", re.IGNORECASE)


def _number(text: str) -> int:
    return int(re.sub(r"[.,]", "", text))


def _per(unit: str) -> str:
    unit = unit.lower()
    if unit.startswith("trang"):
        return PER_PAGE
    if unit.startswith("bản"):
        return PER_COPY
    return PER_DOSSIER  # trường hợp, lần, giao dịch, văn bản, thẻ, người…


@dataclass
class Rule:
    amount: int | None = None
    per: str = PER_DOSSIER
    steps: list[dict] = field(default_factory=list)
    cap_per_copy: int | None = None
    currency: str = "VND"
    free_on_time: bool = False
    set_by_province: bool = False
    exemptions: list[str] = field(default_factory=list)
    confidence: str = "high"

    def as_dict(self) -> dict:
        return {
            "amount": self.amount,
            "per": self.per,
            "steps": self.steps,
            "cap_per_copy": self.cap_per_copy,
            "currency": self.currency,
            "free_on_time": self.free_on_time,
            "set_by_province": self.set_by_province,
            "exemptions": self.exemptions,
            "confidence": self.confidence,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Rule:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        known.setdefault("confidence", "high")
        return cls(**known)


def parse_rule(*, text: str, description: str = "", amount_vnd: int | None = None) -> Rule:
    """The rule a published fee text states, with how sure the reading is."""
    # The description repeats the text in full where the text is only "2,000 Việt Nam Đồng (/trang)".
    whole = " ".join(x for x in (text, description) if x)
    lowered = whole.lower()
    rule = Rule()
    if _ON_TIME.search(whole):
        rule.free_on_time = True
    for match in _EXEMPT.finditer(whole):
        found = match.group(1).strip()
        if "đúng hạn" in found:
            found = re.sub(r"^trường hợp[^,;]*đúng hạn[,;]?\s*", "", found).strip()
        rule.exemptions += [x.strip(" ,") for x in re.split(r";", found) if x.strip(" ,")]
    steps = [{"from_page": int(m.group(1)), "amount": _number(m.group(2))} for m in _STEP.finditer(whole)]
    cap = _CAP.search(whole)
    amounts = [(m.group(1), m.group(2)) for m in _AMOUNT_PER.finditer(whole)]
    # "2,000 Việt Nam Đồng (/trang)": the unit in brackets after the amount
    bracket = re.search(r"\(\s*/\s*([^)]+)\)", text or "")
    if lowered.startswith("miễn phí") and not amount_vnd:
        if _PROVINCE.search(whole):
            rule.set_by_province, rule.confidence = True, "low"
        rule.amount = None if rule.set_by_province else 0
        return rule
    usd = _USD.search(text or "")
    if usd and not amount_vnd:
        rule.currency = "USD"
        rule.amount = int(float(usd.group(1).replace(",", ".")))
        rule.per = _per(bracket.group(1)) if bracket else PER_COPY
        return rule
    head = _HEAD.match(text or "")
    head_amount = _number(head.group(1)) if head else None
    if amounts:
        first_amount, unit = amounts[0]
        rule.amount = _number(first_amount)
        rule.per = _per(unit)
    elif amount_vnd is not None or head_amount is not None:
        rule.amount = amount_vnd if amount_vnd is not None else head_amount
        rule.per = _per(bracket.group(1)) if bracket else PER_DOSSIER
        rule.confidence = "medium"
    else:
        rule.confidence = "low"
    if any(x is not None and x != rule.amount for x in (amount_vnd, head_amount)):
        rule.confidence = "low"  # the text and the published figure disagree
    if _PROVINCE.search(whole):
        rule.set_by_province = True
        rule.confidence = "low"
    rule.steps = steps
    rule.cap_per_copy = _number(cap.group(1)) if cap else None
    if steps or rule.cap_per_copy:
        rule.per = PER_PAGE if steps else rule.per
    return rule


def rule_of(fee: FeeItem) -> Rule:
    """The maintainer's rule when written, else the one read from the published text."""
    if fee.rule:
        return Rule.from_dict(fee.rule)
    return parse_rule(text=fee.text, description=fee.description, amount_vnd=fee.amount_vnd)


def per_copy(rule: Rule, pages: int) -> int:
    """The fee for one copy of `pages` pages under a per-page rule with steps and a cap."""
    total = 0
    for page in range(1, max(pages, 1) + 1):
        amount = rule.amount or 0
        for step in sorted(rule.steps, key=lambda s: s["from_page"]):
            if page >= step["from_page"]:
                amount = step["amount"]
        total += amount
    if rule.cap_per_copy is not None:
        total = min(total, rule.cap_per_copy)
    return total


@dataclass(frozen=True)
class FeeLine:
    fee_id: int | None
    name: str
    amount: int | None  # đồng (None: not known, e.g. set by the province)
    currency: str
    explanation: str
    confidence: str
    rule: dict


def _applies(fee: FeeItem, channel) -> bool:
    if channel is None or not fee.channels:
        return True
    return bool(set(fee.channels) & channel_values(channel))


def _format(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def line_for(fee: FeeItem, *, pages: int = 1, copies: int = 1, on_time: bool = True) -> FeeLine:
    rule = rule_of(fee)
    copies, pages = max(copies, 1), max(pages, 1)
    if rule.free_on_time and on_time:
        amount, why = 0, _("miễn khi đăng ký đúng hạn")
    elif rule.amount is None:
        amount = None
        why = (
            _("mức thu do Hội đồng nhân dân cấp tỉnh quyết định")
            if rule.set_by_province
            else _("chưa rõ mức thu")
        )
    elif rule.per == PER_PAGE:
        one = per_copy(rule, pages)
        amount = one * copies
        why = _("%(pages)s trang × %(copies)s bản: %(one)s/bản") % {
            "pages": pages,
            "copies": copies,
            "one": _format(one),
        }
    elif rule.per == PER_COPY:
        amount = rule.amount * copies
        why = _("%(copies)s bản × %(amount)s") % {"copies": copies, "amount": _format(rule.amount)}
    else:
        amount = rule.amount
        why = _("miễn phí") if amount == 0 else _("%(amount)s/hồ sơ") % {"amount": _format(amount)}
    return FeeLine(
        fee_id=fee.pk,
        name=fee.name,
        amount=amount,
        currency=rule.currency,
        explanation=why,
        confidence=rule.confidence,
        rule=rule.as_dict(),
    )


def fee_for(
    version: ProcedureVersion,
    *,
    pages: int = 1,
    copies: int = 1,
    case=None,
    channel=None,
    on_time: bool = True,
) -> tuple[int | None, list[FeeLine]]:
    """(total in đồng, lines) of a dossier of `version`: the fee items for `channel` (None: all),
    each computed for `pages` pages × `copies` copies. Fees in another currency (e.g. USD at a
    representative office abroad) are listed apart and not added. The total is None when an
    applicable fee has no known amount. `case` is accepted for the cases' own fees (none yet)."""
    lines = [
        line_for(fee, pages=pages, copies=copies, on_time=on_time)
        for fee in version.fees.all()
        if _applies(fee, channel)
    ]
    vnd = [line for line in lines if line.currency == "VND"]
    total = None if any(line.amount is None for line in vnd) else sum(line.amount for line in vnd)
    return total, lines


@dataclass
class SuggestedRequest:
    """What an officer's fee request starts from: the catalogue's fees for the dossier (one page,
    one copy: the request form has one line, the officer corrects it from the papers in hand)."""

    name: str
    amount: int | None  # None: an applicable fee has no known amount (the officer types it)
    explanation: str


def suggested_request(
    version: ProcedureVersion, *, channel=None, name_length: int = 128
) -> SuggestedRequest | None:
    """The fee request prefilled from `fee_for` (fees in đồng only; per version and channel: the
    catalogue keeps no fees per case yet); None when the version lists no fee."""
    total, lines = fee_for(version, channel=channel)
    lines = [line for line in lines if line.currency == "VND"]
    if not lines:
        return None
    names = "; ".join(dict.fromkeys(line.name for line in lines))
    explanation = "; ".join(f"{line.name}: {line.explanation}" for line in lines)
    return SuggestedRequest(name=names[:name_length], amount=total, explanation=explanation)
