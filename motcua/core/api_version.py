"""The one place the REST API's version is set: the OpenAPI document's `info.version`
(SPECTACULAR_SETTINGS), the versioned schema URL (/api/v1/schema/), the committed snapshot
(docs/api/openapi-v1.yaml) and its changelog (docs/api/CHANGELOG.md) all read it. No Django import:
the settings read it too.

Raise the minor version for an addition (a new endpoint, field or filter), the patch for a
documentation-only change; a change that breaks clients is a new major (/api/v2/, a new snapshot)."""

API_VERSION = "1.0.0"
API_MAJOR = "v" + API_VERSION.split(".", 1)[0]
SNAPSHOT = f"docs/api/openapi-{API_MAJOR}.yaml"
