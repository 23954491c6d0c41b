"""The "my work" queue: the backend's `my_work(staff, now)` items, sorted by time left, in bands:
overdue, due within a day, on track (and paused, should a paused dossier ever be listed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from motcua.dossiers import selectors
from motcua.dossiers.states import PAUSED_STATES

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
class Row:
    dossier: object
    task: str
    due_at: datetime | None
    time_left: timedelta | None
    band: str


@dataclass
class Queue:
    rows: list[Row]
    counts: dict[str, int]
    total: int
    truncated: bool
    working_time: bool  # time left counted in working time (the backend's selector) or calendar time


#: The backend's colours → the bands of this page.
COLOURS = {"overdue": "overdue", "due_within_a_day": "soon", "on_track": "on_track"}


def build(request, now: datetime) -> Queue:
    """The backend's `my_work` (time left in working time of each agency's calendar), in bands."""
    items = selectors.my_work(request.staff, now, limit=LIMIT + 1)
    rows = [
        Row(
            dossier=i.dossier,
            task=i.task,
            due_at=i.due_at,
            time_left=i.time_left,
            band="paused" if i.dossier.state in PAUSED_STATES else COLOURS.get(i.colour, "on_track"),
        )
        for i in items
    ]
    truncated = len(rows) > LIMIT
    rows = rows[:LIMIT]
    counts = dict.fromkeys(BANDS, 0)
    for row in rows:
        counts[row.band] += 1
    return Queue(rows=rows, counts=counts, total=len(rows), truncated=truncated, working_time=True)
