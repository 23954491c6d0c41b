"""What the reform pages publish from the rest of MotCua, read at each view: the desks' hotlines (the
org's directory) and each agency's on-time rate and index (the reports). Nothing is copied into the CMS,
so a changed phone number or a newly resolved dossier shows without an editor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from motcua.org import selectors as org_selectors
from motcua.org.models import Agency, ServiceDesk
from motcua.reports.index766.compute import evaluate, ranking
from motcua.reports.index766.methodology import NoMethodology
from motcua.reports.periods import Period
from motcua.reports.public import public_statistics

#: The published answers to feedback (the feedback app's public page, issue 14).
FEEDBACK_ANSWERS_URL = "/phan-anh/"
#: The index ranks every agency on its whole subtree: the page keeps the figures this long.
RESULTS_CACHE_SECONDS = 30 * 60


def today() -> dt.date:
    return timezone.localdate()


def hotlines() -> list[ServiceDesk]:
    """The desks that publish a phone number or a hotline, in the directory's order."""
    return [desk for desk in org_selectors.desks() if desk.phone or desk.hotlines.all()]


@dataclass(frozen=True)
class AgencyResult:
    name: str
    code: str
    received: int
    resolved: int
    on_time_rate: Decimal | None
    index_total: Decimal | None
    index_rank: int | None


@dataclass(frozen=True)
class Results:
    province: str
    period: Period
    on_time_rate: Decimal | None
    index_total: Decimal | None
    agencies: list[AgencyResult]


def _province() -> Agency | None:
    # The top of the tree, as the public statistics page (/thong-ke/) takes it.
    return Agency.objects.filter(parent__isnull=True).order_by("code").first()


def _compute(province: Agency, today: dt.date) -> Results:
    period = Period(dt.date(today.year, 1, 1), today)
    statistics = public_statistics(province, today.year, today.month)
    try:
        ranked = {r.unit.code: r for r in ranking(province, period)}
        province_index = evaluate(province, period).total
    except NoMethodology:  # no index method loaded for the period: the rates alone
        ranked, province_index = {}, None
    agencies = []
    for row in statistics["children"]:
        place = ranked.get(row.code)
        agencies.append(
            AgencyResult(
                name=row.label,
                code=row.code,
                received=row.received,
                resolved=row.resolved,
                on_time_rate=row.on_time_rate,
                index_total=place.evaluation.total if place else None,
                index_rank=place.rank if place else None,
            )
        )
    # Ranked first (best first), then those the index could not score, by name.
    agencies.sort(key=lambda a: (a.index_rank is None, a.index_rank or 0, a.name))
    return Results(
        province=province.name,
        period=period,
        on_time_rate=statistics["year_row"].on_time_rate,
        index_total=province_index,
        agencies=agencies,
    )


def results(today: dt.date) -> Results | None:
    """This year to `today`: the province's and each agency's (directly under it) on-time rate and
    index; None before the agencies are loaded."""
    province = _province()
    if province is None:
        return None
    key = f"cms:results:{province.pk}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _compute(province, today)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    return found
