"""Time-budget arithmetic of internal processes (pure functions, no database access).

Budgets are summed in a common unit: 1 working day = 8 working hours. Steps that share a parallel
group run at the same time (liên thông), so a group counts once, with its longest step. A same-day
limit is one working day (8 working hours) that the steps may not exceed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HOURS_PER_DAY = Decimal(8)

# unit -> (family, factor to the family's base unit)
_FAMILY = {
    "working_hour": ("working", Decimal(1)),
    "working_day": ("working", HOURS_PER_DAY),
    "same_day": ("working", HOURS_PER_DAY),
    "day": ("day", Decimal(1)),
    "month": ("month", Decimal(1)),
}


@dataclass(frozen=True)
class Budget:
    amount: Decimal
    unit: str
    parallel_group: int | None = None


def _unit_label(unit: str) -> str:
    return {
        "working_hour": _("giờ làm việc"),
        "working_day": _("ngày làm việc"),
        "day": _("ngày"),
        "month": _("tháng"),
        "same_day": _("ngày làm việc"),
    }[unit]


def _num(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def human(amount_base: Decimal, family: str) -> str:
    """A base-unit amount as Vietnamese text: 76 working hours → '9 ngày làm việc 4 giờ làm việc'."""
    if family == "working":
        days, hours = divmod(amount_base, HOURS_PER_DAY)
        parts = []
        if days:
            parts.append(f"{_num(days)} {_unit_label('working_day')}")
        if hours or not parts:
            parts.append(f"{_num(hours)} {_unit_label('working_hour')}")
        return " ".join(parts)
    return f"{_num(amount_base)} {_unit_label(family)}"


def total(steps: Iterable[Budget], family: str) -> Decimal:
    """Sum of the budgets in the family's base unit, parallel groups counted once (their longest step)."""
    sequential = Decimal(0)
    groups: dict[int, Decimal] = {}
    for step in steps:
        step_family, factor = _FAMILY[step.unit]
        if step_family != family:
            raise ValueError(step.unit)
        value = Decimal(step.amount) * factor
        if step.parallel_group is None:
            sequential += value
        else:
            groups[step.parallel_group] = max(groups.get(step.parallel_group, Decimal(0)), value)
    return sequential + sum(groups.values(), Decimal(0))


def check_budget(steps: list[Budget], limit_amount: Decimal | None, limit_unit: str) -> None:
    """Raise a ValidationError naming the difference when the budgets don't add up to the legal limit."""
    if not steps:
        raise ValidationError(_("Quy trình phải có ít nhất một bước."), code="no_steps")
    for step in steps:
        if step.amount is None or Decimal(step.amount) <= 0:
            raise ValidationError(_("Thời gian của mỗi bước phải lớn hơn 0."), code="bad_amount")
    if not limit_unit or (limit_amount is None and limit_unit != "same_day"):
        return  # the legal limit is unknown: nothing to compare with
    family, factor = _FAMILY[limit_unit]
    bad = sorted({s.unit for s in steps if _FAMILY[s.unit][0] != family})
    if bad:
        raise ValidationError(
            _("Thời hạn giải quyết tính theo %(limit)s, không cộng được với bước tính theo %(units)s.")
            % {"limit": _unit_label(limit_unit), "units": ", ".join(_unit_label(u) for u in bad)},
            code="unit_mismatch",
        )
    got = total(steps, family)
    if limit_unit == "same_day":
        if got > HOURS_PER_DAY:
            raise ValidationError(
                _("Tổng thời gian các bước là %(got)s, vượt %(diff)s so với thời hạn trong ngày (%(limit)s).")
                % {
                    "got": human(got, family),
                    "diff": human(got - HOURS_PER_DAY, family),
                    "limit": human(HOURS_PER_DAY, family),
                },
                code="budget_mismatch",
            )
        return
    limit = Decimal(limit_amount) * factor
    if got == limit:
        return
    limit_text = f"{_num(Decimal(limit_amount))} {_unit_label(limit_unit)}"
    if got < limit:
        message = _("Tổng thời gian các bước là %(got)s, thiếu %(diff)s so với thời hạn %(limit)s")
    else:
        message = _("Tổng thời gian các bước là %(got)s, thừa %(diff)s so với thời hạn %(limit)s")
    raise ValidationError(
        message % {"got": human(got, family), "diff": human(abs(limit - got), family), "limit": limit_text},
        code="budget_mismatch",
    )


def split_hours(hours: Decimal) -> tuple[Decimal, str]:
    """Express a working-hour amount in working days when whole, else in working hours."""
    if hours >= HOURS_PER_DAY and hours % HOURS_PER_DAY == 0:
        return hours / HOURS_PER_DAY, "working_day"
    return hours, "working_hour"


def default_steps(limit_amount: Decimal | None, limit_unit: str) -> list[dict] | None:
    """A default five-step process whose budgets add up exactly to the legal limit, or None if unknown.

    Generated processes are MotCua's proposal, never the agency's published process.
    """
    if limit_unit == "same_day":
        limit_amount, limit_unit = Decimal(1), "working_day"
    if limit_amount is None or not limit_unit or limit_unit == "month":
        return None
    limit_amount = Decimal(limit_amount)
    # stored data, always Vietnamese (not translated)
    work = [
        ("Tiếp nhận, kiểm tra hồ sơ, chuyển cơ quan, đơn vị xử lý", "Bộ phận Một cửa"),
        ("Thẩm định hồ sơ, dự thảo kết quả", "Chuyên viên xử lý"),
        ("Xem xét, trình ký", "Lãnh đạo phòng chuyên môn"),
        ("Phê duyệt, ký kết quả", "Lãnh đạo cơ quan"),
        ("Trả kết quả cho tổ chức, cá nhân", "Bộ phận Một cửa"),
    ]
    if limit_unit in ("working_hour", "working_day"):
        hours = limit_amount * (HOURS_PER_DAY if limit_unit == "working_day" else 1)
        if hours >= 24:
            budget = [Decimal(4), None, Decimal(4), Decimal(8), Decimal(4)]
        elif hours >= 8:
            budget = [Decimal(1), None, Decimal(1), Decimal(1), Decimal(1)]
        else:
            quarter = hours / 4
            budget = [quarter, None, quarter / 2, quarter / 2, quarter]
        budget[1] = hours - sum(b for b in budget if b is not None)
        amounts = [split_hours(b) for b in budget]
    else:  # calendar days
        if limit_amount >= 5:
            budget = [Decimal("0.5"), None, Decimal(1), Decimal(1), Decimal("0.5")]
        else:
            quarter = limit_amount / 4
            budget = [quarter, None, quarter / 2, quarter / 2, quarter]
        budget[1] = limit_amount - sum(b for b in budget if b is not None)
        amounts = [(b, "day") for b in budget]
    return [
        {"order": i + 1, "work": w, "responsible": r, "amount": a, "unit": u, "form": ""}
        for i, ((w, r), (a, u)) in enumerate(zip(work, amounts, strict=True))
    ]
