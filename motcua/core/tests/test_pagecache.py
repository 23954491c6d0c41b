"""core.pagecache's generations and the language selector's links (core.middleware)."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from motcua.core import pagecache
from motcua.core.middleware import VietnameseFirstLocaleMiddleware


@pytest.fixture
def page_cache(settings):
    settings.MOTCUA_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


def test_a_value_is_kept_while_its_generation_is_current(page_cache):
    generation = pagecache.Generation("test")
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert [pagecache.cached("k", [generation], compute, 60) for _ in range(2)] == [1, 1]
    generation.bump_now()
    assert pagecache.cached("k", [generation], compute, 60) == 2


def test_a_value_read_before_a_commit_is_never_served_after_it(page_cache):
    """The render read the old data; the change committed (bump) before it was stored: the entry
    carries the old token and is not served again."""
    generation = pagecache.Generation("race")

    def slow_old_read():
        generation.bump_now()  # the change commits while this request is still rendering
        return "old"

    assert pagecache.cached("r", [generation], slow_old_read, 60) == "old"
    assert pagecache.cached("r", [generation], lambda: "new", 60) == "new"


def test_an_evicted_generation_never_revives_old_entries(page_cache):
    generation = pagecache.Generation("evicted")
    pagecache.cached("e", [generation], lambda: "old", 60)
    cache.delete(generation.key)  # evicted (or expired): a new token, not "0" again
    assert pagecache.cached("e", [generation], lambda: "new", 60) == "new"


def test_the_bump_waits_for_the_commit(page_cache, db, django_capture_on_commit_callbacks):
    generation = pagecache.Generation("commit")
    pagecache.cached("c", [generation], lambda: "old", 60)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        generation.bump()
    assert pagecache.cached("c", [generation], lambda: "new", 60) == "old"
    pending[0]()
    assert pagecache.cached("c", [generation], lambda: "new", 60) == "new"


def test_nothing_is_kept_when_the_cache_is_off(settings):
    settings.MOTCUA_PAGE_CACHE = False
    values = iter(["a", "b"])
    assert [pagecache.cached("off", [], lambda: next(values), 60) for _ in range(2)] == ["a", "b"]


def test_a_page_that_asked_for_a_csrf_token_is_not_kept(page_cache):
    from django.middleware.csrf import get_token

    @pagecache.cached_page(lambda request: [])
    def form_page(request):
        return HttpResponse(f"<input value='{get_token(request)}'>")

    request = RequestFactory().get("/form/")
    response = form_page(request)
    assert pagecache.STATUS_HEADER not in response and "private" in response["Cache-Control"]
    assert cache.get(pagecache._key(RequestFactory().get("/form/"), ())) is None


def switch(path: str, **params):
    request = RequestFactory().get(path, params)
    request.path = path  # as the server decoded it, whatever it is
    return VietnameseFirstLocaleMiddleware(lambda r: HttpResponse("page")).process_request(request)


def test_the_language_link_sets_the_cookie_and_returns_to_the_same_page():
    response = switch("/thu-tuc/", lang="en", q="khai sinh")
    assert response.status_code == 302 and response["Location"] == "/thu-tuc/?q=khai+sinh"
    assert response.cookies["django_language"].value == "en"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["//evil.example/x/", "/\\evil.example/", "///evil.example/"])
def test_the_language_link_never_redirects_to_another_site(path):
    response = switch(path, lang="en")
    assert response["Location"] == "/"


def test_an_unknown_language_sets_nothing():
    response = switch("/", lang="xx")
    assert response.status_code == 302 and "django_language" not in response.cookies


def test_the_pages_offer_the_languages_as_links(client, db):
    client.cookies["django_language"] = "en"
    text = client.get("/").content.decode()
    assert 'href="?lang=vi"' in text and "csrfmiddlewaretoken" not in text
    assert client.get("/?lang=vi").cookies["django_language"].value == "vi"
