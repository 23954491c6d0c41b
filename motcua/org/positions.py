"""Which role holds a position named in free text ("Lãnh đạo phòng chuyên môn", "Bộ phận Một cửa").

A procedure's internal process names who does each step in a free-text column (Trách nhiệm:
`catalog.ProcessStep.responsible`). `role_for_position` reads that text and answers the `Role` whose
holders the step belongs to, or "" when the text names no position we recognise (a unit or an
agency alone, "Công an", "Văn thư", …): such a step is not restricted to a role.

How the text is read:
- it is folded first (`motcua.core.text.fold`: lower case, no diacritics, đ → d, spaces collapsed),
  so "LÃNH ĐẠO PHÒNG", "Lãnh đạo phòng" and "lanh dao phong" are the same;
- every keyword is a whole-word match (no "truong" inside "thu truong");
- the keyword found **earliest** in the text wins: a position is named first and qualified after,
  as in "Phó Chủ tịch UBND, phụ trách Bộ phận Một cửa" (a leader) or "Chuyên viên xử lý, trình Lãnh
  đạo phòng" (a specialist);
- of keywords found at the same place the **longest** wins, so "Công chức Một cửa" is a desk officer
  (not any "công chức") and "Lãnh đạo phòng" a unit head (not any "lãnh đạo");
- at the same place and length, the first row of `KEYWORDS` wins.

The keywords (folded), by role:

| role | keywords |
|---|---|
| agency_leader | lãnh đạo cơ quan, lãnh đạo (any other: UBND, Sở, Chi cục…), (phó) chủ tịch, (phó) giám đốc, thủ trưởng / thứ trưởng, bộ trưởng, (tổng / chi) cục trưởng, người đứng đầu |
| unit_head | lãnh đạo phòng, lãnh đạo đơn vị, lãnh đạo bộ phận, (phó) trưởng phòng, (phó) trưởng bộ phận |
| desk_officer | một cửa (with the officer before it: "công chức / cán bộ / chuyên viên (Bộ phận) Một cửa"), tiếp nhận và trả kết quả, bộ phận tiếp nhận, TN&TKQ, Trung tâm Phục vụ hành chính công |
| specialist | chuyên viên, công chức, cán bộ, viên chức, nhân viên |
"""

from __future__ import annotations

import re

from motcua.core.text import fold

from .models import Role

_OFFICER = r"(?:(?:cong chuc|can bo|chuyen vien|vien chuc|nhan vien)\s+)?"

#: (role, regular expression on folded text); see the module docstring for how a match is chosen.
KEYWORDS: tuple[tuple[str, str], ...] = (
    (Role.AGENCY_LEADER, r"lanh dao co quan"),
    (Role.UNIT_HEAD, r"lanh dao (?:phong|don vi|bo phan)"),
    (Role.UNIT_HEAD, r"(?:pho )?truong (?:phong|bo phan)"),
    (Role.AGENCY_LEADER, r"lanh dao"),
    (Role.AGENCY_LEADER, r"(?:pho )?chu tich"),
    (Role.AGENCY_LEADER, r"(?:pho )?giam doc"),
    (Role.AGENCY_LEADER, r"thu truong"),  # thủ trưởng, thứ trưởng
    (Role.AGENCY_LEADER, r"bo truong"),
    (Role.AGENCY_LEADER, r"(?:pho )?(?:tong |chi )?cuc truong"),
    (Role.AGENCY_LEADER, r"nguoi dung dau"),
    (Role.DESK_OFFICER, _OFFICER + r"(?:(?:tai|thuoc)\s+)?(?:bo phan\s+)?mot cua"),
    (Role.DESK_OFFICER, r"(?:bo phan\s+)?tiep nhan (?:va )?tra ket qua"),
    (Role.DESK_OFFICER, r"bo phan tiep nhan"),
    (Role.DESK_OFFICER, r"tn ?(?:&|va) ?tkq"),
    (Role.DESK_OFFICER, _OFFICER + r"(?:(?:tai|thuoc)\s+)?trung tam phuc vu hanh chinh cong"),
    (Role.SPECIALIST, r"chuyen vien|cong chuc|can bo|vien chuc|nhan vien"),
)

_COMPILED = tuple((role, re.compile(rf"(?<![\w&])(?:{pattern})(?![\w&])")) for role, pattern in KEYWORDS)


def role_for_position(text: str | None) -> str:
    """The `Role` value that holds the position named by `text`, or "" (no restriction)."""
    folded = fold(text)
    if not folded:
        return ""
    best: tuple[int, int, int] | None = None  # (start, -length, row)
    role = ""
    for row, (candidate, pattern) in enumerate(_COMPILED):
        match = pattern.search(folded)
        if match is None:
            continue
        key = (match.start(), -(match.end() - match.start()), row)
        if best is None or key < best:
            best, role = key, str(candidate)
    return role
