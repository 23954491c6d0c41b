"""The catalogue's JSON exchange format as a JSON Schema kept in the repository
(`schemas/procedure.schema.json`, one procedure; `schemas/catalogue.schema.json`, the file): the
shape and types, checked first on a JSON import; the values are `validation`'s. An error is a
RowError of the file's row (the item's position), like every other import error."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from .validation import FIELD_LABELS, RowError

SCHEMAS = Path(__file__).parent / "schemas"
PROCEDURE_SCHEMA = SCHEMAS / "procedure.schema.json"
TYPE_NAMES = {
    "string": "chuỗi",
    "number": "số",
    "integer": "số nguyên",
    "boolean": "true/false",
    "array": "danh sách",
    "object": "đối tượng",
    "null": "null",
}


@cache
def procedure_validator() -> Draft202012Validator:
    schema = json.loads(PROCEDURE_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _message(error: SchemaError) -> str:
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return _("phải là %(types)s.") % {"types": _(" hoặc ").join(TYPE_NAMES.get(t, t) for t in wanted)}
    if error.validator == "required":
        missing = [
            name
            for name in error.validator_value
            if isinstance(error.instance, dict) and name not in error.instance
        ]
        return _("thiếu trường bắt buộc: %(fields)s.") % {"fields": ", ".join(missing)}
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = (
            sorted(k for k in error.instance if k not in allowed) if isinstance(error.instance, dict) else []
        )
        return _("trường không có trong định dạng trao đổi: %(fields)s.") % {"fields": ", ".join(extra)}
    return error.message


def item_errors(item: object, *, row: int, sheet: str = "JSON") -> list[RowError]:
    """The schema's refusals of one item, each naming the field (its column header when it has one)."""
    code = str(item.get("code") or "") if isinstance(item, dict) else ""
    errors = []
    for error in sorted(
        procedure_validator().iter_errors(item), key=lambda e: [str(p) for p in e.absolute_path]
    ):
        path = [str(p) for p in error.absolute_path]
        top = path[0] if path else ""
        field = FIELD_LABELS.get(top, top)
        where = "/".join(path[1:])
        message = _message(error)
        errors.append(
            RowError(
                sheet=sheet,
                row=row,
                field=field,
                code=code,
                message=f"{where}: {message}" if where else message,
            )
        )
    return errors


def file_errors(items: list) -> list[RowError]:
    return [e for index, item in enumerate(items, start=1) for e in item_errors(item, row=index)]
