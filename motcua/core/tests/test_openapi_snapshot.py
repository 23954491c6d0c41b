"""The OpenAPI document is published at its versioned address and matches the committed snapshot,
so every change of the API is a visible change of docs/api/openapi-v1.yaml and its changelog."""

from pathlib import Path

import pytest
from django.conf import settings

from motcua.core import openapi
from motcua.core.api_version import api_major, api_version

pytestmark = pytest.mark.django_db


def test_the_generated_schema_is_the_committed_snapshot():
    new, old = openapi.current(), openapi.snapshot()
    if new != old:
        pytest.fail(
            openapi.REGENERATE.format(
                path=openapi.snapshot_path().name, diff="; ".join(openapi.differences(old, new)[:20])
            )
        )


def test_the_versioned_url_serves_the_document_of_this_version(client):
    response = client.get(f"/api/{api_major()}/schema/", {"format": "json"})
    assert response.status_code == 200
    body = response.json()
    assert body["info"]["version"] == api_version()
    assert f"/api/{api_major()}/dossiers/" in body["paths"]
    assert set(body["paths"]) == set(client.get("/api/schema/", {"format": "json"}).json()["paths"])


def test_the_changelog_describes_the_current_version():
    changelog = (Path(settings.BASE_DIR).parent / "docs/api/CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {api_version()}" in changelog


def test_differences_name_what_changed():
    old = {"paths": {"/a/": {}}, "components": {"schemas": {"A": {"x": 1}}}, "info": {"version": "1"}}
    new = {"paths": {"/b/": {}}, "components": {"schemas": {"A": {"x": 2}}}, "info": {"version": "1"}}
    assert openapi.differences(old, new) == ["+ paths /b/", "- paths /a/", "~ components.schemas A"]
