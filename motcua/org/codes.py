"""Electronic identifier codes of agencies (mã định danh điện tử, Decision 20/2020/QĐ-TTg).

A code is at most 35 characters of `0-9 A-Z .`, written as dot-separated groups from the lowest
level to the highest: `000.00.12.H26` = unit 12 under the People's Committee of group H26 (Hà Nội).
The last group names the level-1 body (a letter and two digits: H.. for provinces, B.. for
ministries, …); the groups before it are all digits. A child shares its parent's level-1 group.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 35
_ALLOWED = re.compile(r"^[0-9A-Z.]+$")
_STRUCTURE = re.compile(r"^(\d{2,3}\.)+[A-Z]\d{2}$")


def validate_agency_code(value: str) -> None:
    if not value:
        raise ValidationError(_("Mã định danh không được để trống."), code="required")
    if len(value) > MAX_LENGTH:
        raise ValidationError(
            _("Mã định danh dài tối đa %(max)d ký tự (đang có %(n)d).")
            % {"max": MAX_LENGTH, "n": len(value)},
            code="too_long",
        )
    if not _ALLOWED.match(value):
        raise ValidationError(
            _("Mã định danh chỉ gồm chữ số, chữ in hoa A–Z và dấu chấm: “%(code)s”.") % {"code": value},
            code="bad_characters",
        )
    if not _STRUCTURE.match(value):
        raise ValidationError(
            _(
                "Mã định danh “%(code)s” sai cấu trúc Quyết định 20/2020/QĐ-TTg: các nhóm số cách nhau "
                "bởi dấu chấm, kết thúc bằng nhóm cấp 1 gồm một chữ cái và hai chữ số (ví dụ 000.00.12.H26)."
            )
            % {"code": value},
            code="bad_structure",
        )


def level1_group(code: str) -> str:
    """`000.00.12.H26` → `H26`: the level-1 body the agency belongs to."""
    return code.rsplit(".", 1)[-1]
