"""Import an internal process from the table layout agencies publish (Excel).

Columns (first row, in any order): Bước | Nội dung công việc | Trách nhiệm | Thời gian | Biểu mẫu/Kết quả,
optionally "Cơ quan (mã định danh)" for a step done at another agency. Steps numbered like
"3a", "3b" or "3.1", "3.2" run in parallel (group 3, counted once); "liên thông" in the step or
responsibility cell marks an inter-agency step. "Thời gian" is "4 giờ", "0,5 ngày làm việc",
"2 ngày", …
"""

import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.core.text import fold
from motcua.org.models import Agency

from . import services
from .importers import ImportRejected, RowError

SHEET = "Quy trình"
COLUMNS = {
    "order": "Bước",
    "work": "Nội dung công việc",
    "responsible": "Trách nhiệm",
    "time": "Thời gian",
    "form": "Biểu mẫu/Kết quả",
    "agency": "Cơ quan (mã định danh)",
}
REQUIRED = ("order", "work", "time")
_STEP = re.compile(r"^\s*(\d+)\s*(?:[.\-]?\s*(\d+|[a-zA-Z]))?\s*$")
_TIME = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(.*)$")
UNITS = [
    ("gio lam viec", "working_hour"),
    ("gio", "working_hour"),
    ("ngay lam viec", "working_day"),
    ("ngay", "day"),
    ("thang", "month"),
]


def parse_time(text) -> tuple[Decimal, str] | None:
    if isinstance(text, int | float):
        return None  # a bare number has no unit
    match = _TIME.match(str(text or ""))
    if not match:
        return None
    try:
        amount = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:
        return None
    unit_text = fold(match.group(2)).rstrip(".")
    for prefix, unit in UNITS:
        if unit_text.startswith(prefix):
            return amount, unit
    return None


def read_steps(content: bytes) -> list[dict]:
    """Rows of the sheet as step dicts; raises ImportRejected listing every bad row."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportRejected(
            [
                RowError(
                    sheet="",
                    row=0,
                    field="",
                    message=_("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng."),
                )
            ]
        ) from exc
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [fold(str(h)) if h is not None else "" for h in next(rows, [])]
    positions, errors = {}, []
    for key, label in COLUMNS.items():
        if fold(label) in header:
            positions[key] = header.index(fold(label))
        elif key in REQUIRED:
            errors.append(RowError(sheet=ws.title, row=1, field=label, message=_("thiếu cột bắt buộc.")))
    if errors:
        raise ImportRejected(errors)
    agencies = {a.code: a for a in Agency.objects.all()}
    steps = []
    for number, values in enumerate(rows, start=2):
        if not values or all(v in (None, "") for v in values):
            continue

        def cell(key, values=values):
            pos = positions.get(key)
            value = values[pos] if pos is not None and pos < len(values) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return "" if value is None else str(value).strip()

        def err(key, message, number=number):
            errors.append(RowError(sheet=ws.title, row=number, field=COLUMNS[key], message=message))

        step_text = cell("order")
        match = _STEP.match(step_text.replace("liên thông", "").strip())
        if not match:
            err("order", _("“%(value)s” không phải số bước (1, 2, 3a, 3.1…).") % {"value": step_text})
            continue
        main, sub = int(match.group(1)), match.group(2)
        work = cell("work")
        if not work:
            err("work", _("không được để trống."))
        parsed = parse_time(values[positions["time"]] if positions["time"] < len(values) else None)
        if parsed is None:
            err(
                "time",
                _("“%(value)s” phải là số kèm đơn vị: giờ làm việc, ngày làm việc, ngày hoặc tháng.")
                % {"value": cell("time")},
            )
            parsed = (Decimal(0), "working_hour")
        elif parsed[0] <= 0:
            err("time", _("thời gian phải lớn hơn 0."))
        agency = None
        if cell("agency"):
            agency = agencies.get(cell("agency"))
            if agency is None:
                err("agency", _("không có cơ quan mã “%(code)s”.") % {"code": cell("agency")})
        responsible = cell("responsible")
        steps.append(
            {
                "order": len(steps) + 1,
                "label": step_text,
                "work": work,
                "responsible": responsible[:255],
                "responsible_agency": agency,
                "amount": parsed[0],
                "unit": parsed[1],
                "form": cell("form")[:255],
                "parallel_group": main if sub else None,
                "is_interagency": "lien thong" in fold(step_text + " " + responsible) or agency is not None,
            }
        )
    if not steps and not errors:
        errors.append(
            RowError(sheet=ws.title, row=2, field="", message=_("bảng quy trình không có bước nào."))
        )
    if errors:
        raise ImportRejected(errors)
    return steps


def import_process_excel(content: bytes, *, version, agency, decision: str = ""):
    """Read the table and save it as the process of `version` at `agency` (budget-checked); all or nothing."""
    steps = read_steps(content)
    try:
        return services.save_process(version=version, agency=agency, steps=steps, decision=decision)
    except ValidationError as exc:
        raise ImportRejected(
            [RowError(sheet=SHEET, row=0, field=COLUMNS["time"], message=m) for m in exc.messages]
        ) from exc
