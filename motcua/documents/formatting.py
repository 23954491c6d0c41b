"""How dates, times and amounts are written in Vietnamese administrative documents.

Decree 30/2020/NĐ-CP, Appendix I, §II.5 (the place-and-date line): days below 10 and the months
January and February take a leading zero ("ngày 05 tháng 02 năm 2026", but "tháng 3"), so that a
handwritten digit cannot be added in front later. Amounts use the dot as the thousands separator
("2.000 đồng"). Every datetime is shown in the project's local time zone (Asia/Ho_Chi_Minh).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone


def _local(value: dt.datetime) -> dt.datetime:
    # Aware datetimes are shown as the office clock reads them; naive ones are taken as already local.
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _day(day: int) -> str:
    return f"{day:02d}"


def _month(month: int) -> str:
    return f"{month:02d}" if month < 3 else str(month)


def format_vn_date(value: dt.date) -> str:
    """`23/11/2026` — the short form used inside forms and tables."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_vn_time(value: dt.datetime) -> str:
    """`10 giờ 30 phút`."""
    value = _local(value)
    return f"{value.hour} giờ {value.minute:02d} phút"


def format_vn_datetime(value: dt.datetime) -> str:
    """`10 giờ 30 phút, ngày 23/11/2026` — how a form states a moment (received at, due at)."""
    return f"{format_vn_time(value)}, ngày {format_vn_date(value)}"


def format_long_date(value: dt.date) -> str:
    """`ngày 23 tháng 11 năm 2026`, with Decree 30's leading zeros (`ngày 05 tháng 02 năm 2026`)."""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    return f"ngày {_day(value.day)} tháng {_month(value.month)} năm {value.year}"


def format_place_date(place: str, value: dt.date) -> str:
    """`Hà Nội, ngày 23 tháng 11 năm 2026` — the line under the national motto."""
    return f"{place}, {format_long_date(value)}" if place else format_long_date(value).capitalize()


def format_vnd(amount: int | Decimal | float | str, *, unit: str = "đồng") -> str:
    """`2.000 đồng`; the đồng has no subunit in use, so amounts are rounded to whole đồng."""
    whole = int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    grouped = f"{abs(whole):,}".replace(",", ".")
    return f"{sign}{grouped} {unit}" if unit else f"{sign}{grouped}"
