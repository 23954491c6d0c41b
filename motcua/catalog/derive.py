"""Cases and components re-derived from a procedure's published text (the rows of `data/procedures.json`).

The portal publishes "Thành phần hồ sơ" as rows under headings. The law's structure lives in the words:

- "* Giấy tờ phải nộp:" / "* Giấy tờ phải xuất trình:" — papers to hand in / only to show;
- a row opening a case ("Trường hợp trẻ em bị bỏ rơi thì phải có …") — its own case;
- several other headings ("(1.1) Đối với công trình …", "* Đăng ký tạm trú theo danh sách, hồ sơ gồm:") — one
  case each, the first the default;
- a heading "… một trong những giấy tờ sau" — its rows are alternatives (one of);
- "A; trường hợp không có A thì nộp B; nếu không có … thì phải có C" — A, B, C alternatives;
- "(nếu … nộp hồ sơ theo hình thức trực tiếp hoặc gửi hồ sơ qua hệ thống bưu chính)" — desk and post only,
  "(… lựa chọn nộp hồ sơ theo hình thức trực tuyến)" — online only;
- "trong trường hợp ủy quyền", "(nếu có)", "trong trường hợp …" inside a row — optional.

`derive(raw)` returns the cases, the components (in the exchange format of `importers`) and a confidence mark
(`high` / `medium` / `low`) with the reasons. It is automatic and knows nothing of a particular procedure; the
hand-checked procedures of `data/components_checked.json` win over it (see `loader`).

Channels of a component are `desk`, `post` and `online` (every online level); empty means every channel.
"""

import re
from dataclasses import dataclass, field

from motcua.core.text import fold

DEFAULT_CASE = "Trường hợp thông thường"
ONLINE = "online"

_BULLET = re.compile(r"^\s*(?:[-+•*]\s*)+")
_CASE_ROW = re.compile(r"^(Trường hợp (?:.(?!\bthì\b))+?)\s*(?:,\s*)?(?:thì|phải|cần)\b", re.S)
_FALLBACK = re.compile(
    r"[;,.]\s*(?:trường hợp|nếu)\s+không có\s+(?:[^;]*?)\s+thì\s+(?:phải\s+)?(?:có|nộp|xuất trình)?\s*",
    re.I,
)
_CHANNEL_CLAUSE = re.compile(
    r"\(?\s*(?:nếu|trường hợp|đối với)[^()]*?(?:nộp hồ sơ|lựa chọn|thực hiện|gửi hồ sơ)[^()]*?"
    r"(?:trực tiếp|bưu chính|trực tuyến)[^();]*\)?",
    re.I,
)
_ONE_OF = re.compile(r"một trong (?:những|các|số)? ?(?:giấy tờ|loại giấy tờ|văn bản)", re.I)
_OPTIONAL = re.compile(r"\(nếu có\)|\bnếu có\b|trong trường hợp|đối với trường hợp", re.I)
_POWER_OF_ATTORNEY = re.compile(r"ủy quyền|uỷ quyền", re.I)


@dataclass
class Derived:
    cases: list[dict] = field(default_factory=list)
    requirements: list[dict] = field(default_factory=list)
    confidence: str = "high"
    reasons: list[str] = field(default_factory=list)


def _heading_kind(group: str | None) -> str:
    """'submit' / 'show' for the two common headings, 'proxy' for the power-of-attorney heading, else 'case'."""
    if not group:
        return "submit"
    folded = fold(group)
    if "xuat trinh" in folded:
        return "show"
    if "giay to phai nop" in folded or folded.strip("*: ") in ("ho so gom", "thanh phan ho so"):
        return "submit"
    if "uy quyen" in folded and (
        "kem theo" in folded or folded.lstrip("* ").startswith("truong hop uy quyen")
    ):
        return "proxy"
    return "case"


def channels_of(text: str) -> list[str]:
    """The channels a row names in a clause such as '(nếu … nộp hồ sơ theo hình thức trực tiếp …)'."""
    folded = fold(text)
    if "dien tu tuong tac" in folded:
        return [ONLINE]
    match = _CHANNEL_CLAUSE.search(text)
    if not match:
        return []
    clause = fold(match.group(0))
    out = []
    if "truc tiep" in clause:
        out.append("desk")
    if "buu chinh" in clause:
        out.append("post")
    if "truc tuyen" in clause:
        out.append(ONLINE)
    return [] if len(out) == 3 else out


def _strip_channel_clause(text: str) -> str:
    return _CHANNEL_CLAUSE.sub("", text).strip(" ;,") if channels_of(text) else text


def _cap(text: str) -> str:
    text = text.strip(" ;,.")
    return text[:1].upper() + text[1:] if text else text


def split_alternatives(name: str) -> list[str]:
    """'Giấy chứng sinh; trường hợp không có Giấy chứng sinh thì nộp văn bản …' → ['Giấy chứng sinh', 'Văn bản …'].

    A fallback inside brackets ("… (xuất trình bản chính, trường hợp không có bản chính thì nộp bản sao)")
    is a note on one paper, not an alternative paper."""
    parts, start = [], 0
    for match in _FALLBACK.finditer(name):
        before = name[: match.start()]
        if before.count("(") > before.count(")"):
            continue
        parts.append(name[start : match.start()])
        start = match.end()
    if not parts:
        return [name]
    parts.append(name[start:])
    return [_cap(p) for p in parts if p.strip(" ;,.")]


_FALLBACK_ROW = re.compile(r"^(?:Trường hợp|Nếu)\s+không có\s+(.+?)\s+(?:nêu trên\s+)?thì\b", re.I)


def _pair_fallback(requirements: list[dict], index: int, counter: int) -> int:
    """'Trường hợp không có văn bản nêu trên thì phải có …' is an alternative to the nearest row of the same
    case naming that paper (the scrape does not keep the rows' order); returns the alternative counter."""
    row = requirements[index]
    match = _FALLBACK_ROW.match(row["name"])
    key = fold(match.group(1)) if match else ""
    candidates = [
        (abs(i - index), i)
        for i, other in enumerate(requirements)
        if i != index
        and other["case"] == row["case"]
        and other["presentation"] == row["presentation"]
        and key
        and key in fold(other["name"])
        and not _FALLBACK_ROW.match(other["name"])
    ]
    if not candidates:
        row["mandatory"] = False  # replaces a paper not found: kept, not required
        return counter
    partner = requirements[min(candidates)[1]]
    if not partner["alternative_group"]:
        counter += 1
        partner["alternative_group"] = f"a{counter}"
    row["alternative_group"] = partner["alternative_group"]
    row["mandatory"] = partner["mandatory"]
    return counter


def case_of_row(name: str) -> str | None:
    """The case a row opens ('Trường hợp trẻ em bị bỏ rơi thì phải có …' → 'Trường hợp trẻ em bị bỏ rơi')."""
    if not name.startswith("Trường hợp"):
        return None
    match = _CASE_ROW.match(name)
    if not match:
        return None
    case = match.group(1).strip(" ,;")
    return case if 12 <= len(case) <= 250 else None


def derive(raw: dict) -> Derived:
    """Cases and components of one data-file record."""
    out = Derived()
    papers = raw.get("papers") or []
    if not papers:
        out.cases = [{"name": DEFAULT_CASE, "is_default": True}]
        out.confidence = "low"
        out.reasons.append("nguồn không có thành phần hồ sơ")
        return out
    headings: list[str] = []
    for paper in papers:
        group = (paper.get("group") or "").strip()
        if _heading_kind(group) == "case" and group not in headings:
            headings.append(group)
    # one case heading alone is the procedure's only list, not a case among others
    heading_cases = len(headings) >= 2
    cases: list[str] = list(headings) if heading_cases else [DEFAULT_CASE]
    row_cases: list[str] = []
    problems = 0
    alt_counter = 0
    group_alt: dict[str, str] = {}
    fallbacks: list[int] = []
    for paper in papers:
        group = (paper.get("group") or "").strip()
        kind = _heading_kind(group)
        name = _BULLET.sub("", paper.get("name") or "").strip()
        base = {
            "group": group,
            "presentation": "show" if kind == "show" else "submit",
            "kind": paper.get("kind") or "original",
            "quantity": paper.get("quantity") if paper.get("quantity") is not None else 1,
            "quantity_text": paper.get("quantity_text") or "",
            "template": paper.get("form") or "",
            "template_url": "",
            "channels": channels_of(name),
            "mandatory": True,
            "case": "",
            "alternative_group": "",
        }
        if kind == "case" and heading_cases:
            base["case"] = group
        # otherwise (a single heading, the common headings): the component belongs to every case
        if group and _ONE_OF.search(group):
            if group not in group_alt:
                alt_counter += 1
                group_alt[group] = f"a{alt_counter}"
            base["alternative_group"] = group_alt[group]
        if _FALLBACK_ROW.match(name):
            fallbacks.append(len(out.requirements))  # paired with the paper it replaces, below
            out.requirements.append({**base, "name": name})
            continue
        opened = case_of_row(name)
        is_proxy = kind == "proxy" or (
            _POWER_OF_ATTORNEY.search(name[:200]) is not None
            and ("trường hợp ủy quyền" in name or name.startswith("Văn bản ủy quyền"))
        )
        if opened and not _POWER_OF_ATTORNEY.search(opened):
            if heading_cases:
                base["mandatory"] = False  # a case inside a case: optional there
            else:
                if opened not in row_cases:
                    row_cases.append(opened)
                base["case"] = opened
        elif is_proxy or (_OPTIONAL.search(name) and not base["channels"]):
            base["mandatory"] = False
        alternatives = split_alternatives(_strip_channel_clause(name))
        if len(alternatives) > 1 and not base["alternative_group"]:
            alt_counter += 1
            group_key = f"a{alt_counter}"
        else:
            group_key = base["alternative_group"]
        if " hoặc " in name and len(alternatives) == 1 and not base["alternative_group"]:
            problems += 1  # an 'or' left inside one component: maybe alternatives, maybe not
        for alt in alternatives:
            out.requirements.append(
                {**base, "name": alt if len(alternatives) > 1 else name, "alternative_group": group_key}
            )
    for index in fallbacks:
        alt_counter = _pair_fallback(out.requirements, index, alt_counter)
    cases += row_cases
    out.cases = [{"name": name, "is_default": i == 0} for i, name in enumerate(cases)]
    reasons = []
    if heading_cases:
        reasons.append(f"{len(headings)} trường hợp theo tiêu đề nhóm giấy tờ")
    if row_cases:
        reasons.append(f"{len(row_cases)} trường hợp mở đầu bằng “Trường hợp …”")
    if problems:
        reasons.append(f"{problems} thành phần còn chữ “hoặc”, có thể là giấy tờ thay thế")
    if len(papers) > 20:
        reasons.append(f"{len(papers)} dòng giấy tờ")
    score = (1 if problems else 0) + (1 if heading_cases else 0) + (1 if len(papers) > 20 else 0)
    out.confidence = "high" if score == 0 else ("medium" if score == 1 else "low")
    out.reasons = reasons
    return out
