"""The public lookup in the shared cache (dossiers.lookup_cache, core.pagecache): the state by code
is served without a query until the dossier changes (after the commit), the details with the last
four digits never come from the cache, and the throttle still counts every lookup."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.pagecache import STATUS_HEADER
from motcua.dossiers import services

from .conftest import MONDAY_9, client_for, received
from .test_tracking import ID_LAST4, PERSONAL, low_rates  # noqa: F401 (a fixture)


@pytest.fixture
def page_cache(settings):
    settings.MOTCUA_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dossier(version, commune, tokhai, desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return received(version, commune, tokhai, desk)


def queries(get):
    with CaptureQueriesContext(connection) as seen:
        response = get()
    return response, len(seen)


def test_the_state_by_code_is_cached_until_the_dossier_changes(
    page_cache, dossier, everyone, django_capture_on_commit_callbacks
):
    url = f"/api/v1/tracking/{dossier.code}/"
    assert client_for().get(url).json()["state"] == 2
    again, count = queries(lambda: client_for().get(url))
    assert (again.json()["state"], count) == (2, 0)  # from the cache: no query
    with django_capture_on_commit_callbacks(execute=True):  # the change commits
        services.start_processing(dossier=dossier, actor=services.Actor.officer(everyone), now=MONDAY_9)
    assert client_for().get(url).json()["state"] == 4


def test_the_lookup_page_is_cached_until_the_dossier_changes(
    page_cache, client, dossier, everyone, django_capture_on_commit_callbacks
):
    url = f"/tra-cuu/{dossier.code}/"
    first = client.get(url)
    second, count = queries(lambda: client.get(url))
    assert (first[STATUS_HEADER], second[STATUS_HEADER], count) == ("miss", "hit", 0)
    assert second.content == first.content and "Được tiếp nhận" in second.content.decode()
    assert "Cookie" not in second.get("Vary", "") and not second.cookies
    assert "csrfmiddlewaretoken" not in second.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_processing(dossier=dossier, actor=services.Actor.officer(everyone), now=MONDAY_9)
    after = client.get(url)
    assert after[STATUS_HEADER] == "miss" and "Đang xử lý" in after.content.decode()


def test_a_change_not_yet_committed_keeps_the_cached_state_until_it_commits(
    page_cache, dossier, everyone, django_capture_on_commit_callbacks
):
    """The bump waits for the commit: a request before it would render the old data again."""
    url = f"/api/v1/tracking/{dossier.code}/"
    client_for().get(url)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.start_processing(dossier=dossier, actor=services.Actor.officer(everyone), now=MONDAY_9)
    assert client_for().get(url).json()["state"] == 2  # the commit has not happened
    for callback in pending:
        callback()
    assert client_for().get(url).json()["state"] == 4


def test_the_details_with_the_last_four_digits_are_never_cached(page_cache, client, dossier):
    url = f"/tra-cuu/{dossier.code}/"
    client.get(url)  # the state-only page is now in the cache
    for _ in range(2):
        response, count = queries(lambda: client.get(url, {"last4": ID_LAST4}))
        assert count > 0 and STATUS_HEADER not in response
        assert "T. T. Lan" in response.content.decode() and "no-store" in response["Cache-Control"]
        api, count = queries(
            lambda: client_for().get(f"/api/v1/tracking/{dossier.code}/", {"last4": ID_LAST4})
        )
        assert count > 0 and api.json()["verified"] is True
    # Whoever asks next without the digits gets the state only, nothing the applicant saw.
    shared = client_for().get(url)
    assert shared[STATUS_HEADER] == "hit" and "T. T. Lan" not in shared.content.decode()
    for value in PERSONAL:
        assert value not in shared.content.decode()


def test_the_throttle_counts_lookups_served_from_the_cache(page_cache, low_rates, client, dossier):  # noqa: F811
    for _ in range(3):
        assert client.get(f"/tra-cuu/{dossier.code}/").status_code == 200
    assert client.get(f"/tra-cuu/{dossier.code}/").status_code == 429
    api = client_for()
    for _ in range(3):
        assert api.get(f"/api/v1/tracking/{dossier.code}/", REMOTE_ADDR="10.0.0.7").status_code == 200
    assert api.get(f"/api/v1/tracking/{dossier.code}/", REMOTE_ADDR="10.0.0.7").status_code == 429


def test_an_unknown_code_is_not_kept(page_cache, client, dossier):
    for _ in range(2):
        response = client.get("/tra-cuu/XYZ-000/")
        assert response.status_code == 404 and STATUS_HEADER not in response
