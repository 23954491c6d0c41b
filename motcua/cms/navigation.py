"""The reform section's menu and breadcrumbs, in the reader's language: the Vietnamese section's
pages, each replaced by its translation where there is one (a page not translated stays listed)."""

from __future__ import annotations

from wagtail.models import Locale, Page, Site

from .published import FEEDBACK_ANSWERS_URL


def _in_reader_language(pages: list[Page]) -> list[Page]:
    active = Locale.get_active()
    if not pages or all(p.locale_id == active.pk for p in pages):
        return pages
    translated = {
        p.translation_key: p
        for p in Page.objects.live()
        .public()
        .filter(locale=active, translation_key__in=[p.translation_key for p in pages])
    }
    return [translated.get(p.translation_key, p) for p in pages]


def section_menu(request) -> list[Page]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page
    return _in_reader_language(list(home.get_children().live().public().order_by("path")))


def breadcrumbs(page: Page) -> list[Page]:
    """The section's pages above `page` (its home first), `page` itself not included."""
    return list(page.get_ancestors().filter(depth__gte=2))


def context(request, page: Page | None = None) -> dict:
    return {
        "section_menu": section_menu(request),
        "breadcrumbs": breadcrumbs(page) if page is not None and page.depth > 2 else [],
        "feedback_answers_url": FEEDBACK_ANSWERS_URL,
    }
