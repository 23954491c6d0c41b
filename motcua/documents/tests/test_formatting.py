import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.documents.formatting import (
    format_long_date,
    format_place_date,
    format_vn_date,
    format_vn_datetime,
    format_vnd,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_datetime_as_forms_write_it():
    assert (
        format_vn_datetime(dt.datetime(2026, 11, 23, 10, 30, tzinfo=HCM)) == "10 giờ 30 phút, ngày 23/11/2026"
    )
    assert format_vn_datetime(dt.datetime(2026, 3, 5, 8, 5, tzinfo=HCM)) == "8 giờ 05 phút, ngày 05/03/2026"


def test_aware_datetimes_are_shown_in_local_time():
    # 20:00 UTC on the 22nd is 03:00 on the 23rd in Hà Nội: the date on the paper must be the 23rd.
    utc = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.UTC)
    assert format_vn_datetime(utc) == "3 giờ 00 phút, ngày 23/11/2026"
    assert format_vn_date(utc) == "23/11/2026"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 23), "Hà Nội, ngày 23 tháng 11 năm 2026"),
        # Decree 30: days 1–9 and months 1–2 take a leading zero; months 3–12 do not.
        (dt.date(2026, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 1, 10), "Hà Nội, ngày 10 tháng 01 năm 2026"),
    ],
)
def test_place_and_date_line(day, expected):
    assert format_place_date("Hà Nội", day) == expected


def test_date_line_without_place_starts_with_a_capital():
    assert format_place_date("", dt.date(2026, 11, 23)) == "Ngày 23 tháng 11 năm 2026"
    assert format_long_date(dt.date(2026, 11, 23)) == "ngày 23 tháng 11 năm 2026"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (2000, "2.000 đồng"),
        (0, "0 đồng"),
        (200000, "200.000 đồng"),
        (1234567, "1.234.567 đồng"),
        (Decimal("1500.5"), "1.501 đồng"),
        ("10000", "10.000 đồng"),
        (-5000, "-5.000 đồng"),
    ],
)
def test_amounts_in_dong(amount, expected):
    assert format_vnd(amount) == expected


def test_amount_without_unit():
    assert format_vnd(2000, unit="") == "2.000"
