"""The REST API's version, set in one place (`MOTCUA_API_VERSION` in settings/base.py, which is
also the OpenAPI document's `info.version`): the versioned schema URL (/api/v1/schema/), the
committed snapshot (docs/api/openapi-v1.yaml) and its changelog (docs/api/CHANGELOG.md) read it here.

Raise the minor version for an addition (a new endpoint, field or filter), the patch for a
documentation-only change; a change that breaks clients is a new major (/api/v2/, a new snapshot)."""

from django.conf import settings


def api_version() -> str:
    return str(settings.MOTCUA_API_VERSION)


def api_major() -> str:
    """The path segment of this version: "v1"."""
    return "v" + api_version().split(".", 1)[0]


def snapshot_name() -> str:
    return f"docs/api/openapi-{api_major()}.yaml"
