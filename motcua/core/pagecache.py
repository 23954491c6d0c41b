"""Public pages served from the shared cache (Django's cache: Redis in production, local memory in
the embedded default), so that a busy public page costs a cache read, not a render (issue 11: p99
under 20 ms at 16 clients).

What is cached is exactly what an anonymous visitor gets, so it is never personal:

- only GET/HEAD from a visitor who sends no session cookie and no messages cookie (anyone logged in,
  or with a flash message waiting, gets a fresh render, `Cache-Control: private`); the page is
  rendered with an anonymous user, so the render reads no session and adds no `Vary: Cookie`;
- only a 200 whose render set no cookie and asked for no CSRF token (a page carrying a per-visitor
  token is refused here, whatever its template says);
- one entry per path, the query parameters the view reads (the rest do not make new keys: nobody
  fills the cache with `?x=1`, `?x=2`…) and the active language.

Freshness is by generations, not by time: each entry records the generation tokens (`Generation`)
it was rendered under, and is served only while they are still current. A command that changes what
the page shows bumps its generation after its transaction commits, so the next request renders
again; a request that read the old data before the commit stored it under the old token, which
never matches again. A token is random (not a counter), so a generation evicted from the cache and
created anew can never match old entries. `seconds` is only the entry's lifetime in the cache.
`MOTCUA_PAGE_CACHE = False` (the test settings: their transactions roll back, so no bump ever
commits) keeps nothing, with the same headers and the same anonymous render.

HTTP caches in front get `Cache-Control: public, no-cache` and an ETag: they may keep the page but
must ask the app each time (a 304 when unchanged), so a CDN or nginx never serves a page the app has
invalidated, never mixes languages (the language comes from the visitor's cookie, and the ETag
differs), and never skips a throttle counted in the view.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

T = TypeVar("T")

#: A response header saying whether the answer came from the cache (the bench and the tests read it).
STATUS_HEADER = "X-Page-Cache"
DEFAULT_SECONDS = 300
#: How long a generation token lives: far longer than any entry, and finite, so that the tokens of
#: codes nobody asks for again (or that never existed) leave the cache. A token that expired is
#: replaced by a new one, which old entries never match.
GENERATION_SECONDS = 24 * 3600


def enabled() -> bool:
    return getattr(settings, "MOTCUA_PAGE_CACHE", True)


@dataclass(frozen=True)
class Generation:
    """A named generation of cached pages (e.g. the catalogue's, or one dossier's lookup)."""

    name: str

    @property
    def key(self) -> str:  # hashed: a name may carry whatever a visitor typed in a URL
        return "pagecache:gen:" + hashlib.sha256(self.name.encode("utf-8", "replace")).hexdigest()[:40]

    def bump_now(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, GENERATION_SECONDS)

    def bump(self) -> None:
        """Invalidate the pages of this generation once the current transaction commits (at once
        outside a transaction): before the commit, a request would render the old data again.
        Robust: a cache outage after the commit is logged, never turned into the command's failure
        (its entries then end with their lifetime)."""
        transaction.on_commit(self.bump_now, robust=True)


def _tokens(generations: list[Generation], found: dict) -> tuple[str, ...]:
    tokens = []
    for generation in generations:
        token = found.get(generation.key)
        if token is None:  # never bumped, or evicted: a new token (a concurrent add wins)
            cache.add(generation.key, uuid.uuid4().hex, GENERATION_SECONDS)
            token = cache.get(generation.key) or ""
        tokens.append(token)
    return tuple(tokens)


def cached(key: str, generations: list[Generation], compute: Callable[[], T], seconds: int) -> T:
    """`compute()`, kept under `key` while `generations` are current (one cache round trip when
    found); a None result is not kept."""
    if not enabled():
        return compute()
    key = "pagecache:value:" + hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()
    found = cache.get_many([key, *(g.key for g in generations)])
    tokens = _tokens(generations, found)
    entry = found.get(key)
    if entry is not None and entry[0] == tokens:
        return entry[1]  # type: ignore[no-any-return]
    value = compute()
    if value is not None:
        cache.set(key, (tokens, value), seconds)
    return value


def cacheable_request(request: HttpRequest) -> bool:
    """A request whose answer is the anonymous page: GET/HEAD without session or messages cookie."""
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    )


def _key(request: HttpRequest, params: Iterable[str]) -> str:
    query = "&".join(f"{name}={request.GET.get(name, '')[:200]}" for name in params if name in request.GET)
    raw = f"{request.path}?{query}|{get_language()}"
    return "pagecache:page:" + hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()


def _etag(content: bytes, tokens: tuple[str, ...]) -> str:
    return '"' + hashlib.sha256(content + "|".join(tokens).encode()).hexdigest()[:32] + '"'


def _answer(request: HttpRequest, entry: dict, hit: bool) -> HttpResponse:
    if entry["etag"] in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Content-Language"] = entry["language"]
    response[STATUS_HEADER] = "hit" if hit else "miss"
    patch_cache_control(response, public=True, no_cache=True)
    return response


def cached_page(
    generations: Callable[..., list[Generation]],
    *,
    params: Iterable[str] = (),
    seconds: int | Callable[[], int] = DEFAULT_SECONDS,
    when: Callable[[HttpRequest], bool] = lambda request: True,
):
    """Serve the decorated view's anonymous page from the shared cache while `generations(request,
    **view_kwargs)` are current. `params`: the query parameters that make different pages; `when`:
    the view's own condition for a shareable page (e.g. no proof of identity in the query)."""
    params = tuple(params)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not (cacheable_request(request) and when(request)):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            on = enabled()
            wanted = generations(request, *args, **kwargs) if on else []
            key = _key(request, params)
            found = cache.get_many([key, *(g.key for g in wanted)]) if on else {}
            tokens = _tokens(wanted, found)
            entry = found.get(key)
            if entry is not None and entry.get("tokens") == tokens:
                return _answer(request, entry, hit=True)
            # Rendered as the anonymous visitor it is: no session read, so no Vary: Cookie.
            request.user = AnonymousUser()
            response = view(request, *args, **kwargs)
            if (
                response.status_code != 200
                or response.streaming
                or response.cookies
                or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                patch_cache_control(response, private=True)
                return response
            content = response.content
            entry = {
                "tokens": tokens,
                "content": content,
                "content_type": response["Content-Type"],
                "language": get_language(),
                "etag": _etag(content, tokens),
            }
            if on:
                cache.set(key, entry, seconds() if callable(seconds) else seconds)
            return _answer(request, entry, hit=False)

        return wrapper

    return decorator
