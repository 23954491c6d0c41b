"""Read-side queries of the organisation: the public directory and the API."""

from __future__ import annotations

import datetime

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.core.refcache import ReferenceCache
from motcua.core.text import fold

from .models import Agency, AgencyLevel, DeskKind, Hotline, ServiceDesk, Staff

# The order a citizen reads the directory in: the centre, its branches, then the desks.
KIND_ORDER = {
    DeskKind.CENTRE: 0,
    DeskKind.BRANCH: 1,
    DeskKind.COMMUNE_CENTRE: 2,
    DeskKind.ONE_STOP: 3,
    DeskKind.MINISTRY: 4,
}


def today() -> datetime.date:
    return timezone.localdate()


def agencies(
    *,
    level: str | None = None,
    parent_code: str | None = None,
    valid_on: datetime.date | None = None,
    search: str | None = None,
) -> QuerySet[Agency]:
    qs = Agency.objects.select_related("parent")
    if level:
        qs = qs.filter(level=level)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if valid_on:
        qs = qs.valid_on(valid_on)
    if search:
        qs = search_agencies(qs, search)
    return qs


def search_agencies(qs: QuerySet[Agency], query: str) -> QuerySet[Agency]:
    # Every word must appear (folded), in any order: "tu phap so" finds "Sở Tư pháp".
    for word in fold(query).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def agency_by_code(code: str, *, on: datetime.date | None = None) -> Agency | None:
    """The agency holding `code` on `on` (today); otherwise the latest one that held it."""
    on = on or today()
    qs = Agency.objects.select_related("parent").filter(code=code)
    current = qs.valid_on(on).first()
    if current is not None:
        return current
    # Codes can be reused after a merger: fall back to the most recent holder.
    return qs.order_by(F("valid_from").desc(nulls_last=True)).first()


_current_agencies = ReferenceCache("agencies by code")


def current_agency(code: str) -> Agency | None:
    """`agency_by_code(code)` for today, remembered for a short while (core.refcache): intake asks
    it on every request."""
    on = today()
    return _current_agencies.get((code, on), lambda: agency_by_code(code, on=on))


_desks = ReferenceCache("desks by id and by agency served")


def desk_serving(agency_id: int, desk_id: int | None = None) -> ServiceDesk | None:
    """Desk `desk_id` if it exists, else the first desk that serves `agency_id` (where its dossiers
    are handed in and returned); remembered for a short while (core.refcache): the public status
    lookup names it on every answer."""
    if desk_id is not None:
        desk = _desks.get(("desk", desk_id), lambda: ServiceDesk.objects.filter(pk=desk_id).first())
        if desk is not None:
            return desk
    return _desks.get(
        ("serving", agency_id),
        lambda: ServiceDesk.objects.filter(agencies=agency_id).order_by("id").first(),
    )


def directory_staff() -> Prefetch:
    return Prefetch(
        "staff",
        # Leaders first, then in the order they were entered (the head is entered first).
        queryset=Staff.objects.filter(show_in_directory=True).order_by("-is_leader", "pk"),
        to_attr="directory_staff",
    )


def desks(
    *,
    kind: str | None = None,
    agency_code: str | None = None,
    search: str | None = None,
    on: datetime.date | None = None,
) -> list[ServiceDesk]:
    """Desks of agencies that exist on `on` (today), with everything the directory shows prefetched.

    Searching folds diacritics in Python: a province has at most a few hundred desks, and the
    text searched spans several related rows (host agency, agencies served, staff names).
    """
    on = on or today()
    qs = (
        ServiceDesk.objects.filter(host_agency__in=Agency.objects.valid_on(on))
        .select_related("host_agency", "parent")
        .prefetch_related(
            Prefetch("hotlines", queryset=Hotline.objects.order_by("id")),
            Prefetch("agencies", queryset=Agency.objects.order_by("code")),
            directory_staff(),
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    if agency_code:
        qs = qs.filter(Q(host_agency__code=agency_code) | Q(agencies__code=agency_code)).distinct()
    result = list(qs)
    if search:
        # The whole phrase first ("cua nam" → Phường Cửa Nam), else every word anywhere.
        phrase = fold(search)
        texts = {d.pk: desk_search_text(d) for d in result}
        exact = [d for d in result if phrase in texts[d.pk]]
        words = phrase.split()
        result = exact or [d for d in result if all(w in texts[d.pk] for w in words)]
    result.sort(key=lambda d: (KIND_ORDER.get(d.kind, 9), fold(d.name)))
    return result


def desk_search_text(desk: ServiceDesk) -> str:
    parts = [desk.name, desk.address, desk.host_agency.name, desk.host_agency.short_name]
    parts += [a.name for a in desk.agencies.all()]
    parts += [s.full_name for s in getattr(desk, "directory_staff", [])]
    return fold(" ".join(p for p in parts if p))


def desk_detail(pk: int) -> ServiceDesk | None:
    return (
        ServiceDesk.objects.select_related("host_agency", "parent")
        .prefetch_related(
            Prefetch("hotlines", queryset=Hotline.objects.order_by("id")),
            Prefetch("agencies", queryset=Agency.objects.order_by("code")),
            Prefetch("branches", queryset=ServiceDesk.objects.order_by("name")),
            directory_staff(),
        )
        .filter(pk=pk)
        .first()
    )


# The directory's agency filter reads top-down: city, departments, vertical agencies, communes.
LEVEL_ORDER = {
    AgencyLevel.MINISTRY: 0,
    AgencyLevel.PROVINCE: 1,
    AgencyLevel.PROVINCE_OFFICE: 2,
    AgencyLevel.DEPARTMENT: 3,
    AgencyLevel.VERTICAL: 4,
    AgencyLevel.DISTRICT: 5,
    AgencyLevel.COMMUNE: 6,
    AgencyLevel.SUB_UNIT: 7,
    AgencyLevel.OTHER: 8,
}


def desk_host_agencies(on: datetime.date | None = None) -> list[Agency]:
    """Agencies offered in the directory's filter: those hosting a desk, valid on `on`."""
    on = on or today()
    agencies = Agency.objects.valid_on(on).filter(hosted_desks__isnull=False).distinct()
    return sorted(agencies, key=lambda a: (LEVEL_ORDER.get(a.level, 9), fold(a.name)))


def province_of(agency: Agency) -> Agency | None:
    """The province (or centrally-run city) `agency` belongs to: itself or its nearest ancestor of
    level PROVINCE; None for a ministry's agencies."""
    for node in [agency, *agency.ancestors()]:
        if node.level == AgencyLevel.PROVINCE:
            return node
    return None
