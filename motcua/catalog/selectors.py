"""Read-side queries of the catalogue, shared by the HTML pages, the API and the admin.

Which version is in force is computed, not stored: a published version takes effect at 00:00 of its
`effective_from` in Asia/Ho_Chi_Minh (the project's TIME_ZONE) and applies up to and including its
`effective_to`. A version published with a future date therefore waits, published, while the one it
replaces stays in force until the day before (`version_in_force`, `next_version`).
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.core.refcache import ReferenceCache
from motcua.org.models import Agency

from . import search as _search
from .models import (
    BoundaryFreeOpening,
    ProcedureVersion,
    ProcessDefinition,
    ProcessStep,
    Sector,
    VersionState,
)

PUBLIC_STATES = (VersionState.PUBLISHED, VersionState.AMENDED, VersionState.ABOLISHED)
# An abolished version still applies up to its last day; an amended one ends the day before its successor.
APPLYING_STATES = (VersionState.PUBLISHED, VersionState.ABOLISHED)


def local_day(at: datetime.datetime | datetime.date | None = None) -> datetime.date:
    """The calendar day in Asia/Ho_Chi_Minh of `at` (default: now)."""
    if at is None:
        return timezone.localdate()
    if isinstance(at, datetime.datetime):
        return timezone.localdate(at) if timezone.is_aware(at) else at.date()
    return at


def in_force_q(at=None, prefix: str = "") -> Q:
    """Versions that apply on the day of `at`: published (or abolished later), started, not ended."""
    day = local_day(at)
    return (
        Q(**{f"{prefix}state__in": APPLYING_STATES})
        & (Q(**{f"{prefix}effective_from__isnull": True}) | Q(**{f"{prefix}effective_from__lte": day}))
        & (Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": day}))
    )


def _latest_first(qs: QuerySet) -> QuerySet:
    return qs.order_by("-effective_from", "-number")


def version_in_force(procedure, at=None) -> ProcedureVersion | None:
    """The version of `procedure` (a Procedure or its code) in force at `at` (default: now), or None."""
    qs = ProcedureVersion.objects.filter(in_force_q(at))
    qs = (
        qs.filter(procedure__code=procedure) if isinstance(procedure, str) else qs.filter(procedure=procedure)
    )
    return _latest_first(qs).first()


def next_version(procedure, at=None) -> ProcedureVersion | None:
    """The published version of `procedure` that takes effect after the day of `at`, if one is announced."""
    qs = ProcedureVersion.objects.filter(state=VersionState.PUBLISHED, effective_from__gt=local_day(at))
    qs = (
        qs.filter(procedure__code=procedure) if isinstance(procedure, str) else qs.filter(procedure=procedure)
    )
    return qs.order_by("effective_from", "number").first()


def sectors() -> QuerySet:
    return Sector.objects.order_by("name_folded")  # Vietnamese-friendly: "Cấp" before "Chứng"


def search_procedures(
    *,
    query: str = "",
    sector: int | str | None = None,
    agency: str | None = None,
    level: str | None = None,
    state: str | None = VersionState.PUBLISHED,
    at=None,
) -> QuerySet:
    """Procedure versions matching the filters, ranked by `query` (diacritics- and case-insensitive).

    `sector` is a Sector id, `agency` an agency code (`Agency.code`), `level` a `Level` value,
    `state` a public state (drafts are never listed; default: the version in force).
    """
    qs = ProcedureVersion.objects.select_related("procedure", "sector")
    if state not in PUBLIC_STATES or state == VersionState.PUBLISHED:
        qs = qs.filter(in_force_q(at))  # "published": the version in force today, one per procedure
    else:
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


def suggest_query(query: str, at=None) -> str:
    """ "Có phải bạn muốn tìm …": the query with its unknown words corrected, or ""."""
    if not query or not query.strip():
        return ""
    return _search.suggest(ProcedureVersion.objects.filter(in_force_q(at)), query)


def _detail_queryset() -> QuerySet:
    steps = ProcessStep.objects.select_related("responsible_agency").order_by("order", "id")
    processes = ProcessDefinition.objects.select_related("agency").prefetch_related(Prefetch("steps", steps))
    return ProcedureVersion.objects.select_related("procedure", "sector").prefetch_related(
        "cases",
        "requirements",
        "fees",
        "implementing_agencies",
        "coordinating_agencies",
        Prefetch("processes", processes.order_by("agency__code")),
    )


def procedure_detail(*, code: str, at=None) -> ProcedureVersion:
    """The version in force of procedure `code` at `at` (else its latest public version already
    started); 404 if none. A version announced for a later day is never shown as the one in force."""
    qs = _detail_queryset().filter(procedure__code=code, state__in=PUBLIC_STATES)
    version = _latest_first(qs.filter(in_force_q(at))).first()
    if version is None:
        started = Q(effective_from__isnull=True) | Q(effective_from__lte=local_day(at))
        version = qs.filter(started).order_by("-number").first()
    if version is None:
        raise Http404(code)
    return version


_published_versions = ReferenceCache("published versions by procedure code")


def published_version(code: str, at=None) -> ProcedureVersion | None:
    """The version in force of procedure `code` at `at` (default: now), with its procedure, its
    cases, its requirements and the ids of its implementing agencies loaded; remembered for a short
    while (core.refcache) per code and day, because intake asks it on every request and a published
    version is never edited."""
    day = local_day(at)

    def load():
        qs = (
            ProcedureVersion.objects.select_related("procedure")
            .prefetch_related(
                "cases",
                "requirements",
                Prefetch("implementing_agencies", Agency.objects.only("id", "code")),
            )
            .filter(in_force_q(day), procedure__code=code)
        )
        return _latest_first(qs).first()

    return _published_versions.get((code, day), load)


def implemented_by(version: ProcedureVersion, agency) -> bool:
    """Whether `agency` has the competence to settle `version` (from what is loaded when it is)."""
    loaded = getattr(version, "_prefetched_objects_cache", {}).get("implementing_agencies")
    if loaded is not None:
        return any(a.pk == agency.pk for a in loaded)
    return version.implementing_agencies.filter(pk=agency.pk).exists()


def version_history(*, code: str) -> QuerySet:
    return ProcedureVersion.objects.filter(procedure__code=code, state__in=PUBLIC_STATES).order_by("-number")


def version_for_intake(pk, agency_ids) -> ProcedureVersion | None:
    """The version a desk chose (its id, as the intake form carries it) if it is in force now
    (`in_force_q`) and one of `agency_ids` (the agencies the desk receives for) implements it;
    None otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        ProcedureVersion.objects.select_related("procedure", "sector")
        .filter(in_force_q(), pk=pk, implementing_agencies__in=list(agency_ids))
        .distinct()
        .first()
    )


def competent_versions(agency_ids) -> QuerySet:
    """The ids of the versions one of `agency_ids` implements (to filter a procedure search)."""
    return ProcedureVersion.objects.filter(implementing_agencies__in=list(agency_ids)).values("pk")


def boundary_free_opening(procedure_id: int, on: datetime.date) -> BoundaryFreeOpening | None:
    """The province's opening of procedure `procedure_id` to boundary-free intake that covers day
    `on` (Decree 118/2025 art. 5), None when it is not opened that day."""
    return (
        BoundaryFreeOpening.objects.filter(procedure_id=procedure_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def boundary_free_procedures(on: datetime.date) -> QuerySet:
    """The ids of the procedures opened to boundary-free intake on `on`."""
    return (
        BoundaryFreeOpening.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("procedure_id")
    )
