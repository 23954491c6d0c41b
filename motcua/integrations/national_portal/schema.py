"""The sync record's JSON Schema (schemas/sync-record.schema.json), loaded once."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

PATH = Path(__file__).parent / "schemas" / "sync-record.schema.json"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def problem(record: object) -> str:
    """'' when `record` is valid, else the most relevant error as `field: message`."""
    error = best_match(validator().iter_errors(record))
    if error is None:
        return ""
    where = "/".join(str(p) for p in error.absolute_path) or "(bản ghi)"
    return f"{where}: {error.message}"[:500]
