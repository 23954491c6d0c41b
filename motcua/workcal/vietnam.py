"""Vietnam's national calendar of days off and working days, as data.

Public holidays (including the lunar Tết break, Hùng Kings' day and compensatory days) come from the
pinned `holidays` package (`holidays.VN`). The package lists the weekday given off in a swap
("Ngày nghỉ (thay cho ngày 22/08/2026)") but not the rest day that is worked in exchange, and it
lags behind announcements made late in the year; both gaps are filled here, each with its source.
Next year's announcement goes into the override table in the admin (data entry, not a release);
these constants only need to grow when the pinned package is upgraded.
"""

from __future__ import annotations

from datetime import date

import holidays

# Rest days worked in exchange for a weekday given off (làm bù / hoán đổi ngày làm việc).
SWAPPED_WORKING_DAYS: dict[date, str] = {
    # Công văn 2450/VPCP-KGVX ngày 12/4/2024: thứ Hai 29/4/2024 nghỉ, làm bù thứ Bảy 4/5/2024.
    date(2024, 5, 4): "Làm bù cho thứ Hai 29/04/2024",
    # Lịch nghỉ lễ 2025 (Thủ tướng đồng ý, Bộ LĐTBXH thông báo): thứ Sáu 2/5/2025 nghỉ, làm bù
    # thứ Bảy 26/4/2025. holidays.VN: 2025-05-02 "thay cho ngày 26/04/2025".
    date(2025, 4, 26): "Làm bù cho thứ Sáu 02/05/2025",
    # Công văn 12729/VPCP-KGVX ngày 25/12/2025: Tết Dương lịch 2026 nghỉ 1/1–4/1, hoán đổi thứ
    # Sáu 2/1/2026 sang thứ Bảy 10/1/2026.
    date(2026, 1, 10): "Làm bù cho thứ Sáu 02/01/2026",
    # Lịch nghỉ lễ 2026 (Bộ Nội vụ): Quốc khánh nghỉ 29/8–2/9, thứ Hai 31/8/2026 nghỉ, làm bù
    # thứ Bảy 22/8/2026. holidays.VN: 2026-08-31 "thay cho ngày 22/08/2026".
    date(2026, 8, 22): "Làm bù cho thứ Hai 31/08/2026",
}

# Weekdays given off that holidays==0.109 does not list.
EXTRA_DAYS_OFF: dict[date, str] = {
    # Công văn 12729/VPCP-KGVX ngày 25/12/2025 (see above).
    date(2026, 1, 2): "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
}


def national_days(first_year: int, last_year: int) -> tuple[dict[date, str], dict[date, str]]:
    """(days off, swapped working days) for Vietnam, with Vietnamese names, for the given years."""
    years = range(first_year, last_year + 1)
    days_off = dict(holidays.VN(years=years, language="vi").items())
    days_off.update({d: name for d, name in EXTRA_DAYS_OFF.items() if d.year in years})
    working = {d: name for d, name in SWAPPED_WORKING_DAYS.items() if d.year in years}
    return days_off, working
