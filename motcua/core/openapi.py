"""The published OpenAPI document and its committed snapshot (docs/api/openapi-v1.yaml).

`current()` is the document this code serves at /api/v1/schema/, as plain data; `snapshot()` the one
committed; `write_snapshot()` replaces the latter by the former (`make openapi`, or
`manage.py openapi_snapshot`). A test fails while they differ, so a change of the API is a reviewed
change of the snapshot with its line in docs/api/CHANGELOG.md."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import yaml
from django.conf import settings
from django.utils import translation

from .api_version import snapshot_name

REGENERATE = (
    "The API's OpenAPI document differs from the committed snapshot {path}. If the change is meant: "
    "regenerate it with `make openapi` (or `DJANGO_SETTINGS_MODULE=motcua.settings.test python manage.py "
    "openapi_snapshot`), add an entry to docs/api/CHANGELOG.md and raise "
    "MOTCUA_API_VERSION in motcua/settings/base.py (minor for an addition, a new major for a breaking change). Differences: {diff}"
)


def snapshot_path() -> Path:
    return Path(settings.BASE_DIR).parent / snapshot_name()


@contextmanager
def _production_integer_bounds():
    """Integer fields documented with PostgreSQL's bounds (production's, the standard ones) whatever
    database runs this: SQLite's backend reports 64-bit bounds for every integer column, which would
    make the document depend on where it was generated. The fields' cached validators are dropped
    before and after, so the rest of the process keeps its own database's."""
    from django.apps import apps
    from django.db import connection, models
    from django.db.backends.base.operations import BaseDatabaseOperations

    fields = [
        f for m in apps.get_models() for f in m._meta.get_fields() if isinstance(f, models.IntegerField)
    ]

    def forget() -> None:
        for field in fields:
            field.__dict__.pop("validators", None)

    forget()
    ranges = BaseDatabaseOperations.integer_field_ranges
    connection.ops.integer_field_range = lambda kind: ranges.get(kind, (None, None))
    try:
        yield
    finally:
        del connection.ops.integer_field_range  # the instance attribute: the class's method again
        forget()


def current() -> dict:
    """The generated document, in the source language (Vietnamese), as JSON-compatible data."""
    from drf_spectacular.generators import SchemaGenerator

    with translation.override(settings.LANGUAGE_CODE), _production_integer_bounds():
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return json.loads(json.dumps(schema, default=str, ensure_ascii=False))


def render(schema: dict) -> str:
    return yaml.safe_dump(schema, allow_unicode=True, sort_keys=False, width=120)


def snapshot() -> dict | None:
    path = snapshot_path()
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def write_snapshot() -> Path:
    path = snapshot_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(current()), encoding="utf-8")
    return path


def differences(old: dict | None, new: dict) -> list[str]:
    """A short account of what changed: paths and component schemas added or removed, and the
    top-level sections that differ otherwise."""
    if old is None:
        return ["no snapshot committed"]
    out = []
    for section, key in (("paths", None), ("components", "schemas")):
        before = old.get(section, {}) or {}
        after = new.get(section, {}) or {}
        if key:
            before, after = before.get(key, {}) or {}, after.get(key, {}) or {}
        label = section if key is None else f"{section}.{key}"
        out += [f"+ {label} {name}" for name in sorted(set(after) - set(before))]
        out += [f"- {label} {name}" for name in sorted(set(before) - set(after))]
        out += [
            f"~ {label} {name}" for name in sorted(set(after) & set(before)) if after[name] != before[name]
        ]
    if old.get("info") != new.get("info"):
        out.append("~ info")
    return out or ["(other sections)"]


__all__ = ["current", "differences", "render", "snapshot", "write_snapshot"]
