from django.conf import settings
from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Vietnamese unless the visitor chose another language with the selector (cookie);
    a browser's Accept-Language alone does not switch an officer's workspace to English.
    The API still honours Accept-Language, so clients can ask for English error messages."""

    def process_request(self, request):
        if not request.path.startswith("/api/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


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
