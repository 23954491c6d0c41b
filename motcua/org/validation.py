"""The rules every agency, desk and staff record must satisfy, whoever writes it.

One function per model, reached through `Model.clean()`: services call `full_clean()`, and the
admin's ModelForms call `clean()` too, so the web forms, the services and the demo loader can
never disagree. Errors are keyed by field and each message names the field and the other agency
involved, in Vietnamese.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import AgencyLevel, DeskKind
from .codes import level1_group, validate_agency_code

if TYPE_CHECKING:
    from .models import Agency, ServiceDesk, Staff

# Districts were abolished on 1/7/2025 (two-level local government); a district agency may
# exist in the data only to keep history. A setting, so a different cut-over can be modelled.
DISTRICT_LAST_DAY = datetime.date(2025, 6, 30)

# A guard against corrupt parent chains: real trees are ≤ 5 levels deep.
_MAX_DEPTH = 20


def district_last_day() -> datetime.date:
    return getattr(settings, "ORG_DISTRICT_LAST_DAY", DISTRICT_LAST_DAY)


def format_day(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "…"


def format_period(valid_from: datetime.date | None, valid_to: datetime.date | None) -> str:
    if valid_from is None and valid_to is None:
        return _("không giới hạn thời gian")
    if valid_to is None:
        return _("từ %(start)s đến nay") % {"start": format_day(valid_from)}
    if valid_from is None:
        return _("đến hết %(end)s") % {"end": format_day(valid_to)}
    return _("từ %(start)s đến hết %(end)s") % {"start": format_day(valid_from), "end": format_day(valid_to)}


def periods_overlap(a_from, a_to, b_from, b_to) -> bool:
    """Closed intervals; None is unbounded on that side."""
    starts_before_b_ends = a_from is None or b_to is None or a_from <= b_to
    b_starts_before_a_ends = b_from is None or a_to is None or b_from <= a_to
    return starts_before_b_ends and b_starts_before_a_ends


def period_within(inner_from, inner_to, outer_from, outer_to) -> tuple[bool, bool]:
    """(starts inside, ends inside) of the closed interval `outer`; None is unbounded."""
    starts_ok = outer_from is None or (inner_from is not None and inner_from >= outer_from)
    ends_ok = outer_to is None or (inner_to is not None and inner_to <= outer_to)
    return starts_ok, ends_ok


def _well_formed(code: str | None) -> bool:
    try:
        validate_agency_code(code or "")
    except ValidationError:
        return False
    return True


def validate_agency(agency: Agency) -> None:
    """Raise a ValidationError keyed by field when `agency` (saved or not) breaks a rule.

    The code's own format is checked by the field validator; the rules here that depend on the
    code are skipped while it is malformed, so the user sees one message for one mistake.
    """
    errors: dict[str, list[str]] = defaultdict(list)
    code_ok = _well_formed(agency.code)
    start, end = agency.valid_from, agency.valid_to

    if start and end and end < start:
        errors["valid_to"].append(
            _("Hiệu lực đến (%(end)s) phải bằng hoặc sau hiệu lực từ (%(start)s).")
            % {"end": format_day(end), "start": format_day(start)}
        )

    last_day = district_last_day()
    if agency.level == AgencyLevel.DISTRICT and (end is None or end > last_day):
        errors["valid_to"].append(
            _(
                "Hiệu lực đến: cấp huyện chỉ tồn tại đến hết %(last)s (chính quyền địa phương hai cấp); "
                "cơ quan cấp huyện phải có hiệu lực đến không muộn hơn ngày này."
            )
            % {"last": format_day(last_day)}
        )

    parent = agency.parent if agency.parent_id else None
    if parent is not None:
        node, depth = parent, 0
        while node is not None and depth < _MAX_DEPTH:
            if agency.pk is not None and node.pk == agency.pk:
                errors["parent"].append(
                    _("Cơ quan cấp trên: “%(parent)s” là chính cơ quan này hoặc đơn vị trực thuộc nó.")
                    % {"parent": parent}
                )
                break
            node, depth = node.parent, depth + 1

        if code_ok and _well_formed(parent.code) and level1_group(agency.code) != level1_group(parent.code):
            errors["code"].append(
                _(
                    "Mã định danh “%(code)s” thuộc nhóm cấp 1 %(group)s, khác nhóm %(parent_group)s "
                    "của cơ quan cấp trên “%(parent)s”."
                )
                % {
                    "code": agency.code,
                    "group": level1_group(agency.code),
                    "parent_group": level1_group(parent.code),
                    "parent": parent,
                }
            )

        starts_ok, ends_ok = period_within(start, end, parent.valid_from, parent.valid_to)
        params = {
            "own": format_period(start, end),
            "parent": parent,
            "parent_period": format_period(parent.valid_from, parent.valid_to),
        }
        if not starts_ok:
            errors["valid_from"].append(
                _(
                    "Hiệu lực từ: thời gian hiệu lực (%(own)s) bắt đầu trước cơ quan cấp trên “%(parent)s” "
                    "(%(parent_period)s)."
                )
                % params
            )
        if not ends_ok:
            errors["valid_to"].append(
                _(
                    "Hiệu lực đến: thời gian hiệu lực (%(own)s) kéo dài quá cơ quan cấp trên “%(parent)s” "
                    "(%(parent_period)s)."
                )
                % params
            )

    if agency.pk is not None:
        # Changing a parent must not strand its children outside its group or its lifetime.
        for child in type(agency)._default_manager.filter(parent_id=agency.pk).order_by("code"):
            if code_ok and _well_formed(child.code) and level1_group(child.code) != level1_group(agency.code):
                errors["code"].append(
                    _("Mã định danh: nhóm cấp 1 %(group)s khác nhóm của đơn vị trực thuộc “%(child)s”.")
                    % {"group": level1_group(agency.code), "child": child}
                )
            starts_ok, ends_ok = period_within(child.valid_from, child.valid_to, start, end)
            params = {
                "own": format_period(start, end),
                "child": child,
                "child_period": format_period(child.valid_from, child.valid_to),
            }
            if not starts_ok:
                errors["valid_from"].append(
                    _(
                        "Hiệu lực từ: đơn vị trực thuộc “%(child)s” (%(child_period)s) bắt đầu trước "
                        "thời gian hiệu lực mới (%(own)s)."
                    )
                    % params
                )
            if not ends_ok:
                errors["valid_to"].append(
                    _(
                        "Hiệu lực đến: đơn vị trực thuộc “%(child)s” (%(child_period)s) còn hiệu lực sau "
                        "thời gian hiệu lực mới (%(own)s)."
                    )
                    % params
                )

    if code_ok:
        same_code = type(agency)._default_manager.filter(code=agency.code).order_by("valid_from")
        if agency.pk is not None:
            same_code = same_code.exclude(pk=agency.pk)
        for other in same_code:
            if periods_overlap(start, end, other.valid_from, other.valid_to):
                errors["code"].append(
                    _(
                        "Mã định danh “%(code)s” đang được dùng cho “%(other)s” (%(other_period)s), trùng "
                        "với thời gian hiệu lực %(own)s; một mã chỉ được dùng lại sau khi cơ quan cũ hết "
                        "hiệu lực."
                    )
                    % {
                        "code": agency.code,
                        "other": other.name,
                        "other_period": format_period(other.valid_from, other.valid_to),
                        "own": format_period(start, end),
                    }
                )

    if errors:
        raise ValidationError(dict(errors))


def is_within(unit: Agency, agency: Agency) -> bool:
    node, depth = unit, 0
    while node is not None and depth < _MAX_DEPTH:
        if node.pk == agency.pk:
            return True
        node, depth = node.parent, depth + 1
    return False


def validate_staff(staff: Staff) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if staff.unit_id and staff.agency_id and not is_within(staff.unit, staff.agency):
        errors["unit"].append(
            _("Đơn vị: “%(unit)s” không thuộc cơ quan “%(agency)s” của cán bộ.")
            % {"unit": staff.unit, "agency": staff.agency}
        )
    if errors:
        raise ValidationError(dict(errors))


def validate_desk(desk: ServiceDesk) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    parent = desk.parent if desk.parent_id else None
    if desk.kind == DeskKind.BRANCH:
        if parent is None:
            errors["parent"].append(
                _("Thuộc trung tâm: chi nhánh phải thuộc một Trung tâm Phục vụ hành chính công.")
            )
        elif parent.kind != DeskKind.CENTRE:
            errors["parent"].append(
                _("Thuộc trung tâm: “%(parent)s” không phải là Trung tâm Phục vụ hành chính công.")
                % {"parent": parent}
            )
        elif desk.pk is not None and parent.pk == desk.pk:
            errors["parent"].append(_("Thuộc trung tâm: chi nhánh không thể thuộc chính nó."))
    elif parent is not None:
        errors["parent"].append(_("Thuộc trung tâm: chỉ chi nhánh mới thuộc một trung tâm."))
    if errors:
        raise ValidationError(dict(errors))
