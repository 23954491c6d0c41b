"""The CMS admin under a policy of its own, on its path only (/cms-admin/); every other page keeps the
site-wide one (CSP `script-src 'self'`, `frame-ancestors 'none'`, X-Frame-Options DENY).

- `frame-ancestors 'self'`, X-Frame-Options SAMEORIGIN: the live preview shows the page being edited
  in a frame of the admin itself;
- `script-src 'unsafe-inline'`: Wagtail 7.0's admin still renders a few inline scripts (the image and
  document upload pages, inline panels, date pickers, the chooser modals' answers) — the admin is
  open to the CMS's editors only, behind the login and its lockout;
- `img-src blob:`: the upload page previews a picture before sending it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

REPLACED = {"frame-ancestors": ["'self'"]}
ADDED = {"script-src": ["'unsafe-inline'"], "img-src": ["blob:"]}


class AdminPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix: str | None = None

    def prefix(self) -> str | None:
        """The admin's path, or None where the URL configuration mounts no CMS admin (a request
        served by another URLconf, such as a simulator's own in its tests): then no page is the
        admin's."""
        if self._prefix is None:
            try:
                self._prefix = reverse("wagtailadmin_home", urlconf=None)
            except NoReverseMatch:
                return None
        return self._prefix

    def __call__(self, request):
        response = self.get_response(request)
        prefix = self.prefix()
        if prefix is not None and request.path.startswith(prefix):
            # Read by django-csp's and Django's middleware, which sit outside this one.
            for suffix in ("", "_ro"):
                setattr(response, f"_csp_replace{suffix}", REPLACED)
                setattr(response, f"_csp_update{suffix}", ADDED)
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
