"""E-forms (tờ khai điện tử): a version's interactive declaration as a JSON Schema and a layout.

- `version.eform_schema`: a JSON Schema (draft 2020-12) of type object. Fields are its properties, nested
  one level in objects for the form's parts (`child.full_name`, `mother.id_number`…). Every property has a
  Vietnamese `title`; choices are `oneOf: [{const, title}]`; dates are strings of format `date` (ISO
  yyyy-mm-dd in the data, typed dd/mm/yyyy on screen).
- `version.eform_layout`: the form's sections in order, `[{"title": …, "fields": ["child.full_name", …]}]`.
  A field not named by any section is shown after them.

`validate(version, data)` checks data on the server (jsonschema) and raises a Django `ValidationError`
whose keys are field paths and whose errors carry stable codes (`eform_required`, `eform_type`,
`eform_format`, `eform_choice`, `eform_too_long`, `eform_pattern`, `eform_unknown_field`, …).
`eform_fields(version)` builds a Django form class for the desk; `printable(version, data)` gives the
(label, value) lines the declaration PDF prints.
"""

import datetime
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

CODES = {
    "required": "eform_required",
    "type": "eform_type",
    "format": "eform_format",
    "enum": "eform_choice",
    "const": "eform_choice",
    "oneOf": "eform_choice",
    "maxLength": "eform_too_long",
    "minLength": "eform_required",
    "pattern": "eform_pattern",
    "minimum": "eform_range",
    "maximum": "eform_range",
    "additionalProperties": "eform_unknown_field",
}


def check_schema(schema) -> None:
    """Refuse a schema that is not a valid JSON Schema of an object."""
    if not isinstance(schema, dict) or schema.get("type") != "object":
        raise ValidationError(
            _("Tờ khai điện tử phải là một JSON Schema kiểu object."), code="bad_eform_schema"
        )
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ValidationError(
            _("Tờ khai điện tử không phải là JSON Schema hợp lệ: %(error)s") % {"error": exc.message},
            code="bad_eform_schema",
        ) from exc


def _leaves(
    schema: dict, prefix: str = "", parents_required: bool = True
) -> Iterator[tuple[str, dict, bool]]:
    """(path, property schema, required) for every field, in the schema's order. A field required inside an
    optional part (the father's name) is not required as such: the part may be left out whole."""
    required = set(schema.get("required") or [])
    for name, prop in (schema.get("properties") or {}).items():
        path = f"{prefix}{name}"
        if prop.get("type") == "object":
            yield from _leaves(
                prop, prefix=f"{path}.", parents_required=parents_required and name in required
            )
        else:
            yield path, prop, parents_required and name in required


def fields_of(schema: dict | None) -> dict[str, tuple[dict, bool]]:
    return {path: (prop, req) for path, prop, req in _leaves(schema or {})}


def _title(schema: dict | None, path: str) -> str:
    node = schema or {}
    titles = []
    for part in path.split("."):
        node = (node.get("properties") or {}).get(part) or {}
        if node.get("title"):
            titles.append(node["title"])
    return titles[-1] if titles else path


def _message(error, schema) -> tuple[str, str, str]:
    """(path, message, code) of one jsonschema error, in Vietnamese."""
    path = ".".join(str(p) for p in error.absolute_path)
    validator = error.validator
    code = CODES.get(validator, f"eform_{validator}")
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        path = f"{path}.{missing}" if path else missing
        return path, _("Chưa điền “%(label)s”.") % {"label": _title(schema, path)}, code
    if validator == "additionalProperties":
        extra = ", ".join(sorted(set(error.instance) - set(error.schema.get("properties", {}))))
        return path, _("Trường không có trong tờ khai: %(names)s.") % {"names": extra}, code
    label = _title(schema, path)
    messages = {
        "type": _("“%(label)s” không đúng kiểu dữ liệu."),
        "format": _("“%(label)s” phải là ngày hợp lệ (dd/mm/yyyy)."),
        "eform_choice": _("“%(label)s”: giá trị không nằm trong danh sách cho phép."),
        "maxLength": _("“%(label)s” dài quá %(n)s ký tự."),
        "minLength": _("Chưa điền “%(label)s”."),
        "pattern": _("“%(label)s” không đúng định dạng."),
        "minimum": _("“%(label)s” nhỏ hơn giá trị cho phép."),
        "maximum": _("“%(label)s” lớn hơn giá trị cho phép."),
    }
    text = messages.get(validator) or messages.get(code) or _("“%(label)s” không hợp lệ.")
    return path, text % {"label": label, "n": error.validator_value}, code


def validate(version, data) -> dict | None:
    """Check `data` against the version's e-form; return it, or raise ValidationError keyed by field path.

    A version without an e-form accepts no data (`eform_none`); no data is accepted (None): whether the
    e-form is needed for a channel is a component rule (`catalog.intake`), not this one.
    """
    schema = getattr(version, "eform_schema", None)
    if data is None:
        return None
    if not schema:
        raise ValidationError(
            {"eform_data": ValidationError(_("Thủ tục này không có tờ khai điện tử."), code="eform_none")}
        )
    if not isinstance(data, dict):
        raise ValidationError(
            {
                "eform_data": ValidationError(
                    _("Tờ khai điện tử phải là một đối tượng JSON."), code="eform_type"
                )
            }
        )
    validator = Draft202012Validator(schema, format_checker=FormatChecker(formats=["date", "email"]))
    errors: dict[str, list[ValidationError]] = {}
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        path, message, code = _message(error, schema)
        errors.setdefault(path or "eform_data", []).append(ValidationError(message, code=code))
    if errors:
        raise ValidationError(errors)
    return data


# ------------------------------------------------------------------------------------------ the desk form


def _choices(prop: dict) -> list[tuple[str, str]] | None:
    if "oneOf" in prop and all("const" in o for o in prop["oneOf"]):
        return [(o["const"], o.get("title") or o["const"]) for o in prop["oneOf"]]
    if "enum" in prop:
        return [(v, v) for v in prop["enum"]]
    return None


def _form_field(prop: dict, required: bool) -> forms.Field:
    label = prop.get("title") or ""
    help_text = prop.get("description") or ""
    kwargs = {"label": label, "required": required, "help_text": help_text}
    choices = _choices(prop)
    kind = prop.get("type")
    if choices is not None:
        return forms.ChoiceField(choices=[("", "---------"), *choices], **kwargs)
    if kind == "boolean":
        return forms.BooleanField(**{**kwargs, "required": False})
    if kind == "integer":
        return forms.IntegerField(min_value=prop.get("minimum"), max_value=prop.get("maximum"), **kwargs)
    if prop.get("format") == "date":
        return forms.DateField(
            input_formats=DATE_INPUT_FORMATS,
            widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            **kwargs,
        )
    max_length = prop.get("maxLength")
    widget = forms.Textarea(attrs={"rows": 2}) if (max_length or 0) > 255 else None
    return forms.CharField(max_length=max_length, widget=widget, **kwargs)


def field_name(path: str) -> str:
    """A Django form field name for an e-form path ('child.full_name' → 'eform__child__full_name')."""
    return "eform__" + path.replace(".", "__")


class EformForm(forms.Form):
    """The desk's e-form: `sections()` for the template, `eform_data()` for `Intake.eform_data`."""

    eform_schema: dict = {}
    eform_layout: list = []

    def sections(self) -> list[tuple[str, list]]:
        shown, out = set(), []
        for section in self.eform_layout:
            bound = [self[field_name(p)] for p in section.get("fields", []) if field_name(p) in self.fields]
            shown.update(b.name for b in bound)
            out.append((section.get("title") or "", bound))
        rest = [self[name] for name in self.fields if name not in shown]
        if rest:
            out.append(("", rest))
        return out

    def clean(self):
        """The schema's own rules too (a part filled in needs its required fields): jsonschema decides."""
        cleaned = super().clean()
        if self.errors:
            return cleaned
        validator = Draft202012Validator(
            self.eform_schema, format_checker=FormatChecker(formats=["date", "email"])
        )
        for error in validator.iter_errors(self.eform_data()):
            path, message, code = _message(error, self.eform_schema)
            name = field_name(path)
            self.add_error(name if name in self.fields else None, ValidationError(message, code=code))
        return cleaned

    def eform_data(self) -> dict:
        """The cleaned data as the e-form's nested JSON (dates ISO; empty fields and unticked boxes left out)."""
        data: dict = {}
        for path in fields_of(self.eform_schema):
            value = self.cleaned_data.get(field_name(path))
            if value is None or value == "" or value is False:  # an unticked box is not an answer
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            node = data
            *parents, leaf = path.split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        return data

    @classmethod
    def initial_from(cls, data: dict | None) -> dict:
        """Form initial values from stored e-form data (to edit or prefill)."""
        out = {}
        for path, (prop, _req) in fields_of(cls.eform_schema).items():
            value = _get(data or {}, path)
            if value is not None and prop.get("format") == "date":
                value = datetime.date.fromisoformat(value)
            if value is not None:
                out[field_name(path)] = value
        return out


def eform_fields(version) -> type[EformForm] | None:
    """A Django form class with the version's e-form fields, or None when the version has no e-form."""
    schema = getattr(version, "eform_schema", None)
    if not schema:
        return None
    attrs = {field_name(path): _form_field(prop, req) for path, (prop, req) in fields_of(schema).items()}
    attrs.update(eform_schema=schema, eform_layout=version.eform_layout or [])
    return type("EformFormFor" + version.procedure.code.replace(".", "_"), (EformForm,), attrs)


# ------------------------------------------------------------------------------------------- printing


def _get(data: dict, path: str):
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _display(prop: dict, value) -> str:
    choices = dict(_choices(prop) or [])
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if prop.get("format") == "date" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def printable(version, data: dict | None) -> list[tuple[str, str]]:
    """(label, value) lines of filled e-form data, in the layout's order, for the declaration PDF.

    A section title comes as a line (title, "") before its fields; empty fields are left out.
    """
    schema = getattr(version, "eform_schema", None)
    if not schema or not data:
        return []
    fields = fields_of(schema)
    lines: list[tuple[str, str]] = []
    shown: set[str] = set()
    sections = [*(version.eform_layout or []), {"title": "", "fields": list(fields)}]
    for section in sections:
        body = []
        for path in section.get("fields", []):
            if path in shown or path not in fields:
                continue
            shown.add(path)
            value = _get(data, path)
            if value in (None, ""):
                continue
            body.append((fields[path][0].get("title") or path, _display(fields[path][0], value)))
        if body and section.get("title"):
            lines.append((section["title"], ""))
        lines += body
    return lines


DECLARATION_TEMPLATE = "documents/forms/to_khai.html"


def declaration_context(
    version,
    data: dict | None,
    *,
    requester_name: str = "",
    agency_name: str = "",
    dossier_code: str = "",
    date_line: str = "",
) -> dict:
    """The context of the declaration PDF (documents/forms/to_khai.html) for filled e-form data.

    `date_line` is the place and date as the documents app writes it
    (`documents.formatting.format_place_date(place, day)`).
    """
    schema = getattr(version, "eform_schema", None) or {}
    return {
        "title": schema.get("title") or _("Tờ khai"),
        "lines": printable(version, data),
        "requester_name": requester_name,
        "agency_name": agency_name,
        "dossier_code": dossier_code,
        "date_line": date_line,
    }


def declaration_html(version, data: dict | None, **kwargs) -> str:
    from django.template.loader import render_to_string

    return render_to_string(DECLARATION_TEMPLATE, declaration_context(version, data, **kwargs))


def declaration_pdf(version, data: dict | None, **kwargs) -> bytes:
    """The filled declaration as PDF bytes (WeasyPrint, as the documents app renders its forms)."""
    from weasyprint import HTML

    return HTML(string=declaration_html(version, data, **kwargs)).write_pdf()
