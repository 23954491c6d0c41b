"""UPU S10 item numbers: two letters (service indicator), eight digits (serial), a check digit over
the serial (weights 8 6 4 2 3 5 9 7, 11 − sum mod 11; 10 → 0, 11 → 5), two letters (country)."""

from __future__ import annotations

import re

WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_PATTERN = re.compile(r"^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$")


def check_digit(serial: str) -> int:
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("an S10 serial is eight digits")
    value = 11 - sum(int(d) * w for d, w in zip(serial, WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(value, value)


def item_number(service: str, serial: int | str, country: str = "VN") -> str:
    serial = str(serial).zfill(8)
    return f"{service.upper()}{serial}{check_digit(serial)}{country.upper()}"


def is_valid(number: str) -> bool:
    m = _PATTERN.match((number or "").strip().upper())
    return bool(m) and check_digit(m.group(2)) == int(m.group(3))
