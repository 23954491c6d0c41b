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
    suggestion = selectors.suggest_query(query) if query else ""
    suggestion_params = request.GET.copy()
    suggestion_params.pop("page", None)
    suggestion_params["q"] = suggestion
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
            "suggestion": suggestion,
            "suggestion_querystring": suggestion_params.urlencode(),
        },
    )


def _process_groups(version) -> list[dict]:
    """Processes with identical steps (e.g. one generated process at every commune) are shown once,
    with the list of agencies they apply to."""
    groups: dict[tuple, dict] = {}
    for proc in version.processes.all():
        key = (
            proc.origin,
            proc.decision,
            tuple(
                (
                    s.order,
                    s.work,
                    s.responsible,
                    s.responsible_agency_id,
                    s.amount,
                    s.unit,
                    s.form,
                    s.parallel_group,
                )
                for s in proc.steps.all()
            ),
        )
        groups.setdefault(key, {"process": proc, "agencies": []})["agencies"].append(proc.agency)
    return list(groups.values())


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
            "process_groups": _process_groups(version),
            "generated": ProcessOrigin.GENERATED,
        },
    )
