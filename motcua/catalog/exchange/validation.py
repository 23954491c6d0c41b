"""Validation of the catalogue's exchange format: the columns, row errors, and `validate_item`.

The exchange format is flat: one object per procedure whose keys are the version's field names
(`code`, `name`, `sector`, `levels`, `time_amount`, `time_unit`, …), agencies by their electronic
code, plus `cases`, `requirements` (each naming its case) and `fees` lists. Every bad row of a file is
reported (sheet, row, field, Vietnamese reason) and then the whole file is refused: nothing is written.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.core.text import fold
from motcua.org.models import Agency

from ..models import (
    ApplicantType,
    Channel,
    ComponentsOrigin,
    Confidence,
    FeeCollection,
    Level,
    PaperKind,
    Presentation,
    TimeUnit,
    validate_procedure_code,
)

SHEET_PROCEDURES = "Thủ tục"
SHEET_REQUIREMENTS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"
SHEET_CASES = "Trường hợp"

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
    ("components_origin", "Nguồn thành phần hồ sơ", "str"),
    ("components_confidence", "Độ tin cậy của thành phần hồ sơ", "str"),
    ("eform_schema", "Tờ khai điện tử (JSON Schema)", "json"),
    ("eform_layout", "Bố cục tờ khai điện tử", "json"),
]
CASE_COLUMNS = [
    ("code", "Mã thủ tục", "str"),
    ("name", "Tên trường hợp", "str"),
    ("is_default", "Mặc định", "bool"),
]
REQUIREMENT_COLUMNS = [
    ("code", "Mã thủ tục", "str"),
    ("case", "Trường hợp", "str"),
    ("group", "Nhóm giấy tờ (nguyên văn)", "str"),
    ("name", "Tên giấy tờ", "str"),
    ("presentation", "Nộp hay xuất trình", "str"),
    ("alternative_group", "Nhóm thay thế", "str"),
    ("channels", "Áp dụng cho kênh", "list"),
    ("kind", "Loại bản", "str"),
    ("quantity", "Số lượng", "int"),
    ("quantity_text", "Số lượng (nguyên văn)", "str"),
    ("template", "Mẫu đơn, tờ khai", "str"),
    ("template_url", "Địa chỉ tải mẫu", "str"),
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
CASE_LABELS = {key: header for key, header, _kind in CASE_COLUMNS}
#: a component's channels: desk, post, online (every online level)
REQUIREMENT_CHANNELS = ("desk", "post", "online")

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

    for key, enum in (("components_origin", ComponentsOrigin), ("components_confidence", Confidence)):
        value = str(item.get(key) or "").strip()
        if value and value not in _choices(enum):
            err(
                FIELD_LABELS[key],
                _("giá trị “%(value)s” không hợp lệ (cho phép: %(allowed)s).")
                % {"value": value, "allowed": ", ".join(sorted(_choices(enum)))},
            )
        data[key] = value
    schema, layout = item.get("eform_schema") or None, item.get("eform_layout") or []
    if schema is not None:
        from .. import eforms

        try:
            eforms.check_schema(schema)
        except ValidationError as exc:
            err(FIELD_LABELS["eform_schema"], exc.messages[0])
    if not isinstance(layout, list):
        err(FIELD_LABELS["eform_layout"], _("phải là một danh sách."))
        layout = []
    data["eform_schema"], data["eform_layout"] = schema, layout

    data["cases"] = []
    for index, case in enumerate(item.get("cases") or [], start=1):
        c_sheet, c_row = case.get("_sheet", sheet), case.get("_row", row)
        label = "" if "_row" in case else _("trường hợp thứ %(n)d: ") % {"n": index}
        name = str(case.get("name") or "").strip()
        if not name:
            err(CASE_LABELS["name"], f"{label}" + _("không được để trống."), c_sheet, c_row)
        elif name in {c["name"] for c in data["cases"]}:
            err(
                CASE_LABELS["name"],
                f"{label}" + _("trùng tên trường hợp “%(name)s”.") % {"name": name},
                c_sheet,
                c_row,
            )
        data["cases"].append({"name": name, "is_default": bool(case.get("is_default"))})
    if sum(c["is_default"] for c in data["cases"]) > 1:
        err(CASE_LABELS["is_default"], _("chỉ một trường hợp được là mặc định."))
    named_cases = [str(r.get("case") or "").strip() for r in item.get("requirements") or []]
    if not data["cases"]:
        # no case list (e.g. an Excel file without the cases sheet): the cases the components name
        for name in named_cases:
            if name and name not in {c["name"] for c in data["cases"]}:
                data["cases"].append({"name": name, "is_default": not data["cases"]})
    case_names = {c["name"] for c in data["cases"]}

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
        case = str(req.get("case") or "").strip()
        if case and case not in case_names:
            rerr("case", _("trường hợp “%(name)s” không có trong danh sách trường hợp.") % {"name": case})
        presentation = str(req.get("presentation") or Presentation.SUBMIT).strip()
        presentation = _by_label(Presentation).get(presentation) or _by_label(Presentation).get(
            fold(presentation), presentation
        )
        if presentation not in _choices(Presentation):
            rerr("presentation", _("phải là submit (nộp) hoặc show (xuất trình)."))
        alternative = str(req.get("alternative_group") or "").strip()
        if len(alternative) > 32:
            rerr("alternative_group", _("dài quá 32 ký tự."))
        channels = []
        for value in _code_list(
            req.get("channels"), Channel, REQ_LABELS["channels"], lambda k, m, rerr=rerr: rerr("channels", m)
        ):
            value = "online" if value.startswith("online") else value
            if value not in channels:
                channels.append(value)
        template_url = str(req.get("template_url") or "").strip()
        if template_url and not template_url.startswith(("http://", "https://")):
            rerr("template_url", _("phải là địa chỉ http(s)."))
        data["requirements"].append(
            {
                "case": case,
                "group": str(req.get("group") or "").strip(),
                "name": name,
                "presentation": presentation,
                "alternative_group": alternative[:32],
                "channels": sorted(channels, key=REQUIREMENT_CHANNELS.index),
                "kind": kind,
                "quantity": quantity,
                "quantity_text": str(req.get("quantity_text") or "").strip()[:64],
                "template": str(req.get("template") or "").strip()[:255],
                "template_url": template_url[:500],
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


def agency_index() -> dict[str, Agency]:
    return {a.code: a for a in Agency.objects.all()}
