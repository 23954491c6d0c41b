from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

#: The query parameter of the language selector's links (`?lang=en`).
LANGUAGE_PARAM = "lang"


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Vietnamese unless the visitor chose another language with the selector (cookie);
    a browser's Accept-Language alone does not switch an officer's workspace to English.
    The API still honours Accept-Language, so clients can ask for English error messages.

    The selector is a plain link, `?lang=en` on the page being read: answered here with the cookie
    and a redirect to the same page without the parameter. A link needs no CSRF token, so the public
    pages carry none and can be shared from the cache (core.pagecache); the redirect goes to a path
    of this site only (never an open redirect)."""

    def process_request(self, request):
        chosen = request.GET.get(LANGUAGE_PARAM) if request.method in ("GET", "HEAD") else None
        if chosen is not None and not request.path.startswith("/api/"):
            return self._switch(request, chosen)
        if not request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)

    @staticmethod
    def _switch(request, chosen: str):
        rest = request.GET.copy()
        rest.pop(LANGUAGE_PARAM)
        target = request.path + (f"?{urlencode(list(rest.lists()), doseq=True)}" if rest else "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or target.startswith("//"):
            target = "/"
        response = HttpResponseRedirect(target)
        add_never_cache_headers(response)
        if chosen in dict(settings.LANGUAGES):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class OutageMiddleware:
    """A view that meets a database or Redis outage answers 503 + Retry-After (core.outage), not 500;
    the rest (raised in other middleware) reaches handler500, which says the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from . import outage

        if outage.is_outage(exception):
            return outage.unavailable_response(request, exception)
        return None
