"""The CMS admin's live preview shows the page being edited in a frame of the admin itself, which
the site-wide policy forbids (CSP `frame-ancestors 'none'`, X-Frame-Options DENY). Under the admin's
path only, framing by this same site is allowed; every other page keeps the strict policy."""

from __future__ import annotations

from django.urls import reverse

SAME_ORIGIN_FRAMING = {"frame-ancestors": ["'self'"]}


class AdminPreviewFramingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def prefix(self) -> str:
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        return self._prefix

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.prefix()):
            # Read by django-csp's and Django's middleware, which sit outside this one.
            response._csp_replace = {**getattr(response, "_csp_replace", {}), **SAME_ORIGIN_FRAMING}
            response._csp_replace_ro = {**getattr(response, "_csp_replace_ro", {}), **SAME_ORIGIN_FRAMING}
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
