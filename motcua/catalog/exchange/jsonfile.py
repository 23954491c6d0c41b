"""The catalogue as a JSON file: a list of exchange-format items, checked against the format's JSON
Schema (`schema.py`, `schemas/`) before their values are."""

import json

from django.utils.translation import gettext as _

from .core import exported_versions, import_items, version_to_item
from .schema import file_errors
from .validation import ImportRejected, ImportReport, RowError


def export_json(versions=None) -> str:
    versions = exported_versions() if versions is None else versions
    return json.dumps([version_to_item(v) for v in versions], ensure_ascii=False, indent=1)


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
    shape_errors = file_errors(items)
    if shape_errors:  # a wrong shape or type: the values are not looked at (they may not be readable)
        raise ImportRejected(shape_errors)
    return import_items(items, sheet="JSON", publish=publish, now=now)
