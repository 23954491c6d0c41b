"""Validators for the two identifiers every applicant brings: the personal ID number and the tax code.

Personal ID number (số định danh cá nhân, printed on the chip-based CCCD since 2016, Circular
07/2016/TT-BCA art. 7, kept by Circular 59/2021/TT-BCA): 12 digits

    PPP G YY RRRRRR
    │   │ │  └── random part
    │   │ └── last two digits of the year of birth
    │   └── century and gender: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7, 8/9
    └── province of birth registration, 001–096 (the 63 pre-2025 provinces; codes are kept
        after the 2025 merger because existing numbers never change)

Enterprise tax code (mã số thuế, Circular 105/2020/TT-BTC art. 5): 10 digits, the 10th a check
digit over the first nine with weights 31, 29, 23, 19, 17, 13, 7, 5, 3 (check = 10 − sum mod 11;
a result of 10 means no valid code exists for those nine digits); a dependent unit or branch has
13 characters `NNNNNNNNNN-NNN`: the parent's valid 10-digit code, a hyphen, and 001–999.

Every function raises `django.core.exceptions.ValidationError` with a Vietnamese message and a
stable `code`, so the API (core.api.exception_handler) and forms show the same text.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Circular 07/2016/TT-BCA, appendix: province codes of the place of birth registration.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)

_PERSONAL_ID_RE = re.compile(r"^[0-9]{12}$")
_TAX10_RE = re.compile(r"^[0-9]{10}$")
_TAX13_RE = re.compile(r"^([0-9]{10})-?([0-9]{3})$")
# Officers paste numbers copied from scans and spreadsheets: spaces and dots are noise, not data.
_NOISE_RE = re.compile(r"[\s.]")


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True, slots=True)
class PersonalId:
    """What a valid personal ID number says about its holder."""

    number: str
    province_code: str
    province_name: str
    gender: Gender
    birth_year: int


def _clean(value: object) -> str:
    return _NOISE_RE.sub("", str(value if value is not None else ""))


def parse_personal_id(value: str, *, today: dt.date | None = None) -> PersonalId:
    """Decode a 12-digit personal ID number, or raise ValidationError.

    `today` bounds the birth year (a number cannot encode a birth in the future); it defaults to
    today's local date and exists so tests can freeze it.
    """
    number = _clean(value)
    if not _PERSONAL_ID_RE.fullmatch(number):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số (đang có: “%(value)s”).") % {"value": str(value)},
            code="personal_id_format",
        )
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            _("Mã tỉnh nơi đăng ký khai sinh “%(code)s” (3 chữ số đầu) không có trong danh mục 001–096.")
            % {"code": province},
            code="personal_id_province",
        )
    century_gender = int(number[3])
    gender = Gender.MALE if century_gender % 2 == 0 else Gender.FEMALE
    birth_year = 1900 + 100 * (century_gender // 2) + int(number[4:6])
    today = today or timezone.localdate()
    if birth_year > today.year:
        raise ValidationError(
            _("Số định danh cá nhân cho năm sinh %(year)s, sau năm hiện tại: kiểm tra chữ số thứ 4 đến 6.")
            % {"year": birth_year},
            code="personal_id_birth_year_future",
        )
    return PersonalId(
        number=number,
        province_code=province,
        province_name=PROVINCE_CODES[province],
        gender=gender,
        birth_year=birth_year,
    )


def validate_personal_id(
    value: str,
    *,
    date_of_birth: dt.date | None = None,
    gender: Gender | str | None = None,
    today: dt.date | None = None,
) -> str:
    """Validate a personal ID number, and its consistency with the date of birth and gender when
    given; return the number without spaces or dots.

    Usable as a model/form field validator (Django ignores the return value).
    """
    parsed = parse_personal_id(value, today=today)
    if date_of_birth is not None and date_of_birth.year != parsed.birth_year:
        raise ValidationError(
            _("Số định danh cá nhân ghi năm sinh %(id_year)s nhưng ngày sinh đã nhập là năm %(dob_year)s.")
            % {"id_year": parsed.birth_year, "dob_year": date_of_birth.year},
            code="personal_id_birth_year_mismatch",
        )
    if gender is not None and Gender(gender) != parsed.gender:
        expected = _("nam") if parsed.gender == Gender.MALE else _("nữ")
        raise ValidationError(
            _("Số định danh cá nhân là của người giới tính %(expected)s, không khớp giới tính đã nhập.")
            % {"expected": expected},
            code="personal_id_gender_mismatch",
        )
    return parsed.number


def tax_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a tax code whose first nine digits are given; None when no check digit
    exists (10 − sum mod 11 == 10), i.e. no valid code starts with these nine digits."""
    if not re.fullmatch(r"[0-9]{9}", first_nine):
        raise ValueError("nine digits expected")
    total = sum(int(d) * w for d, w in zip(first_nine, TAX_CODE_WEIGHTS, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def validate_tax_code(value: str) -> str:
    """Validate an enterprise tax code (10 digits, or a 13-character branch code) and return it in
    the canonical form: `NNNNNNNNNN` or `NNNNNNNNNN-NNN`."""
    code = _clean(value)
    branch = None
    if _TAX10_RE.fullmatch(code):
        parent = code
    elif m := _TAX13_RE.fullmatch(code):
        parent, branch = m.group(1), m.group(2)
    else:
        raise ValidationError(
            _(
                "Mã số thuế phải gồm 10 chữ số, hoặc 13 ký tự dạng NNNNNNNNNN-NNN cho chi nhánh, "
                "đơn vị phụ thuộc (đang có: “%(value)s”)."
            )
            % {"value": str(value)},
            code="tax_code_format",
        )
    expected = tax_check_digit(parent[:9])
    if expected is None or int(parent[9]) != expected:
        raise ValidationError(
            _("Mã số thuế “%(code)s” có chữ số kiểm tra (chữ số thứ 10) không đúng.") % {"code": parent},
            code="tax_code_check_digit",
        )
    if branch is None:
        return parent
    if branch == "000":
        raise ValidationError(
            _("Ba chữ số cuối của mã số thuế chi nhánh phải từ 001 đến 999."),
            code="tax_code_branch",
        )
    return f"{parent}-{branch}"
