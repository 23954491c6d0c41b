"""The API schema (drf-spectacular) leaves out the CMS admin's internal API (/cms-admin/api/: Wagtail's
own endpoints for its page explorer, not MotCua's API)."""

from __future__ import annotations

ADMIN_API_PREFIX = "/cms-admin/"


def exclude_cms_admin(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith(ADMIN_API_PREFIX)]
