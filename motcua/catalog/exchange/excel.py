"""The catalogue as an Excel workbook: one sheet per list (procedures, cases, components, fees)."""

import io
import json

from django.utils.translation import gettext as _

from .core import exported_versions, import_items, version_to_item
from .validation import (
    CASE_COLUMNS,
    FALSE_WORDS,
    FEE_COLUMNS,
    PROCEDURE_COLUMNS,
    REQUIREMENT_COLUMNS,
    SHEET_CASES,
    SHEET_FEES,
    SHEET_PROCEDURES,
    SHEET_REQUIREMENTS,
    TRUE_WORDS,
    ImportRejected,
    ImportReport,
    RowError,
    agency_index,
    validate_item,
)


def _cell(value, kind):
    if kind in ("list",):
        return ", ".join(str(v) for v in value or [])
    if kind == "lines":
        return "\n".join(str(v) for v in value or [])
    if kind == "legal":
        return "\n".join(f"{x.get('code') or ''} | {x['title']}" for x in value or [])
    if kind == "bool":
        return "Có" if value else "Không"
    if kind == "date":
        return value or ""
    if kind == "json":
        return json.dumps(value, ensure_ascii=False) if value else ""
    return value if value is not None else ""


def export_excel(versions=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    versions = exported_versions() if versions is None else versions
    wb = Workbook()
    sheets = [
        (wb.active, SHEET_PROCEDURES, PROCEDURE_COLUMNS),
        (wb.create_sheet(), SHEET_CASES, CASE_COLUMNS),
        (wb.create_sheet(), SHEET_REQUIREMENTS, REQUIREMENT_COLUMNS),
        (wb.create_sheet(), SHEET_FEES, FEE_COLUMNS),
    ]
    for ws, title, columns in sheets:
        ws.title = title
        ws.append([header for _k, header, _kind in columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True)
    for version in versions:
        item = version_to_item(version)
        sheets[0][0].append([_cell(item.get(k), kind) for k, _h, kind in PROCEDURE_COLUMNS])
        for case in item["cases"]:
            case = {**case, "code": item["code"]}
            sheets[1][0].append([_cell(case.get(k), kind) for k, _h, kind in CASE_COLUMNS])
        for req in item["requirements"]:
            req = {**req, "code": item["code"]}
            sheets[2][0].append([_cell(req.get(k), kind) for k, _h, kind in REQUIREMENT_COLUMNS])
        for fee in item["fees"]:
            fee = {**fee, "code": item["code"]}
            sheets[3][0].append([_cell(fee.get(k), kind) for k, _h, kind in FEE_COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _parse_cell(value, kind):
    if value is None:
        value = ""
    if kind == "list":
        return [v.strip() for v in str(value).replace(";", ",").split(",") if v.strip()]
    if kind == "lines":
        return [v.strip() for v in str(value).splitlines() if v.strip()]
    if kind == "legal":
        out = []
        for line in str(value).splitlines():
            if not line.strip():
                continue
            code, sep, title = line.partition("|")
            out.append(
                {"code": code.strip() or None, "title": title.strip()}
                if sep
                else {"code": None, "title": line.strip()}
            )
        return out
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        return ValueError(value)
    if kind == "json":
        if value in ("", None):
            return None
        try:
            return json.loads(str(value))
        except ValueError:
            return ValueError(value)
    if kind == "str":
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()
    return value


def _read_sheet(wb, title, columns, errors):
    if title not in wb.sheetnames:
        if title == SHEET_PROCEDURES:
            errors.append(
                RowError(
                    sheet=title,
                    row=1,
                    field="",
                    message=_("thiếu trang tính “%(sheet)s”.") % {"sheet": title},
                )
            )
        return []
    ws = wb[title]
    rows = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, [])]
    positions = {}
    for key, label, kind in columns:
        if label in header:
            positions[key] = (header.index(label), kind)
        elif key in ("code", "name"):
            errors.append(RowError(sheet=title, row=1, field=label, message=_("thiếu cột bắt buộc.")))
    out = []
    for number, values in enumerate(rows, start=2):
        if not values or all(v in (None, "") for v in values):
            continue
        record = {"_sheet": title, "_row": number}
        for key, (pos, kind) in positions.items():
            value = _parse_cell(values[pos] if pos < len(values) else None, kind)
            if isinstance(value, ValueError):
                labels = {k: h for k, h, _kind in columns}
                message = (
                    _("“%(value)s” không phải là JSON hợp lệ.")
                    if kind == "json"
                    else _("“%(value)s” phải là Có hoặc Không.")
                )
                errors.append(
                    RowError(
                        sheet=title,
                        row=number,
                        field=labels[key],
                        code=str(values[0] or ""),
                        message=message % {"value": str(value.args[0])[:80]},
                    )
                )
                value = None if kind == "json" else False
            record[key] = value
        out.append(record)
    return out


def read_excel(content: bytes) -> tuple[list[dict], list[RowError]]:
    """Excel workbook → exchange-format items (with sheet/row markers) and structural errors."""
    from openpyxl import load_workbook

    errors: list[RowError] = []
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        return [], [
            RowError(
                sheet="",
                row=0,
                field="",
                message=_("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng."),
            )
        ]
    items = _read_sheet(wb, SHEET_PROCEDURES, PROCEDURE_COLUMNS, errors)
    by_code = {}
    for item in items:
        item["cases"], item["requirements"], item["fees"] = [], [], []
        by_code.setdefault(item.get("code"), item)
    for title, columns, key in (
        (SHEET_CASES, CASE_COLUMNS, "cases"),
        (SHEET_REQUIREMENTS, REQUIREMENT_COLUMNS, "requirements"),
        (SHEET_FEES, FEE_COLUMNS, "fees"),
    ):
        for record in _read_sheet(wb, title, columns, errors):
            parent = by_code.get(record.get("code"))
            if parent is None:
                errors.append(
                    RowError(
                        sheet=title,
                        row=record["_row"],
                        field=columns[0][1],
                        code=str(record.get("code") or ""),
                        message=_("mã thủ tục không có trong trang “%(sheet)s”.")
                        % {"sheet": SHEET_PROCEDURES},
                    )
                )
            else:
                parent[key].append(record)
    return items, errors


def import_excel(content: bytes, *, publish: bool = True, now=None) -> ImportReport:
    items, errors = read_excel(content)
    if errors:
        # validate the rest too, so the report lists every bad row at once
        try:
            _validate_only(items)
        except ImportRejected as exc:
            errors += exc.row_errors
        raise ImportRejected(errors)
    return import_items(items, sheet=SHEET_PROCEDURES, publish=publish, now=now)


def _validate_only(items: list[dict]) -> None:
    agencies = agency_index()
    errors = []
    for index, item in enumerate(items, start=1):
        errors += validate_item(item, sheet=SHEET_PROCEDURES, row=item.get("_row", index), agencies=agencies)[
            1
        ]
    if errors:
        raise ImportRejected(errors)
