"""Read-side queries of the catalogue, shared by the HTML pages, the API and the admin."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from motcua.core.refcache import ReferenceCache
from motcua.org.models import Agency

from . import search as _search
from .models import (
    ProcedureVersion,
    ProcessDefinition,
    ProcessStep,
    Sector,
    VersionState,
)

PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.AMENDED, VersionState.ABOLISHED)


def sectors() -> QuerySet:
    return Sector.objects.order_by("name_folded")  # Vietnamese-friendly: "Cấp" before "Chứng"


def search_procedures(
    *,
    query: str = "",
    sector: int | str | None = None,
    agency: str | None = None,
    level: str | None = None,
    state: str | None = VersionState.PUBLISHED,
) -> QuerySet:
    """Procedure versions matching the filters, ranked by `query` (diacritics- and case-insensitive).

    `sector` is a Sector id, `agency` an agency code (`Agency.code`), `level` a `Level` value,
    `state` a public state (drafts are never listed; default: the version in force).
    """
    qs = ProcedureVersion.objects.select_related("procedure", "sector")
    if state not in PUBLIC_STATES:
        state = VersionState.PUBLISHED
    qs = qs.filter(state=state)
    if sector:
        qs = qs.filter(sector_id=sector)
    if agency:
        qs = qs.filter(implementing_agencies__code=agency)  # one row per version: an agency is linked once
    if level:
        qs = qs.filter(levels__contains=level)
    if query and query.strip():
        return _search.apply_search(qs, query)
    return qs.order_by("procedure__code")


def _detail_queryset() -> QuerySet:
    steps = ProcessStep.objects.select_related("responsible_agency").order_by("order", "id")
    processes = ProcessDefinition.objects.select_related("agency").prefetch_related(Prefetch("steps", steps))
    return ProcedureVersion.objects.select_related("procedure", "sector").prefetch_related(
        "requirements",
        "fees",
        "implementing_agencies",
        "coordinating_agencies",
        Prefetch("processes", processes.order_by("agency__code")),
    )


def procedure_detail(*, code: str) -> ProcedureVersion:
    """The version in force of procedure `code` (else its latest public version); 404 if none."""
    qs = _detail_queryset().filter(procedure__code=code, state__in=PUBLIC_STATES)
    version = qs.filter(state=VersionState.PUBLISHED).first()
    if version is None:
        version = qs.order_by("-number").first()
    if version is None:
        raise Http404(code)
    return version


_published_versions = ReferenceCache("published versions by procedure code")


def published_version(code: str) -> ProcedureVersion | None:
    """The version in force of procedure `code`, with its procedure, its requirements and the ids of
    its implementing agencies loaded; remembered for a short while (core.refcache), because intake
    asks it on every request and a published version is never edited."""

    def load():
        return (
            ProcedureVersion.objects.select_related("procedure")
            .prefetch_related(
                "requirements", Prefetch("implementing_agencies", Agency.objects.only("id", "code"))
            )
            .filter(procedure__code=code, state=VersionState.PUBLISHED)
            .first()
        )

    return _published_versions.get(code, load)


def implemented_by(version: ProcedureVersion, agency) -> bool:
    """Whether `agency` has the competence to settle `version` (from what is loaded when it is)."""
    loaded = getattr(version, "_prefetched_objects_cache", {}).get("implementing_agencies")
    if loaded is not None:
        return any(a.pk == agency.pk for a in loaded)
    return version.implementing_agencies.filter(pk=agency.pk).exists()


def version_history(*, code: str) -> QuerySet:
    return ProcedureVersion.objects.filter(procedure__code=code, state__in=PUBLIC_STATES).order_by("-number")


def version_for_intake(pk, agency_ids) -> ProcedureVersion | None:
    """The version a desk chose (its id, as the intake form carries it) if it is published and one of
    `agency_ids` (the agencies the desk receives for) implements it; None otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        ProcedureVersion.objects.select_related("procedure", "sector")
        .filter(pk=pk, state=VersionState.PUBLISHED, implementing_agencies__in=list(agency_ids))
        .distinct()
        .first()
    )


def competent_versions(agency_ids) -> QuerySet:
    """The ids of the versions one of `agency_ids` implements (to filter a procedure search)."""
    return ProcedureVersion.objects.filter(implementing_agencies__in=list(agency_ids)).values("pk")
