"""The reform section's search (/cai-cach/tim-kiem/): Wagtail's database backend over the published
pages of the reader's language and the Vietnamese ones not translated."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale, Page

from . import navigation

RESULTS_PER_PAGE = 10
#: Longer queries are cut: a search box, not a document.
MAX_QUERY_LENGTH = 200


def search(request):
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        locales = {Locale.get_default().pk, Locale.get_active().pk}
        pages = Page.objects.live().public().filter(locale_id__in=locales).specific()
        results = Paginator(pages.search(query), RESULTS_PER_PAGE).get_page(request.GET.get("trang"))
    return render(
        request, "cms/search.html", {"query": query, "results": results, **navigation.context(request)}
    )
