"""The national calendar, pinned day by day for 2025–2027 (holidays==0.109 plus the shipped swaps)."""

from datetime import date, timedelta

import pytest

from motcua.workcal import DayKind, national_calendar

CAL = national_calendar()


def days(first: str, last: str) -> list[date]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return [a + timedelta(n) for n in range((b - a).days + 1)]


@pytest.mark.parametrize(
    ("first", "last", "off"),
    [
        # Tết Ất Tỵ 2025: mùng 1 = 29/01; weekdays 27–31/01 off, back on Mon 03/02.
        ("2025-01-24", "2025-02-03", ["2025-01-27", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"]),
        # Tết Bính Ngọ 2026: mùng 1 = 17/02; 14–22/02 off (weekdays 16–20/02).
        ("2026-02-13", "2026-02-23", ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"]),
        # Tết Đinh Mùi 2027: mùng 1 = 06/02; weekdays 04, 05, 08, 09, 10/02 off.
        ("2027-02-03", "2027-02-11", ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"]),
        # Hùng Kings' day (10/3 lunar).
        ("2025-04-07", "2025-04-07", ["2025-04-07"]),
        ("2027-04-16", "2027-04-16", ["2027-04-16"]),
        # 2026: 10/3 lunar is Sunday 26/04, observed Monday 27/04.
        ("2026-04-24", "2026-04-28", ["2026-04-27"]),
        # 30/4–1/5; 2025 also gives Fri 02/05 off, worked on Sat 26/04 (below).
        ("2025-04-29", "2025-05-05", ["2025-04-30", "2025-05-01", "2025-05-02"]),
        ("2026-04-29", "2026-05-04", ["2026-04-30", "2026-05-01"]),
        # 2027: 1/5 is a Saturday, observed Monday 03/05.
        ("2027-04-29", "2027-05-04", ["2027-04-30", "2027-05-03"]),
        # National Day, two days since 2025, plus the swapped Monday 31/08/2026.
        ("2025-08-29", "2025-09-03", ["2025-09-01", "2025-09-02"]),
        ("2026-08-28", "2026-09-03", ["2026-08-31", "2026-09-01", "2026-09-02"]),
        ("2027-09-01", "2027-09-06", ["2027-09-02", "2027-09-03"]),
        # Vietnam Culture Day 24/11, a day off from 2026 only.
        ("2025-11-24", "2025-11-24", []),
        ("2026-11-23", "2026-11-25", ["2026-11-24"]),
        ("2027-11-24", "2027-11-24", ["2027-11-24"]),
        # New Year 2026: Fri 02/01 swapped for Sat 10/01 (Công văn 12729/VPCP-KGVX).
        ("2026-01-01", "2026-01-05", ["2026-01-01", "2026-01-02"]),
    ],
)
def test_weekdays_off(first, last, off):
    off_days = {date.fromisoformat(d) for d in off}
    for day in days(first, last):
        if day.weekday() < 5:
            assert CAL.is_working_day(day) is (day not in off_days), day
            assert (CAL.day_info(day).kind == DayKind.HOLIDAY) is (day in off_days), day


@pytest.mark.parametrize("day", ["2025-04-26", "2026-01-10", "2026-08-22", "2024-05-04"])
def test_swapped_saturdays_are_working_days(day):
    info = CAL.day_info(date.fromisoformat(day))
    assert info.kind == DayKind.SWAPPED
    assert info.is_working
    assert info.name.startswith("Làm bù")


def test_ordinary_saturday_is_rest():
    assert not CAL.is_working_day(date(2026, 8, 29))
    assert CAL.day_info(date(2026, 8, 29)).kind == DayKind.REST


def test_holiday_names_are_vietnamese():
    assert CAL.day_info(date(2026, 4, 27)).name == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"


def test_working_days_of_august_2026():
    # 21 weekdays minus Mon 31/08, plus Sat 22/08.
    august = CAL.working_days_between(date(2026, 8, 1), date(2026, 8, 31))
    assert len(august) == 21
    assert date(2026, 8, 22) in august
    assert date(2026, 8, 31) not in august
