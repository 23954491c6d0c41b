"""Public catalogue pages: search and procedure detail. Reads only, through selectors."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from motcua.org.models import Agency

from . import selectors
from .completeness import missing_labels
from .models import Level, ProcessOrigin

PAGE_SIZE = 20


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    sector = request.GET.get("sector", "")
    sector = sector if sector.isdigit() else ""
    level = request.GET.get("level", "")
    level = level if level in Level.values else ""
    agency = request.GET.get("agency", "").strip()[:35]
    results = selectors.search_procedures(
        query=query, sector=sector or None, level=level or None, agency=agency or None
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    agencies = (
        Agency.objects.filter(implemented_versions__state="published").distinct().order_by("level", "name")
    )
    return render(
        request,
        "catalog/search.html",
        {
            "query": query,
            "page": page,
            "sectors": selectors.sectors(),
            "levels": Level.choices,
            "agencies": agencies,
            "selected": {"sector": sector, "level": level, "agency": agency},
            "querystring": params.urlencode(),
        },
    )


@require_GET
def detail(request, code):
    version = selectors.procedure_detail(code=code)
    return render(
        request,
        "catalog/detail.html",
        {
            "v": version,
            "missing": missing_labels(version),
            "history": selectors.version_history(code=code),
            "generated": ProcessOrigin.GENERATED,
        },
    )
