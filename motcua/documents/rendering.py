"""The registry of legal forms and the one entry point that renders them to PDF.

    pdf_bytes = render_form("mau_01", ReceiptContext(...))

Each form is a Django template (documents/forms/<code>.html) over one context dataclass; the
registry refuses a context of the wrong type, so a service cannot print a refusal with receipt
data. Rendering is pure: no database, no network (the QR code is an inline SVG, fonts come from
fontconfig), so it can run in a Celery task or a request alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from django.template.loader import render_to_string

from . import contexts as c
from .formatting import format_place_date, format_vnd
from .qr import qr_svg_data_uri


@dataclass(frozen=True)
class FormSpec:
    code: str
    #: Number in Circular 03/2025/TT-VPCP, Phụ lục I, and in Circular 01/2018 (None: new in 2025).
    number: str
    number_2018: str | None
    title: str
    context_type: type[c.FormContext]
    landscape: bool = False
    #: Circular 01/2018's title where it differs, and whether its wording needs its own template.
    title_2018: str | None = None
    own_template_2018: bool = False
    #: The set this spec prints in ("2025" as registered; `in_set` gives the 2018 variant).
    form_set: str = "2025"

    @property
    def template(self) -> str:
        if self.form_set == "2018" and self.own_template_2018:
            return f"documents/forms/{self.code}_2018.html"
        return f"documents/forms/{self.code}.html"

    def in_set(self, form_set: str) -> FormSpec:
        """This form as the set `form_set` numbers and words it. A form the 2018 set lacks (the
        stop notice, new in 2025) keeps its 2025 shape: it is the only form the law has for it."""
        if form_set not in FORM_SETS:
            raise ValueError(f"unknown form set {form_set!r}; known: {', '.join(FORM_SETS)}")
        if form_set == "2025" or self.number_2018 is None:
            return self
        return replace(self, number=self.number_2018, title=self.title_2018 or self.title, form_set="2018")


#: Circular 01/2018 (Mẫu 01–06) and Circular 03/2025 (Mẫu 01–07); which applies to a dossier is
#: the dated rule "forms.set" (motcua.core.law), chosen by the caller from the received date.
FORM_SETS = ("2018", "2025")


_REGISTRY: dict[str, FormSpec] = {}


def register_form(spec: FormSpec) -> FormSpec:
    """Add or replace a form (a locality may print its own variant under the same code)."""
    _REGISTRY[spec.code] = spec
    return spec


def get_form(code: str) -> FormSpec:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"unknown form {code!r}; known: {', '.join(sorted(_REGISTRY))}") from None


def registered_forms() -> list[FormSpec]:
    return sorted(_REGISTRY.values(), key=lambda spec: spec.code)


def forms_of_set(form_set: str) -> list[FormSpec]:
    """The forms the set itself contains, each as that set numbers it (2018: six, 2025: seven)."""
    specs = [spec.in_set(form_set) for spec in registered_forms()]
    return [spec for spec in specs if spec.form_set == form_set or form_set == "2025"]


for _spec in (
    FormSpec("mau_01", "01", "01", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", c.ReceiptContext),
    FormSpec("mau_02", "02", "02", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", c.SupplementRequestContext),
    FormSpec("mau_03", "03", "03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", c.RefusalContext),
    FormSpec(
        "mau_04",
        "04",
        "04",
        "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
        c.ApologyContext,
        title_2018="Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        own_template_2018=True,
    ),
    FormSpec("mau_05", "05", None, "Thông báo dừng giải quyết hồ sơ", c.StopNoticeContext),
    FormSpec("mau_06", "06", "05", "Phiếu kiểm soát quá trình giải quyết hồ sơ", c.ControlSlipContext),
    FormSpec("mau_07", "07", "06", "Sổ theo dõi hồ sơ", c.TrackingBookContext, landscape=True),
):
    register_form(_spec)


#: Fee names that only repeat the line's own label ("7. Phí, lệ phí:"): the amount alone is printed.
_GENERIC_FEE_NAMES = {"phí", "lệ phí", "phí, lệ phí", "lệ phí, phí", "phí và lệ phí", "phí, lệ phí (nếu có)"}


def fee_line(name: str, amount) -> str:
    """One fee on Mẫu 01's fee line: "Lệ phí: 8.000 đồng", or "8.000 đồng" when the name says no more
    than the line's label ("Phí, lệ phí: Phí, lệ phí: 8.000 đồng" is what a careless form prints)."""
    label = (name or "").strip().rstrip(":").strip()
    if label.lower() in _GENERIC_FEE_NAMES or not label:
        return format_vnd(amount)
    return f"{label}: {format_vnd(amount)}"


def _template_context(spec: FormSpec, context: c.FormContext) -> dict:
    data = {
        "form": spec,
        "ctx": context,
        "date_line": format_place_date(context.agency.place, context.issued_on),
    }
    if isinstance(context, c.ReceiptContext):
        data["qr_data_uri"] = qr_svg_data_uri(context.tracking_url)
        data["fees_total"] = sum((Decimal(str(f.amount)) for f in context.fees), Decimal(0))
        data["fee_lines"] = [fee_line(f.name, f.amount) for f in context.fees]
        data["applicant_signatory"] = c.Signatory(title="Người nộp hồ sơ", name=context.applicant.name)
        data["intake_intro"] = f"{context.agency.name} tiếp nhận hồ sơ của"
    if isinstance(context, c.TrackingBookContext):
        data["column_numbers"] = range(1, 14)
    return data


def render_form_html(form_code: str, context: c.FormContext, *, form_set: str = "2025") -> str:
    """The form as HTML (for an on-screen preview, and the input of the PDF), in `form_set`."""
    spec = get_form(form_code).in_set(form_set)
    if not isinstance(context, spec.context_type):
        raise TypeError(
            f"form {form_code} needs a {spec.context_type.__name__}, got {type(context).__name__}"
        )
    return render_to_string(spec.template, _template_context(spec, context))


def render_form(form_code: str, context: c.FormContext, *, form_set: str = "2025") -> bytes:
    """The form as PDF bytes, ready to store, sign (documents.signing) or send."""
    # Imported here: WeasyPrint loads Pango and fontconfig, which only PDF-producing code needs.
    from weasyprint import HTML

    html = render_form_html(form_code, context, form_set=form_set)
    return HTML(string=html).write_pdf()


#: The result document's template per sector (catalogue sector names); others use the generic one.
RESULT_TEMPLATES = {"Hộ tịch": "ho_tich", "Chứng thực": "chung_thuc"}


def result_template(sector: str, result_name: str = "") -> str:
    """The template of a procedure's result document, chosen by its sector (then its result's name)."""
    name = RESULT_TEMPLATES.get(sector)
    if name is None and "chứng thực" in result_name.lower():
        name = "chung_thuc"
    return f"documents/results/{name or 'base'}.html"


def render_result(template: str, context: c.ResultContext) -> bytes:
    """The result document as PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(
        template,
        {
            "form": FormSpec("ket_qua", "", None, context.title, c.ResultContext),
            "ctx": context,
            "date_line": format_place_date(context.agency.place, context.issued_on),
        },
    )
    return HTML(string=html).write_pdf()
