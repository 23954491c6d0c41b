"""Import and export of the catalogue (JSON and Excel), all-or-nothing per file: the one entry point.

The code lives in `exchange/`: `validation` (the exchange format's columns, row errors, `validate_item`),
`core` (writing validated items in one transaction; a version's exchange shape and content hash),
`jsonfile` and `excel`. This module re-exports what callers use.

The exchange format is flat: one object per procedure whose keys are the version's field names
(`code`, `name`, `sector`, `levels`, `time_amount`, `time_unit`, …), agencies by their electronic
code, plus `cases`, `requirements` (each naming its case: "" for every case) and `fees` lists. Excel
uses four sheets with the same columns (see `PROCEDURE_COLUMNS`, `CASE_COLUMNS`, `REQUIREMENT_COLUMNS`,
`FEE_COLUMNS`). Every bad row of a file is reported (sheet, row, field, Vietnamese reason) and then the
whole file is refused: nothing is written.
"""

from django.utils.translation import gettext as _

from .exchange.core import (
    content_hash,
    content_hashes,
    export_shape,
    exported_versions,
    import_items,
    version_to_item,
    write_items,
)
from .exchange.excel import export_excel, import_excel, read_excel
from .exchange.jsonfile import export_json, import_json
from .exchange.validation import (
    CASE_COLUMNS,
    CASE_LABELS,
    FEE_COLUMNS,
    FEE_LABELS,
    FIELD_LABELS,
    PROCEDURE_COLUMNS,
    REQ_LABELS,
    REQUIREMENT_CHANNELS,
    REQUIREMENT_COLUMNS,
    SHEET_CASES,
    SHEET_FEES,
    SHEET_PROCEDURES,
    SHEET_REQUIREMENTS,
    ImportRejected,
    ImportReport,
    RowError,
    agency_index,
    hash_item,
    validate_item,
)

__all__ = [
    "CASE_COLUMNS",
    "CASE_LABELS",
    "FEE_COLUMNS",
    "FEE_LABELS",
    "FIELD_LABELS",
    "PROCEDURE_COLUMNS",
    "REQUIREMENT_CHANNELS",
    "REQUIREMENT_COLUMNS",
    "REQ_LABELS",
    "SHEET_CASES",
    "SHEET_FEES",
    "SHEET_PROCEDURES",
    "SHEET_REQUIREMENTS",
    "ImportRejected",
    "ImportReport",
    "RowError",
    "agency_index",
    "content_hash",
    "content_hashes",
    "export_excel",
    "export_json",
    "export_shape",
    "exported_versions",
    "hash_item",
    "import_excel",
    "import_file",
    "import_items",
    "import_json",
    "read_excel",
    "validate_item",
    "version_to_item",
    "write_items",
]


def import_file(name: str, content: bytes, *, publish: bool = True, now=None) -> ImportReport:
    if name.lower().endswith(".json"):
        return import_json(content, publish=publish, now=now)
    if name.lower().endswith(".xlsx"):
        return import_excel(content, publish=publish, now=now)
    raise ImportRejected([RowError(sheet="", row=0, field="", message=_("Chỉ nhận tệp .json hoặc .xlsx."))])
