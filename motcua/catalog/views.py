"""Public catalogue pages: search and procedure detail. Reads only, through selectors."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.core.pagecache import cached_page
from motcua.org.models import Agency

from . import intake, selectors
from .completeness import missing_labels
from .models import Level, ProcessOrigin
from .pages import catalogue_generations

PAGE_SIZE = 20


@require_GET
@cached_page(catalogue_generations, params=("q", "sector", "level", "agency", "page"))
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


def case_sections(version) -> list[dict]:
    """The components as the law publishes them: per case (or one list when the version has no
    cases), each item a component or a group of alternatives, for every channel."""
    cases = list(version.cases.all()) or [None]
    return [
        {"case": case, "items": intake.checklist(version, case=case, channel=None).items} for case in cases
    ]


def _detail_context(version, *, staff_view: bool) -> dict:
    code = version.procedure.code
    upcoming = selectors.next_version(version.procedure)
    return {
        "v": version,
        "staff_view": staff_view,
        "missing": missing_labels(version) if staff_view else [],
        "history": selectors.version_history(code=code),
        "next_version": upcoming if upcoming is not None and upcoming.pk != version.pk else None,
        "sections": case_sections(version),
        "process_groups": _process_groups(version),
        "generated": ProcessOrigin.GENERATED,
        # The portal's "Nộp trực tuyến" button (issue 11): only where the procedure is published
        # and its channels name an online one.
        "online": version.state == "published" and intake.accepts_online(version),
    }


@require_GET
@cached_page(catalogue_generations)
def detail(request, code):
    """The public page: what a citizen needs, no maintainers' notes or confidence marks."""
    version = selectors.procedure_detail(code=code)
    return render(request, "catalog/detail.html", _detail_context(version, staff_view=False))


@require_GET
def staff_detail(request, code):
    """The catalogue's staff view: the public page plus the data's confidence, the maintainers'
    notes (flags) and the missing published components."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_staff or hasattr(request.user, "staff")):
        raise PermissionDenied(_("Chỉ cán bộ, công chức được xem ghi chú dữ liệu của danh mục."))
    version = selectors.procedure_detail(code=code)
    return render(request, "catalog/detail.html", _detail_context(version, staff_view=True))
