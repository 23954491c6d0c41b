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
