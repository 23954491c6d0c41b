"""Faults: a database or Redis outage answers 503 + Retry-After (API format on /api/, the Vietnamese
page on the screens), and the next request after the outage is served again; unknown API paths answer
JSON 404."""

import json
from unittest import mock

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import OperationalError, close_old_connections, connection
from django.test import RequestFactory

from motcua.calendars import services as calendar_services
from motcua.core import views
from motcua.org.tests.factories import AgencyFactory, StaffFactory

DB_DOWN = OperationalError("server closed the connection unexpectedly")


def database_down():
    """Every query fails as it does while PostgreSQL restarts."""
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DB_DOWN)


@pytest.mark.django_db
def test_an_api_read_during_a_database_outage_answers_503_in_the_api_format(client):
    with database_down():
        response = client.get("/api/v1/procedures/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) == settings.MOTCUA_RETRY_AFTER_SECONDS
    body = response.json()
    assert body["code"] == "service_unavailable"
    assert body["field"] is None
    assert "thử lại" in body["message"] and body["detail"] == body["message"]
    # Once the database answers again, so does the API (nothing stuck in the process).
    assert client.get("/api/v1/procedures/").status_code == 200


@pytest.mark.django_db
def test_an_api_write_during_a_database_outage_answers_503_not_500(client):
    staff = StaffFactory()
    client.force_login(staff.user)
    with database_down():
        response = client.post("/api/v1/dossiers/", {"procedure": 1}, content_type="application/json")
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"


@pytest.mark.django_db
def test_a_screen_during_a_database_outage_answers_the_vietnamese_page(client):
    with database_down():
        response = client.get("/thu-tuc/")
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "Hệ thống tạm thời gián đoạn" in page
    assert client.get("/thu-tuc/").status_code == 200


@pytest.mark.django_db
def test_the_outage_page_is_english_for_an_english_visitor(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with database_down():
        page = client.get("/thu-tuc/").content.decode()
    assert '<html lang="en">' in page
    assert "temporarily unavailable" in page


@pytest.mark.django_db
def test_a_redis_outage_answers_503(client, monkeypatch):
    """Deadlines ask the shared cache (Redis in production) whether a calendar changed."""
    agency = AgencyFactory()
    params = {"agency": agency.code, "start": "2026-08-21T10:00:00+07:00", "amount": 3, "unit": "working_day"}
    down = redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    monkeypatch.setitem(calendar_services._version_seen, "at", float("-inf"))
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.get", side_effect=down):
        response = client.get("/api/v1/calendar/due-time", params)
    assert response.status_code == 503
    assert response.json()["code"] == "service_unavailable"
    assert response["Retry-After"]
    assert client.get("/api/v1/calendar/due-time", params).status_code == 200


@pytest.mark.django_db
def test_sessions_outlive_a_redis_outage(client, settings):
    """cached_db sessions fall back to the database when the cache fails: officers stay signed in."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(StaffFactory().user)
    down = redis.exceptions.ConnectionError("Connection refused.")
    with mock.patch("django.core.cache.backends.locmem.LocMemCache.get", side_effect=down):
        assert client.get("/api/v1/dossiers/").status_code == 200


def test_an_outage_outside_any_view_is_a_503_too():
    """handler500 sees what a middleware raised (e.g. saving the session while the database is down)."""
    request = RequestFactory().get("/api/v1/dossiers/")
    try:
        raise psycopg.OperationalError("connection refused") from None
    except psycopg.OperationalError:
        try:
            raise DB_DOWN
        except OperationalError:
            response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"]


def test_other_errors_stay_500_but_in_the_api_format_on_the_api():
    request = RequestFactory().get("/api/v1/dossiers/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["code"] == "server_error"


@pytest.mark.django_db
def test_unknown_api_paths_answer_json_404(client):
    response = client.get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"
    assert client.get("/api/khong-co").json()["code"] == "not_found"
    # The screens keep their HTML page.
    assert client.get("/khong-co/").status_code == 404
    assert "application/json" not in client.get("/khong-co/")["Content-Type"]


def test_kept_connections_are_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True)
def test_a_killed_database_connection_is_a_503_then_recovers(client):
    """The real thing on PostgreSQL: the server drops this process's connection (as a restart does)."""
    if connection.vendor != "postgresql":
        pytest.skip("drops a PostgreSQL backend")
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(_dsn(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert client.get("/api/v1/procedures/").status_code == 503
    # What the WSGI handler does between two requests (the test client leaves it out).
    close_old_connections()
    assert client.get("/api/v1/procedures/").status_code == 200


def _dsn() -> str:
    db = settings.DATABASES["default"]
    return (
        f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} dbname={connection.settings_dict['NAME']}"
        f" user={db['USER']}" + (f" password={db['PASSWORD']}" if db["PASSWORD"] else "")
    )


def test_nested_validation_errors_read_as_messages_in_detail():
    from rest_framework import exceptions

    from motcua.core.api import exception_handler

    exc = exceptions.ValidationError({"items": {2: {"name": ["Trường này là bắt buộc."]}}, "x": ["Sai."]})
    response = exception_handler(exc, {})
    assert response.data["detail"] == "Trường này là bắt buộc.; Sai."
    assert "ErrorDetail" not in response.data["detail"]
