"""Bodies are bounded before parsing (issue 8, defect 6): deep JSON → 400, too large → 413, both in
the API's error format; ids in query strings beyond a database column's range → 400."""

import pytest

from motcua.core.limits import json_too_deep

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/dossiers/", "/api/v1/calendar/due/", "/api/auth/login/"])
def test_deeply_nested_json_is_a_400_not_a_500(client, path):
    response = client.post(path, "[" * 50_000, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "json_too_deep"
    assert "lồng nhau quá sâu" in body["detail"]


def test_brackets_inside_strings_do_not_count():
    assert not json_too_deep(b'{"a": "' + b"[" * 1000 + b'"}', 64)
    assert not json_too_deep(b'{"a": "\\"' + b"{" * 1000 + b'"}', 64)
    assert json_too_deep(b"[" * 65 + b"]" * 65, 64)
    assert not json_too_deep(b"[" * 64 + b"]" * 64, 64)
    assert not json_too_deep(b"[" + b"[], " * 500 + b"[]]", 64)


def test_a_body_over_the_request_limit_is_a_413(client, settings):
    settings.MOTCUA_REQUEST_MAX_BYTES = 1000
    response = client.post("/api/v1/dossiers/", "x" * 1001, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_the_in_memory_limit_is_the_request_limit(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == settings.MOTCUA_REQUEST_MAX_BYTES
    # One 20 MB file in base64 fits a JSON body.
    assert settings.MOTCUA_REQUEST_MAX_BYTES > settings.MOTCUA_UPLOAD_MAX_BYTES * 4 // 3


@pytest.mark.parametrize("value", ["99999999999999999999", "-1", "0", "abc", "1.5"])
def test_an_id_out_of_range_is_a_400(client, value):
    response = client.get("/api/v1/procedures/", {"sector": value})
    assert response.status_code == 400, response.content
    assert "sector" in response.json()["errors"]


def test_an_id_in_range_is_accepted(client):
    assert client.get("/api/v1/procedures/", {"sector": str(2**63 - 1)}).status_code == 200


def test_deep_json_in_a_multipart_data_part_is_a_400(client):
    from motcua.org.tests.factories import StaffFactory

    client.force_login(StaffFactory(roles=["desk_officer"]).user)
    response = client.post("/api/v1/dossiers/", {"data": "[" * 50_000})
    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"
