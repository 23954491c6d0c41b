"""The law MotCua applies, as dated rules (docs/law/README.md is the human index of this table).

Every rule that changed with the 2025 reform (Decree 118/2025/NĐ-CP replacing Decree 61/2018,
Circular 03/2025/TT-VPCP replacing Circular 01/2018) is recorded once per instrument, each with
the dates it was in force, so a dossier received in 2024 is still judged by the rules of 2024:

    rule = in_force("forms.set", on=local_date(dossier.received_at))

Pure data and lookup: no model, no database. Where the law lets a province decide (which
procedures are open to boundary-free intake, a stricter hand-over time), the deployment sets
MOTCUA_LAW_OVERRIDES = {key: value} and `value_in_force` returns it for dates the new rule covers;
only keys marked `province_may_override` accept an override, so a setting cannot silently rewrite
a rule the law fixes nationally.

`verified` says whether the article was read in the instrument's text (True) or taken from the
press summary / DOMAIN.md and still to be checked against the gazette text (False).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

DECREE_61_2018 = "Nghị định 61/2018/NĐ-CP"
DECREE_107_2021 = "Nghị định 107/2021/NĐ-CP"
CIRCULAR_01_2018 = "Thông tư 01/2018/TT-VPCP"
DECREE_118_2025 = "Nghị định 118/2025/NĐ-CP"
CIRCULAR_03_2025 = "Thông tư 03/2025/TT-VPCP"

#: The two-level local government and Decree 118/2025 start the same day; the old rules end the day before.
REFORM_DAY = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)
#: Decree 61/2018 took effect on 21/6/2018 (its final article); nothing in MotCua predates it.
DECREE_61_IN_FORCE = date(2018, 6, 21)

LAW_TIME_ZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class LawRule:
    key: str
    instrument: str
    article: str
    effective_from: date
    #: Last day in force (inclusive); None while in force.
    effective_to: date | None
    value: Any
    verified: bool = False
    province_may_override: bool = False

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class NoRuleInForce(LookupError):
    """No recorded rule covers the date: a gap in the table, never a reason to guess."""


# Dossier-code pattern: `str.format` over agency (electronic code), date (local) and seq.
CODE_FORMAT_2018 = "{agency}-{date:%y%m%d}-{seq:04d}"

RULES: tuple[LawRule, ...] = (
    # --- Who receives -------------------------------------------------------------------------
    LawRule(
        "receiving.bodies",
        DECREE_61_2018,
        "Điều 7 (Bộ phận Một cửa cấp bộ, tỉnh, huyện, xã)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        ("ministry_desk", "province_centre", "district_desk", "commune_desk"),
    ),
    LawRule(
        "receiving.bodies",
        DECREE_118_2025,
        "Điều 14 khoản 1–2 (Bộ phận Tiếp nhận và Trả kết quả cấp bộ; Trung tâm Phục vụ hành chính công cấp tỉnh, cấp xã)",
        REFORM_DAY,
        None,
        ("ministry_desk", "province_centre", "commune_centre"),
    ),
    # --- Boundary-free intake -------------------------------------------------------------------
    LawRule(
        "intake.boundary_free",
        DECREE_61_2018,
        "Điều 14 (một cửa nhận hồ sơ của cơ quan mình phục vụ)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        False,
    ),
    LawRule(
        "intake.boundary_free",
        DECREE_118_2025,
        "Điều 14 khoản 2 điểm a–d (tiếp nhận không phụ thuộc địa giới hành chính trong phạm vi tỉnh)",
        REFORM_DAY,
        None,
        # The province (chairman) and the ministers publish which procedures are open; the value is
        # the default when a deployment has not listed them: open by default, per procedure setting.
        True,
        province_may_override=True,
    ),
    # When the time limit of a dossier received for another agency starts. Decree 118 counts it from
    # the competent agency's receipt of the (electronic) dossier, as the press summaries read it;
    # until checked in the text, MotCua follows that reading (docs/law/decree-118-2025.md).
    LawRule(
        "clock.boundary_free_start",
        DECREE_61_2018,
        "Điều 19 khoản 1 (không có tiếp nhận liên địa giới; thời hạn tính từ khi tiếp nhận hồ sơ đúng quy định)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        "receipt",
    ),
    LawRule(
        "clock.boundary_free_start",
        DECREE_118_2025,
        "Điều 14 (thời hạn tính từ khi cơ quan có thẩm quyền nhận được hồ sơ)",
        REFORM_DAY,
        None,
        "competent_agency_receipt",
    ),
    # Hand-over of a received dossier to the competent agency.
    LawRule(
        "handover.deadline",
        DECREE_61_2018,
        "Điều 19 khoản 2 (trong ngày; sau 15 giờ thì đầu giờ ngày làm việc tiếp theo)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        {"same_day_cutoff": "15:00", "after_cutoff": "next_working_day_start", "electronic": False},
    ),
    LawRule(
        "handover.deadline",
        DECREE_118_2025,
        "Điều 14, Điều 19 (chuyển ngay hồ sơ điện tử; bản giấy theo quy định của thủ tục)",
        REFORM_DAY,
        None,
        {"same_day_cutoff": "15:00", "after_cutoff": "next_working_day_start", "electronic": True},
        province_may_override=True,
    ),
    # --- During processing -----------------------------------------------------------------------
    LawRule(
        "supplement.once",
        DECREE_61_2018,
        "Điều 15 khoản 2; Điều 16 (yêu cầu bổ sung một lần, Mẫu 02)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        True,
    ),
    LawRule(
        "supplement.once",
        DECREE_118_2025,
        "Điều 15, Điều 16 (yêu cầu bổ sung, hoàn thiện một lần, Mẫu 02)",
        REFORM_DAY,
        None,
        True,
    ),
    LawRule(
        "apology.letter",
        DECREE_61_2018,
        "Điều 19 khoản 3 điểm c (văn bản xin lỗi, hẹn lại ngày trả, Mẫu 04)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        {"form": "04", "before_due": True},
    ),
    LawRule(
        "apology.letter",
        DECREE_118_2025,
        "Điều 19 (văn bản xin lỗi và đề nghị gia hạn, Mẫu 04)",
        REFORM_DAY,
        None,
        {"form": "04", "before_due": True},
    ),
    # --- Forms and codes (the circulars) ---------------------------------------------------------
    LawRule(
        "forms.set",
        CIRCULAR_01_2018,
        "Điều 23; Phụ lục (Mẫu 01–06)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        "2018",
    ),
    LawRule(
        "forms.set",
        CIRCULAR_03_2025,
        "Phụ lục I (Mẫu 01–07)",
        REFORM_DAY,
        None,
        "2025",
    ),
    LawRule(
        "dossier_code.format",
        CIRCULAR_01_2018,
        "Điều 19 (mã số hồ sơ: mã cơ quan-YYMMDD-số thứ tự trong ngày)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        CODE_FORMAT_2018,
    ),
    LawRule(
        "dossier_code.format",
        CIRCULAR_03_2025,
        "mã số hồ sơ (quy định lại; cấu trúc giữ như 2018 cho tới khi đối chiếu văn bản)",
        REFORM_DAY,
        None,
        CODE_FORMAT_2018,
        province_may_override=True,
    ),
    # --- Reporting -------------------------------------------------------------------------------
    LawRule(
        "reporting.period",
        CIRCULAR_01_2018,
        "Điều 26–27 (báo cáo định kỳ quý, 6 tháng, năm; Mẫu báo cáo theo Phụ lục)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        {"periods": ("quarter", "half_year", "year"), "counts_boundary_free_separately": False},
    ),
    LawRule(
        "reporting.period",
        CIRCULAR_03_2025,
        "báo cáo định kỳ (thống kê theo cơ quan có thẩm quyền và, riêng, theo nơi tiếp nhận)",
        REFORM_DAY,
        None,
        {"periods": ("quarter", "half_year", "year"), "counts_boundary_free_separately": True},
    ),
    # --- boundary17's block (docs/law/boundary-free.md): counters and the districts' closure ----
    # A vertical agency's officer at a centre's counter receives for their own agency only
    # (dossiers.access.is_counter_officer), under both decrees.
    LawRule(
        "intake.counter_own_agency",
        DECREE_61_2018,
        "Điều 13 (cơ quan ngành dọc cử công chức đến Bộ phận Một cửa)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        True,
    ),
    LawRule(
        "intake.counter_own_agency",
        DECREE_118_2025,
        "Điều 14 (cơ quan ngành dọc bố trí công chức tại Trung tâm Phục vụ hành chính công)",
        REFORM_DAY,
        None,
        True,
    ),
    # The districts' agencies end on 30/6/2025; their open dossiers go to the successor
    # (manage.py close_agency).
    LawRule(
        "org.district_level",
        DECREE_61_2018,
        "Điều 7 (Bộ phận Một cửa cấp huyện)",
        DECREE_61_IN_FORCE,
        LAST_DAY_BEFORE_REFORM,
        True,
    ),
    LawRule(
        "org.district_level",
        DECREE_118_2025,
        "chính quyền địa phương hai cấp (Luật Tổ chức chính quyền địa phương 2025)",
        REFORM_DAY,
        None,
        False,
    ),
)


def rules_for(key: str) -> tuple[LawRule, ...]:
    found = tuple(rule for rule in RULES if rule.key == key)
    if not found:
        raise KeyError(f"no law rule recorded under {key!r}; known: {', '.join(sorted(known_keys()))}")
    return found


def known_keys() -> set[str]:
    return {rule.key for rule in RULES}


def in_force(key: str, on: date) -> LawRule:
    """The rule `key` as in force on `on` (a local date; see local_date)."""
    if isinstance(on, datetime):
        raise TypeError("in_force takes a local date; use local_date(aware_datetime)")
    for rule in rules_for(key):
        if rule.covers(on):
            return rule
    raise NoRuleInForce(f"no rule {key!r} in force on {on.isoformat()}")


def value_in_force(key: str, on: date) -> Any:
    """The value of the rule in force, or the deployment's override where the province decides."""
    rule = in_force(key, on)
    overrides = getattr(settings, "MOTCUA_LAW_OVERRIDES", {}) or {}
    if rule.province_may_override and key in overrides:
        return overrides[key]
    return rule.value


def local_date(moment: datetime) -> date:
    """The Vietnamese calendar day of an aware datetime: the law's dates are local dates."""
    if moment.tzinfo is None:
        raise ValueError("local_date needs an aware datetime")
    return moment.astimezone(ZoneInfo(LAW_TIME_ZONE)).date()


def _check_table() -> None:
    """Rules of one key must not overlap: one date, one rule."""
    for key in known_keys():
        spans = sorted(rules_for(key), key=lambda rule: rule.effective_from)
        for earlier, later in itertools.pairwise(spans):
            if earlier.effective_to is None or earlier.effective_to >= later.effective_from:
                raise AssertionError(f"law rules {key!r} overlap: {earlier.instrument} / {later.instrument}")


_check_table()
