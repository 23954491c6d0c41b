"""The record a sector system receives, checked against its JSON Schema (kept beside this module):
by MotCua before it queues the record, by the simulator (as a real system would) on receipt."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_PATH = Path(__file__).parent / "schemas" / "sector-dossier.schema.json"
SCHEMA_ID = "motcua.sector-dossier/1"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def errors(record: object) -> list[str]:
    """Each problem as "path: message" (empty: the record is valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(record)'}: {error.message}"
        for error in sorted(validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    ]
