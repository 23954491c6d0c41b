"""Compliance cost per procedure version, the way UNCTAD's eRegulations shows it (issue 12).

What one applicant spends to get the result of one dossier, per channel the version offers:

- **fees**: the catalogue's fees for that channel (`catalog.fees.fee_for`, one page, one copy);
- **visits and waiting**: trips to the desk, each worth `visit_hours` of the applicant's time
  (travel, queue, counter). By the published rules: at the desk 2 (hand in, collect the result;
  1 when the result is only electronic), partial online 1 (collect the result), full online and
  post none. As measured on the version's finished dossiers: 1 to hand in at the desk, 1 per
  supplement request of a desk dossier, 1 to collect the result when it was returned at the desk;
- **processing time**: the legal time limit converted to working hours by `workcal` (a calendar
  limit is counted on the national calendar from the version's effective date), and as measured:
  the mean working time from receipt to the end of processing, paused time subtracted. The
  applicant's time lost while waiting is valued at `processing_hour_share` of the hourly cost.

Every hour is valued at `hourly_cost_vnd` (settings.MOTCUA_COMPLIANCE_COST). A fee without a
known amount (set by the province, …) leaves the fees, and so the total, unknown (None, shown "—").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404

from motcua import workcal
from motcua.calendars.services import calendar_for_id
from motcua.catalog.fees import fee_for
from motcua.catalog.models import Channel as CatalogChannel
from motcua.catalog.models import ProcedureVersion, TimeUnit
from motcua.dossiers.models import Dossier, DossierPause, ResultChannel
from motcua.dossiers.states import Channel, State

from .periods import REPORTING_ZONE

HOURS_PER_DAY = Decimal(8)

DEFAULTS = {"hourly_cost_vnd": 40_000, "visit_hours": Decimal("2.5"), "processing_hour_share": Decimal("0.1")}

#: The catalogue channel each dossier channel is measured for.
MEASURED_AS = {
    Channel.DESK: CatalogChannel.DESK,
    Channel.POST: CatalogChannel.POST,
    Channel.ONLINE: CatalogChannel.ONLINE,
}
#: The order channels are shown in.
CHANNEL_ORDER = [
    CatalogChannel.DESK,
    CatalogChannel.POST,
    CatalogChannel.ONLINE_PARTIAL,
    CatalogChannel.ONLINE_FULL,
    CatalogChannel.ONLINE,
]


@dataclass(frozen=True)
class Rates:
    hourly_cost_vnd: int
    visit_hours: Decimal
    processing_hour_share: Decimal

    @classmethod
    def from_settings(cls) -> Rates:
        conf = {**DEFAULTS, **getattr(settings, "MOTCUA_COMPLIANCE_COST", {})}
        return cls(
            hourly_cost_vnd=int(conf["hourly_cost_vnd"]),
            visit_hours=Decimal(str(conf["visit_hours"])),
            processing_hour_share=Decimal(str(conf["processing_hour_share"])),
        )


def _vnd(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Breakdown:
    """The cost of one dossier by one channel, in đồng, with the quantities behind it."""

    channel: str
    fees_vnd: int | None
    visits: Decimal
    visit_hours: Decimal
    visit_cost_vnd: int
    processing_hours: Decimal | None
    processing_cost_vnd: int | None
    dossiers: int = 0  # measured: how many finished dossiers the figures come from

    @property
    def processing_days(self) -> Decimal | None:
        if self.processing_hours is None:
            return None
        return (self.processing_hours / HOURS_PER_DAY).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def total_vnd(self) -> int | None:
        if self.fees_vnd is None or self.processing_cost_vnd is None:
            return None
        return self.fees_vnd + self.visit_cost_vnd + self.processing_cost_vnd

    def as_dict(self) -> dict:
        return {
            "channel": self.channel,
            "fees_vnd": self.fees_vnd,
            "visits": str(self.visits),
            "visit_hours": str(self.visit_hours),
            "visit_cost_vnd": self.visit_cost_vnd,
            "processing_hours": None if self.processing_hours is None else str(self.processing_hours),
            "processing_working_days": None if self.processing_days is None else str(self.processing_days),
            "processing_cost_vnd": self.processing_cost_vnd,
            "total_vnd": self.total_vnd,
            "dossiers": self.dossiers,
        }


def _breakdown(channel, fees, visits: Decimal, hours: Decimal | None, rates: Rates, dossiers=0) -> Breakdown:
    visit_hours = visits * rates.visit_hours
    return Breakdown(
        channel=str(channel),
        fees_vnd=fees,
        visits=visits,
        visit_hours=visit_hours,
        visit_cost_vnd=_vnd(visit_hours * rates.hourly_cost_vnd),
        processing_hours=hours,
        processing_cost_vnd=None
        if hours is None
        else _vnd(hours * rates.hourly_cost_vnd * rates.processing_hour_share),
        dossiers=dossiers,
    )


def versions_of(code: str) -> list[ProcedureVersion]:
    """Every version of the procedure `code`, oldest first, with its fees (404 when none)."""
    versions = list(
        ProcedureVersion.objects.filter(procedure__code=code)
        .select_related("procedure")
        .prefetch_related("fees")
        .order_by("number")
    )
    if not versions:
        raise Http404
    return versions


def published_visits(version: ProcedureVersion, channel: str) -> Decimal:
    """Trips to the desk the published rules ask of an applicant using `channel`."""
    if channel == CatalogChannel.DESK:
        only_electronic = version.result_electronic and not version.result_paper
        return Decimal(1 if only_electronic else 2)
    if channel in (CatalogChannel.ONLINE_PARTIAL, CatalogChannel.ONLINE):
        return Decimal(1)
    return Decimal(0)  # full online, post


def legal_working_hours(
    version: ProcedureVersion, calendar: workcal.WorkCalendar | None = None
) -> Decimal | None:
    """The version's time limit in working hours (None when the catalogue does not state one)."""
    unit, amount = version.time_unit, version.time_amount
    if unit == TimeUnit.SAME_DAY:
        return HOURS_PER_DAY  # at most the working day
    if amount is None or not unit:
        return None
    if unit == TimeUnit.WORKING_DAY:
        return Decimal(amount) * HOURS_PER_DAY
    if unit == TimeUnit.WORKING_HOUR:
        return Decimal(amount)
    # Calendar days or months: the working time they hold, counted from the version's effective
    # date (or 1 January 2026) at the opening of the office.
    calendar = calendar or calendar_for_id(None)
    day = version.effective_from or dt.date(2026, 1, 1)
    start = dt.datetime.combine(day, dt.time(8), tzinfo=REPORTING_ZONE)
    end = calendar.due(start, int(amount), unit)
    return Decimal(calendar.elapsed(start, end).total_seconds() / 3600).quantize(Decimal("0.01"))


def published_cost(version: ProcedureVersion, rates: Rates | None = None) -> list[Breakdown]:
    """One breakdown per channel the version offers, by its published rules."""
    rates = rates or Rates.from_settings()
    hours = legal_working_hours(version)
    channels = [c for c in CHANNEL_ORDER if c in (version.channels or [])] or [CatalogChannel.DESK]
    rows = []
    for channel in channels:
        fees, _lines = fee_for(version, channel=channel)
        rows.append(_breakdown(channel, fees, published_visits(version, channel), hours, rates))
    return rows


@dataclass
class _Tally:
    dossiers: int = 0
    visits: int = 0
    seconds: float = 0.0
    pauses: dict = field(default_factory=dict)


def measured_cost(
    version: ProcedureVersion, agency_ids: list[int] | None, rates: Rates | None = None, limit: int = 5000
) -> list[Breakdown]:
    """One breakdown per dossier channel, from the version's dossiers that reached their result
    (resolved or returned) in `agency_ids` (None: everywhere), the latest `limit` of them."""
    rates = rates or Rates.from_settings()
    dossiers = Dossier.objects.filter(
        procedure_version=version,
        state__in=(State.RESOLVED, State.RETURNED),
        received_at__isnull=False,
        finished_at__isnull=False,
    )
    if agency_ids is not None:
        dossiers = dossiers.filter(agency_id__in=agency_ids)
    dossiers = dossiers.order_by("-finished_at").only(
        "id", "agency_id", "channel", "received_at", "finished_at", "supplement_requests", "return_channel"
    )[:limit]
    rows = list(
        dossiers.prefetch_related(
            Prefetch("pauses", queryset=DossierPause.objects.only("dossier_id", "started_at", "ended_at"))
        )
    )
    fees_by_channel = {}
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for dossier in rows:
        calendar = calendar_for_id(dossier.agency_id)
        pauses = [(p.started_at, p.ended_at) for p in dossier.pauses.all()]
        tally = tallies[dossier.channel]
        tally.dossiers += 1
        tally.seconds += calendar.elapsed(dossier.received_at, dossier.finished_at, pauses).total_seconds()
        at_desk = dossier.channel == Channel.DESK
        tally.visits += (
            (1 if at_desk else 0)
            + (dossier.supplement_requests if at_desk else 0)
            + (1 if dossier.return_channel == ResultChannel.DESK else 0)
        )
    result = []
    for channel in (Channel.DESK, Channel.POST, Channel.ONLINE):
        tally = tallies.get(channel)
        if not tally:
            continue
        catalog_channel = MEASURED_AS[channel]
        if catalog_channel not in fees_by_channel:
            fees_by_channel[catalog_channel] = fee_for(version, channel=int(channel))[0]
        hours = (Decimal(tally.seconds) / 3600 / tally.dossiers).quantize(Decimal("0.01"))
        visits = (Decimal(tally.visits) / tally.dossiers).quantize(Decimal("0.01"))
        result.append(
            _breakdown(
                catalog_channel, fees_by_channel[catalog_channel], visits, hours, rates, tally.dossiers
            )
        )
    return result


@dataclass
class VersionCost:
    version: ProcedureVersion
    published: list[Breakdown]
    measured: list[Breakdown]

    @property
    def cheapest(self) -> Breakdown | None:
        known = [row for row in self.published if row.total_vnd is not None]
        return min(known, key=lambda row: row.total_vnd) if known else None

    def as_dict(self) -> dict:
        return {
            "version": self.version.pk,
            "procedure": self.version.procedure.code,
            "number": self.version.number,
            "name": self.version.name,
            "state": self.version.state,
            "effective_from": self.version.effective_from,
            "published": [row.as_dict() for row in self.published],
            "measured": [row.as_dict() for row in self.measured],
        }


def version_cost(
    version: ProcedureVersion, agency_ids: list[int] | None, rates: Rates | None = None
) -> VersionCost:
    rates = rates or Rates.from_settings()
    return VersionCost(version, published_cost(version, rates), measured_cost(version, agency_ids, rates))


def _delta(before: int | Decimal | None, after: int | Decimal | None):
    if before is None or after is None:
        return None
    return after - before


def _percent(before: int | None, after: int | None) -> Decimal | None:
    if before is None or after is None or not before:
        return None
    return (Decimal(100) * (after - before) / before).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def compare(before: VersionCost, after: VersionCost) -> list[dict]:
    """Per channel either version offers (published rules): each component before, after and the
    change; a channel one version does not offer has None on that side. The last row compares the
    cheapest channel of each version ("best")."""
    left = {row.channel: row for row in before.published}
    right = {row.channel: row for row in after.published}
    channels = [str(c) for c in CHANNEL_ORDER if str(c) in left or str(c) in right]
    rows = [(channel, left.get(channel), right.get(channel)) for channel in channels]
    rows.append(("best", before.cheapest, after.cheapest))
    out = []
    for channel, a, b in rows:
        line = {"channel": channel, "before": a, "after": b}
        for name in (
            "fees_vnd",
            "visits",
            "visit_cost_vnd",
            "processing_hours",
            "processing_cost_vnd",
            "total_vnd",
        ):
            line[f"{name}_change"] = _delta(getattr(a, name, None), getattr(b, name, None))
        line["total_percent"] = _percent(getattr(a, "total_vnd", None), getattr(b, "total_vnd", None))
        out.append(line)
    return out


def compare_as_dict(rows: list[dict]) -> list[dict]:
    def plain(value):
        if isinstance(value, Breakdown):
            return value.as_dict()
        if isinstance(value, Decimal):
            return str(value)
        return value

    return [{key: plain(value) for key, value in row.items()} for row in rows]
