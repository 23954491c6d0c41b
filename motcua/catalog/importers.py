"""Import and export of the catalogue (JSON and Excel), all-or-nothing per file.

The exchange format is flat: one object per procedure whose keys are the version's field names
(`code`, `name`, `sector`, `levels`, `time_amount`, `time_unit`, …), agencies by their electronic
code, plus `requirements` and `fees` lists. Excel uses three sheets with the same columns (see
`PROCEDURE_COLUMNS`, `REQUIREMENT_COLUMNS`, `FEE_COLUMNS`). Every bad row of a file is reported
(sheet, row, field, Vietnamese reason) and then the whole file is refused: nothing is written.
"""

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.org.models import Agency

from . import services
from .models import (
    ApplicantType,
    Channel,
    Confidence,
    FeeCollection,
    Level,
    PaperKind,
    ProcedureVersion,
    TimeUnit,
    VersionState,
    validate_procedure_code,
)
from .selectors import in_force_q

SHEET_PROCEDURES = "Thủ tục"
SHEET_REQUIREMENTS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"

# (key, header, kind) kind: str, text, list (comma), lines (one per line), decimal, date, bool, legal
PROCEDURE_COLUMNS = [
    ("code", "Mã thủ tục", "str"),
    ("name", "Tên thủ tục", "str"),
    ("sector", "Lĩnh vực", "str"),
    ("levels", "Cấp thực hiện", "list"),
    ("levels_text", "Cấp thực hiện (nguyên văn)", "str"),
    ("implementing_agencies", "Cơ quan thực hiện (mã định danh)", "list"),
    ("coordinating_agencies", "Cơ quan phối hợp (mã định danh)", "list"),
    ("agency_text", "Cơ quan thực hiện (nguyên văn)", "str"),
    ("competent_authority", "Cơ quan có thẩm quyền", "str"),
    ("issuing_ministry", "Cơ quan ban hành", "str"),
    ("steps", "Trình tự thực hiện", "str"),
    ("channels", "Cách thức thực hiện", "list"),
    ("time_amount", "Thời hạn giải quyết", "decimal"),
    ("time_unit", "Đơn vị thời hạn", "str"),
    ("time_text", "Thời hạn (nguyên văn)", "str"),
    ("applicant_types", "Loại đối tượng", "list"),
    ("applicants_text", "Đối tượng thực hiện", "str"),
    ("result_name", "Kết quả thực hiện", "str"),
    ("result_paper", "Kết quả bản giấy", "bool"),
    ("result_electronic", "Kết quả điện tử", "bool"),
    ("legal_basis", "Căn cứ pháp lý", "legal"),
    ("conditions", "Yêu cầu, điều kiện", "str"),
    ("requirement_notes", "Ghi chú thành phần hồ sơ", "str"),
    ("publication_decision", "Quyết định công bố", "str"),
    ("effective_from", "Hiệu lực từ", "date"),
    ("source_url", "Nguồn (địa chỉ)", "str"),
    ("source_ref", "Nguồn (tham chiếu)", "str"),
    ("retrieved_version", "Phiên bản nguồn", "str"),
    ("confidence", "Độ tin cậy", "str"),
    ("flags", "Cảnh báo dữ liệu", "lines"),
]
REQUIREMENT_COLUMNS = [
    ("code", "Mã thủ tục", "str"),
    ("group", "Trường hợp, nhóm giấy tờ", "str"),
    ("name", "Tên giấy tờ", "str"),
    ("kind", "Loại bản", "str"),
    ("quantity", "Số lượng", "int"),
    ("quantity_text", "Số lượng (nguyên văn)", "str"),
    ("template", "Mẫu đơn, tờ khai", "str"),
    ("mandatory", "Bắt buộc", "bool"),
]
FEE_COLUMNS = [
    ("code", "Mã thủ tục", "str"),
    ("name", "Tên phí, lệ phí", "str"),
    ("amount_vnd", "Mức thu (đồng)", "int"),
    ("text", "Mức thu (nguyên văn)", "str"),
    ("description", "Mô tả", "str"),
    ("channels", "Áp dụng cho kênh", "list"),
    ("collected_at", "Thời điểm thu", "str"),
]
FIELD_LABELS = {key: header for key, header, _kind in PROCEDURE_COLUMNS}
REQ_LABELS = {key: header for key, header, _kind in REQUIREMENT_COLUMNS}
FEE_LABELS = {key: header for key, header, _kind in FEE_COLUMNS}

TRUE_WORDS = {"1", "true", "có", "co", "x", "yes", "đúng"}
FALSE_WORDS = {"0", "false", "không", "khong", "", "no", "sai"}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    field: str
    message: str
    code: str = ""

    def __str__(self):
        where = _("%(sheet)s, dòng %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.code:
            where += f" ({self.code})"
        if self.field:
            where += _(", trường “%(field)s”") % {"field": self.field}
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "code": self.code,
            "field": self.field,
            "message": self.message,
        }


class ImportRejected(ValidationError):
    """The file has bad rows; nothing was written. `errors` lists every one."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = errors
        super().__init__(
            _("Tệp bị từ chối, không ghi dữ liệu nào: %(n)d dòng lỗi.") % {"n": len(errors)},
            code="import_rejected",
        )


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def __str__(self):
        return _("%(created)d thủ tục được tạo hoặc cập nhật, %(unchanged)d không thay đổi.") % {
            "created": len(self.created),
            "unchanged": len(self.unchanged),
        }


# ---------------------------------------------------------------------------------------- validation


def _choices(enum) -> set[str]:
    return {value for value, _label in enum.choices}


def _by_label(enum) -> dict[str, str]:
    from motcua.core.text import fold

    mapping = {}
    for value, label in enum.choices:
        mapping[value] = value
        with_lang = str(label)
        mapping[fold(with_lang)] = value
    return mapping


def _code_list(values, enum, label_field: str, err) -> list[str]:
    from motcua.core.text import fold

    mapping = _by_label(enum)
    out = []
    for raw in values or []:
        raw = str(raw).strip()
        value = mapping.get(raw) or mapping.get(fold(raw))
        if value is None:
            err(
                label_field,
                _("giá trị “%(value)s” không hợp lệ (cho phép: %(allowed)s).")
                % {"value": raw, "allowed": ", ".join(sorted(_choices(enum)))},
            )
        elif value not in out:
            out.append(value)
    return out


def hash_item(item: dict) -> str:
    blob = json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def validate_item(
    item: dict, *, sheet: str, row: int, agencies: dict[str, Agency]
) -> tuple[dict | None, list[RowError]]:
    """Check one procedure object of the exchange format; return the services' `data` dict or errors."""
    errors: list[RowError] = []
    code = str(item.get("code") or "").strip()

    def err(field_label, message, sheet_=sheet, row_=row):
        errors.append(
            RowError(sheet=sheet_, row=row_, field=str(field_label), message=str(message), code=code)
        )

    try:
        validate_procedure_code(code)
    except ValidationError as exc:
        err(FIELD_LABELS["code"], exc.messages[0])
    data: dict = {"code": code}
    for key in ("name", "sector"):
        value = str(item.get(key) or "").strip()
        if not value:
            err(FIELD_LABELS[key], _("không được để trống."))
        data[key] = value
    if len(data["name"]) > 500:
        err(FIELD_LABELS["name"], _("dài quá 500 ký tự."))
    for key in (
        "levels_text", "agency_text", "competent_authority", "issuing_ministry", "steps", "time_text",
        "applicants_text", "result_name", "conditions", "requirement_notes", "publication_decision",
        "source_url", "source_ref", "retrieved_version",
    ):  # fmt: skip
        value = item.get(key)
        data[key] = "" if value is None else str(value).strip()
    if data["source_url"] and not data["source_url"].startswith(("http://", "https://")):
        err(FIELD_LABELS["source_url"], _("phải là địa chỉ http(s)."))
    data["levels"] = _code_list(item.get("levels"), Level, FIELD_LABELS["levels"], err)
    data["channels"] = _code_list(item.get("channels"), Channel, FIELD_LABELS["channels"], err)
    data["applicant_types"] = _code_list(
        item.get("applicant_types"), ApplicantType, FIELD_LABELS["applicant_types"], err
    )

    amount, unit = item.get("time_amount"), str(item.get("time_unit") or "").strip()
    if amount in ("", None):
        data["time_amount"] = None
    else:
        try:
            data["time_amount"] = Decimal(str(amount).replace(",", "."))
            if data["time_amount"] <= 0:
                raise InvalidOperation
        except InvalidOperation:
            err(FIELD_LABELS["time_amount"], _("“%(value)s” không phải là số dương.") % {"value": amount})
    if unit and unit not in _choices(TimeUnit):
        unit = _by_label(TimeUnit).get(unit.lower(), unit)
    if unit and unit not in _choices(TimeUnit):
        err(
            FIELD_LABELS["time_unit"],
            _("đơn vị “%(value)s” không hợp lệ (cho phép: %(allowed)s).")
            % {"value": unit, "allowed": ", ".join(sorted(_choices(TimeUnit)))},
        )
    if data.get("time_amount") is not None and not unit:
        err(FIELD_LABELS["time_unit"], _("có thời hạn thì phải có đơn vị."))
    data["time_unit"] = unit

    confidence = str(item.get("confidence") or "high").strip()
    if confidence not in _choices(Confidence):
        err(FIELD_LABELS["confidence"], _("phải là high, medium hoặc low."))
    data["confidence"] = confidence
    flags = item.get("flags") or []
    data["flags"] = [str(f) for f in (flags if isinstance(flags, list) else [flags])]
    for key in ("result_paper", "result_electronic"):
        data[key] = bool(item.get(key))

    legal = item.get("legal_basis") or []
    if not isinstance(legal, list) or not all(isinstance(x, dict) and x.get("title") for x in legal):
        err(FIELD_LABELS["legal_basis"], _("phải là danh sách {code, title}, mỗi mục có tiêu đề."))
        legal = []
    # one line per act in the Excel cell: a title's own line breaks are spaces
    data["legal_basis"] = [
        {"code": x.get("code") or None, "title": " ".join(str(x["title"]).split())} for x in legal
    ]

    effective = item.get("effective_from")
    data["effective_from"] = None
    if effective not in (None, ""):
        if isinstance(effective, datetime.datetime):
            data["effective_from"] = effective.date()
        elif isinstance(effective, datetime.date):
            data["effective_from"] = effective
        else:
            for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    data["effective_from"] = datetime.datetime.strptime(str(effective).strip(), fmt).date()  # noqa: DTZ007
                    break
                except ValueError:
                    continue
            else:
                err(
                    FIELD_LABELS["effective_from"],
                    _("ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": effective},
                )

    for key in ("implementing_agencies", "coordinating_agencies"):
        found = []
        for agency_code in item.get(key) or []:
            agency = agencies.get(str(agency_code).strip())
            if agency is None:
                err(FIELD_LABELS[key], _("không có cơ quan mã “%(code)s”.") % {"code": agency_code})
            else:
                found.append(agency)
        data[key] = found

    data["requirements"] = []
    for index, req in enumerate(item.get("requirements") or [], start=1):
        r_sheet, r_row = req.get("_sheet", sheet), req.get("_row", row)
        label = "" if "_row" in req else _("thành phần hồ sơ thứ %(n)d: ") % {"n": index}

        def rerr(key, message, r_sheet=r_sheet, r_row=r_row, label=label):
            err(REQ_LABELS[key], f"{label}{message}", r_sheet, r_row)

        name = str(req.get("name") or "").strip()
        if not name:
            rerr("name", _("không được để trống."))
        kind = str(req.get("kind") or "original").strip()
        kind = _by_label(PaperKind).get(kind, kind)
        if kind not in _choices(PaperKind):
            rerr(
                "kind",
                _("loại bản “%(value)s” không hợp lệ (original, copy, either, electronic).")
                % {"value": kind},
            )
        try:
            quantity = int(req.get("quantity") if req.get("quantity") not in (None, "") else 1)
            if quantity < 0:
                raise ValueError
        except (TypeError, ValueError):
            rerr(
                "quantity",
                _("“%(value)s” không phải là số nguyên không âm.") % {"value": req.get("quantity")},
            )
            quantity = 1
        data["requirements"].append(
            {
                "group": str(req.get("group") or "").strip(),
                "name": name,
                "kind": kind,
                "quantity": quantity,
                "quantity_text": str(req.get("quantity_text") or "").strip()[:64],
                "template": str(req.get("template") or "").strip()[:255],
                "mandatory": req.get("mandatory", True) is not False,
            }
        )

    data["fees"] = []
    for index, fee in enumerate(item.get("fees") or [], start=1):
        f_sheet, f_row = fee.get("_sheet", sheet), fee.get("_row", row)
        label = "" if "_row" in fee else _("phí, lệ phí thứ %(n)d: ") % {"n": index}

        def ferr(key, message, f_sheet=f_sheet, f_row=f_row, label=label):
            err(FEE_LABELS[key], f"{label}{message}", f_sheet, f_row)

        name = str(fee.get("name") or "").strip() or "Phí, lệ phí"
        amount_vnd = fee.get("amount_vnd")
        if amount_vnd in ("", None):
            amount_vnd = None
        else:
            try:
                amount_vnd = int(amount_vnd)
                if amount_vnd < 0:
                    raise ValueError
            except (TypeError, ValueError):
                ferr(
                    "amount_vnd",
                    _("“%(value)s” không phải là số tiền (đồng) hợp lệ.") % {"value": fee.get("amount_vnd")},
                )
                amount_vnd = None
        collected = str(fee.get("collected_at") or FeeCollection.INTAKE).strip()
        if collected not in _choices(FeeCollection):
            ferr("collected_at", _("phải là 1 (khi tiếp nhận), 2 (khi bổ sung) hoặc 4 (khi trả kết quả)."))
        data["fees"].append(
            {
                "name": name[:128],
                "amount_vnd": amount_vnd,
                "text": str(fee.get("text") or "").strip(),
                "description": str(fee.get("description") or "").strip(),
                "channels": _code_list(
                    fee.get("channels"),
                    Channel,
                    FEE_LABELS["channels"],
                    lambda k, m, s=f_sheet, r=f_row: err(k, m, s, r),
                ),
                "collected_at": collected,
            }
        )
    return (None if errors else data), errors


def _agency_index() -> dict[str, Agency]:
    return {a.code: a for a in Agency.objects.all()}


def import_items(items: list[dict], *, sheet: str = "JSON", publish: bool = True, now=None) -> ImportReport:
    """Validate every item, then write all of them in one transaction, or raise ImportRejected."""
    agencies = _agency_index()
    errors: list[RowError] = []
    valid: list[tuple[dict, str]] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, start=1):
        row = item.get("_row", index) if isinstance(item, dict) else index
        if not isinstance(item, dict):
            errors.append(
                RowError(sheet=sheet, row=row, field="", message=_("mỗi phần tử phải là một đối tượng JSON."))
            )
            continue
        data, item_errors = validate_item(item, sheet=sheet, row=row, agencies=agencies)
        code = item.get("code")
        if code in seen:
            item_errors.append(
                RowError(
                    sheet=sheet,
                    row=row,
                    field=FIELD_LABELS["code"],
                    code=str(code),
                    message=_("trùng mã với dòng %(row)s.") % {"row": seen[code]},
                )
            )
        seen.setdefault(code, row)
        errors += item_errors
        if data is not None and not item_errors:
            valid.append((row, data, hash_item(export_shape(data))))
    if errors:
        raise ImportRejected(errors)
    return write_items(valid, sheet=sheet, publish=publish, now=now)


def write_items(valid: list[tuple[int, dict, str]], *, sheet: str, publish: bool, now=None) -> ImportReport:
    """Write validated items in one transaction; a rule the services refuse (e.g. an effective date before
    the version in force) becomes a row error and rolls the whole file back."""
    report = ImportReport()
    errors: list[RowError] = []
    with transaction.atomic():
        for row, data, digest in valid:
            try:
                with transaction.atomic():
                    _version, changed = services.upsert_procedure(
                        data=data, source_hash=digest, publish=publish, now=now
                    )
            except ValidationError as exc:
                errors += [
                    RowError(sheet=sheet, row=row, field="", code=data["code"], message=m)
                    for m in exc.messages
                ]
                continue
            (report.created if changed else report.unchanged).append(data["code"])
        if errors:
            raise ImportRejected(errors)
    return report


def export_shape(data: dict) -> dict:
    """The services' data dict in the exchange format (agencies by code, dates as ISO text)."""
    out = dict(data)
    for key in ("implementing_agencies", "coordinating_agencies"):
        out[key] = sorted(a.code if hasattr(a, "code") else a for a in data.get(key) or [])
    if isinstance(out.get("effective_from"), datetime.date):
        out["effective_from"] = out["effective_from"].isoformat()
    if isinstance(out.get("time_amount"), Decimal):
        out["time_amount"] = _decimal_out(out["time_amount"])
    return out


def _decimal_out(value: Decimal | None):
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


# -------------------------------------------------------------------------------------------- export


def version_to_item(version: ProcedureVersion) -> dict:
    item = {
        "code": version.procedure.code,
        "name": version.name,
        "sector": version.sector.name,
        "levels": version.level_list,
    }
    for key in services.VERSION_FIELDS:
        if key not in item:
            item[key] = getattr(version, key)
    item["time_amount"] = _decimal_out(version.time_amount)
    item["effective_from"] = version.effective_from.isoformat() if version.effective_from else None
    item["implementing_agencies"] = sorted(a.code for a in version.implementing_agencies.all())
    item["coordinating_agencies"] = sorted(a.code for a in version.coordinating_agencies.all())
    item["requirements"] = [
        {k: getattr(r, k) for k in services.REQUIREMENT_FIELDS} for r in version.requirements.all()
    ]
    item["fees"] = [{k: getattr(f, k) for k in services.FEE_FIELDS} for f in version.fees.all()]
    return item


def exported_versions(state: str = VersionState.PUBLISHED):
    """The versions in force today (state "published"), or every version in another state."""
    qs = ProcedureVersion.objects.filter(in_force_q()) if state == VersionState.PUBLISHED else None
    return (
        (qs if qs is not None else ProcedureVersion.objects.filter(state=state))
        .select_related("procedure", "sector")
        .prefetch_related("requirements", "fees", "implementing_agencies", "coordinating_agencies")
        .order_by("procedure__code")
    )


def export_json(versions=None) -> str:
    versions = exported_versions() if versions is None else versions
    return json.dumps([version_to_item(v) for v in versions], ensure_ascii=False, indent=1)


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
    return value if value is not None else ""


def export_excel(versions=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    versions = exported_versions() if versions is None else versions
    wb = Workbook()
    sheets = [
        (wb.active, SHEET_PROCEDURES, PROCEDURE_COLUMNS),
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
        for req in item["requirements"]:
            req = {**req, "code": item["code"]}
            sheets[1][0].append([_cell(req.get(k), kind) for k, _h, kind in REQUIREMENT_COLUMNS])
        for fee in item["fees"]:
            fee = {**fee, "code": item["code"]}
            sheets[2][0].append([_cell(fee.get(k), kind) for k, _h, kind in FEE_COLUMNS])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -------------------------------------------------------------------------------------- Excel import


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
                errors.append(
                    RowError(
                        sheet=title,
                        row=number,
                        field=labels[key],
                        code=str(values[0] or ""),
                        message=_("“%(value)s” phải là Có hoặc Không.") % {"value": value.args[0]},
                    )
                )
                value = False
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
        item["requirements"], item["fees"] = [], []
        by_code.setdefault(item.get("code"), item)
    for title, columns, key in (
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
    agencies = _agency_index()
    errors = []
    for index, item in enumerate(items, start=1):
        errors += validate_item(item, sheet=SHEET_PROCEDURES, row=item.get("_row", index), agencies=agencies)[
            1
        ]
    if errors:
        raise ImportRejected(errors)


def import_json(content: bytes | str, *, publish: bool = True, now=None) -> ImportReport:
    try:
        items = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportRejected(
            [
                RowError(
                    sheet="JSON",
                    row=getattr(exc, "lineno", 0),
                    field="",
                    message=_("Tệp JSON không hợp lệ: %(error)s") % {"error": exc},
                )
            ]
        ) from exc
    if not isinstance(items, list):
        raise ImportRejected(
            [RowError(sheet="JSON", row=0, field="", message=_("Tệp JSON phải là một danh sách thủ tục."))]
        )
    return import_items(items, sheet="JSON", publish=publish, now=now)


def import_file(name: str, content: bytes, *, publish: bool = True, now=None) -> ImportReport:
    if name.lower().endswith(".json"):
        return import_json(content, publish=publish, now=now)
    if name.lower().endswith(".xlsx"):
        return import_excel(content, publish=publish, now=now)
    raise ImportRejected([RowError(sheet="", row=0, field="", message=_("Chỉ nhận tệp .json hoặc .xlsx."))])
