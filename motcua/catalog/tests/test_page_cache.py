"""The catalogue's public pages in the shared cache (catalog.pages, core.pagecache): served without a
render until the catalogue changes, never stale after a publish, one entry per language, nothing
personal or per visitor in what is kept."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog import pages, services
from motcua.catalog.models import FeeItem
from motcua.core.pagecache import STATUS_HEADER

from .factories import AgencyFactory, published_version, version_data

pytestmark = pytest.mark.django_db
CODE = "1.001193"
URL = f"/thu-tuc/{CODE}/"


@pytest.fixture
def page_cache(settings):
    settings.MOTCUA_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commune():
    return AgencyFactory(code="000.01.01.H26", name="UBND phường Ba Đình", level="commune")


@pytest.fixture
def birth(commune):
    return published_version(
        implementing_agencies=[commune],
        fees=[{"name": "Lệ phí", "amount_vnd": 5000, "text": "5.000 đồng/bản", "collected_at": "1"}],
    )


def served(client, url=URL, **extra):
    with CaptureQueriesContext(connection) as seen:
        response = client.get(url, **extra)
    return response, len(seen)


def test_the_procedure_page_is_served_from_the_cache_without_a_query(page_cache, client, birth):
    first, _ = served(client)
    second, count = served(client)
    assert (first.status_code, first[STATUS_HEADER]) == (200, "miss")
    assert (second[STATUS_HEADER], count) == ("hit", 0)
    assert second.content == first.content and "Đăng ký khai sinh" in second.content.decode()


def test_a_new_version_published_shows_at_once(
    page_cache, client, birth, commune, django_capture_on_commit_callbacks
):
    served(client)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.new_draft(version=birth)
        services.update_draft(
            version=draft,
            data=version_data(
                name="Đăng ký khai sinh (sửa đổi)",
                implementing_agencies=[commune],
                fees=[{"name": "Lệ phí", "amount_vnd": 8000, "text": "8.000 đồng/bản", "collected_at": "1"}],
            ),
        )
        services.publish_version(version=draft)
    response, count = served(client)
    assert response[STATUS_HEADER] == "miss" and count > 0
    assert "Đăng ký khai sinh (sửa đổi)" in response.content.decode() and "8.000" in response.content.decode()


def test_a_fee_or_an_agency_edited_directly_invalidates_the_page(
    page_cache, client, birth, commune, django_capture_on_commit_callbacks
):
    served(client)
    with django_capture_on_commit_callbacks(execute=True):  # e.g. the admin's change form
        fee = FeeItem.objects.get(version=birth)
        fee.text = "7.000 đồng/bản"
        fee.save()
    response, _ = served(client)
    assert response[STATUS_HEADER] == "miss" and "7.000 đồng/bản" in response.content.decode()
    served(client)
    with django_capture_on_commit_callbacks(execute=True):
        commune.name = "UBND phường Ba Đình mới"
        commune.save()
    assert "UBND phường Ba Đình mới" in served(client)[0].content.decode()


def test_the_next_day_renders_again(page_cache, client, birth, monkeypatch):
    """Which version is in force changes at midnight, without a write."""
    served(client)
    tomorrow = pages.local_day() + datetime.timedelta(days=1)
    monkeypatch.setattr(pages, "local_day", lambda: tomorrow)
    assert served(client)[0][STATUS_HEADER] == "miss"


def test_the_cached_page_carries_no_csrf_token_no_cookie_and_no_vary_cookie(page_cache, client, birth):
    for expected in ("miss", "hit"):
        response, _ = served(client)
        assert response[STATUS_HEADER] == expected
        text = response.content.decode()
        assert "csrfmiddlewaretoken" not in text and not response.cookies
        assert "Cookie" not in response.get("Vary", "")
        assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
        assert 'href="?lang=en"' in text  # the language selector is a plain link


def test_an_unchanged_page_answers_not_modified(page_cache, client, birth):
    etag = served(client)[0]["ETag"]
    response, count = served(client, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, count) == (304, 0)


def test_each_language_has_its_own_entry(page_cache, client, birth):
    vietnamese = served(client)[0]
    english_client = type(client)()
    english_client.cookies["django_language"] = "en"
    english, _ = served(english_client)
    assert english[STATUS_HEADER] == "miss" and english["Content-Language"] == "en"
    assert '<html lang="en">' in english.content.decode()
    again, _ = served(english_client)
    assert again[STATUS_HEADER] == "hit" and again.content == english.content
    vietnamese_again, _ = served(client)
    assert (
        vietnamese_again.content == vietnamese.content and '<html lang="vi">' in vietnamese.content.decode()
    )
    assert vietnamese_again["ETag"] != english["ETag"]


def test_a_logged_in_visitor_gets_a_fresh_page_that_is_not_kept(page_cache, client, birth):
    served(client)  # the anonymous page is in the cache
    user = get_user_model().objects.create_user("citizen-x", first_name="Nguyễn Văn", last_name="Personal")
    client.force_login(user)
    mine, _ = served(client)
    assert STATUS_HEADER not in mine and "private" in mine["Cache-Control"]
    assert "Nguyễn Văn Personal" in mine.content.decode()
    anonymous = type(client)()
    shared, _ = served(anonymous)
    assert shared[STATUS_HEADER] == "hit" and "Nguyễn Văn Personal" not in shared.content.decode()


def test_the_search_page_is_keyed_by_the_parameters_it_reads(page_cache, client, birth):
    assert served(client, "/thu-tuc/?q=khai+sinh")[0][STATUS_HEADER] == "miss"
    assert served(client, "/thu-tuc/?q=khai+sinh&utm=x")[0][STATUS_HEADER] == "hit"
    assert served(client, "/thu-tuc/?q=xay+dung")[0][STATUS_HEADER] == "miss"
    assert served(client, "/thu-tuc/?q=khai+sinh&page=2")[0][STATUS_HEADER] == "miss"


def test_an_unknown_procedure_is_not_kept(page_cache, client, birth):
    for _ in range(2):
        response, _ = served(client, "/thu-tuc/9.999999/")
        assert response.status_code == 404 and STATUS_HEADER not in response
