"""The public statistics (like the national portal's, issue 12): for the province and each agency,
per month of a year: received, resolved, on-time rate, online share. Aggregates only: no dossier
code, no name, nothing personal. Computed from `counts.dossier_counts` and cached."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from motcua.dossiers.states import Channel
from motcua.org.auth import subtree_ids
from motcua.org.models import Agency

from .counts import Counts, dossier_counts, rate
from .periods import Period

CACHE_SECONDS = 30 * 60


@dataclass(frozen=True)
class Row:
    label: str  # a month "MM/YYYY", or an agency's name
    code: str  # the agency's code for agency rows, "" for months
    received: int
    resolved: int
    on_time: int
    online: int

    @property
    def on_time_rate(self):
        return rate(self.on_time, self.resolved)

    @property
    def online_share(self):
        return rate(self.online, self.received)

    def as_dict(self) -> dict:
        def plain(value):
            return None if value is None else str(value)

        return {
            "label": self.label,
            "code": self.code,
            "received": self.received,
            "resolved": self.resolved,
            "on_time_rate": plain(self.on_time_rate),
            "online_share": plain(self.online_share),
        }


def _row(label: str, code: str, by_channel: dict) -> Row:
    total = sum(by_channel.values(), Counts())
    return Row(
        label=label,
        code=code,
        received=total.received,
        resolved=total.resolved,
        on_time=total.resolved_early + total.resolved_on_time,
        online=by_channel.get(Channel.ONLINE, Counts()).received,
    )


def _compute(unit: Agency, year: int, last_month: int) -> dict:
    ids = subtree_ids(unit.pk)
    months = [
        _row(f"{m:02d}/{year}", "", dossier_counts(ids, Period.month(year, m), by="channel"))
        for m in range(1, last_month + 1)
    ]
    whole = Period(Period.year(year).start, Period.month(year, last_month).end)
    children = [
        _row(child.name, child.code, dossier_counts(subtree_ids(child.pk), whole, by="channel"))
        for child in Agency.objects.filter(parent=unit).valid_on(whole.end).order_by("code")
    ]
    return {
        "months": months,
        "year_row": _row(str(year), unit.code, dossier_counts(ids, whole, by="channel")),
        "children": children,
    }


def public_statistics(unit: Agency, year: int, last_month: int = 12) -> dict:
    """{months: [Row] (January to `last_month`), year_row: Row, children: [Row] (each agency directly
    below `unit`, its subtree's year)}; cached for CACHE_SECONDS per unit, year and month."""
    key = f"reports:public:{unit.pk}:{year}:{last_month}"
    found = cache.get(key)
    if found is None:
        found = _compute(unit, year, last_month)
        cache.set(key, found, CACHE_SECONDS)
    return found
