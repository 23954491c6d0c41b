"""The "my work" queue: open dossiers sorted by time left, each in a colour band.

Uses the dossier backend's `my_work(staff, now)` selector when it exists; until then, every open
dossier of the officer's visible set. Bands: overdue, due within a day, on track; dossiers whose clock
is paused (supplement, fees) are shown apart, since their due time moves when the clock restarts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.states import FINAL_STATES, PAUSED_STATES

from .access import visible_dossiers

SOON = timedelta(days=1)
LIMIT = 200

BANDS = {
    "overdue": _("Quá hạn"),
    "soon": _("Đến hạn trong 1 ngày"),
    "on_track": _("Còn hạn"),
    "paused": _("Tạm dừng"),
}


def band(dossier, now: datetime) -> str:
    if dossier.state in PAUSED_STATES:
        return "paused"
    if dossier.due_at is None:
        return "on_track"
    if dossier.due_at < now:
        return "overdue"
    if dossier.due_at - now <= SOON:
        return "soon"
    return "on_track"


def time_left(due: datetime | None, now: datetime) -> timedelta | None:
    return None if due is None else due - now


@dataclass
class Queue:
    rows: list
    counts: dict[str, int]
    total: int
    truncated: bool


def _open(qs: QuerySet) -> QuerySet:
    return qs.exclude(state__in=[s.value for s in FINAL_STATES])


def _backend_my_work():
    try:
        from motcua.dossiers.selectors import my_work
    except ImportError:
        return None
    return my_work


def build(request, now: datetime) -> Queue:
    my_work = _backend_my_work()
    source = my_work(request.staff, now) if my_work is not None else _open(visible_dossiers(request.user))
    if isinstance(source, QuerySet):
        paused = Q(state__in=[s.value for s in PAUSED_STATES])
        counts = source.aggregate(
            paused=Count("pk", filter=paused),
            overdue=Count("pk", filter=~paused & Q(due_at__lt=now)),
            soon=Count("pk", filter=~paused & Q(due_at__gte=now, due_at__lte=now + SOON)),
            on_track=Count("pk", filter=~paused & (Q(due_at__gt=now + SOON) | Q(due_at__isnull=True))),
        )
        rows = list(
            source.select_related("procedure_version__procedure", "applicant", "agency").order_by(
                F("due_at").asc(nulls_last=True), "code"
            )[: LIMIT + 1]
        )
    else:  # a list from the backend: count in Python
        rows = list(source)
        counts = dict.fromkeys(BANDS, 0)
        for dossier in rows:
            counts[band(dossier, now)] += 1
        rows.sort(key=lambda d: (d.due_at is None, d.due_at or now, d.code))
    truncated = len(rows) > LIMIT
    rows = rows[:LIMIT]
    for dossier in rows:
        dossier.band = band(dossier, now)
        dossier.time_left = time_left(dossier.due_at, now)
    return Queue(rows=rows, counts=counts, total=sum(counts.values()), truncated=truncated)
