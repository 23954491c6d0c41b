"""The "my work" queue: the backend's `my_work(staff, now)` items, sorted by time left, in bands:
overdue, due within a day, on track, and paused (the desk's dossiers waiting for the applicant's
supplement or fee: their clock stands still, so they are counted apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from motcua.core.choices import choice_label
from motcua.dossiers import deadlines, selectors
from motcua.dossiers.states import PAUSED_STATES, State

from .templatetags.office import time_left as format_time_left

LIMIT = 200
PAGE = 50  # rows rendered per request; the rest behind "more" (htmx appends the next page)

BANDS = {
    "overdue": _("Quá hạn"),
    "soon": _("Đến hạn trong 1 ngày"),
    "on_track": _("Còn hạn"),
    "paused": _("Tạm dừng"),
}


def band(dossier, now: datetime) -> str:
    """The dossier's band from its working time left (`dossiers.deadlines`), as the queue's."""
    return deadlines.band(dossier.state, deadlines.time_left(dossier, now))


@dataclass
class Row:
    """One line of the queue, with its texts ready: the template only places them (a page of 50
    rows rendered through filters and `{% url %}` cost more than reading the queue)."""

    dossier: object
    task: str
    due_at: datetime | None
    time_left: timedelta | None
    band: str
    state_label: str
    url: str = ""
    due_text: str = ""
    left_text: str = ""


@dataclass
class Queue:
    rows: list[Row]  # the rows of this page
    counts: dict[str, int]  # over the whole queue (up to LIMIT)
    total: int
    truncated: bool
    working_time: bool  # time left counted in working time (the backend's selector) or calendar time
    page: int = 1
    next_page: int | None = None  # the page behind "more", if any


#: The backend's colours → the bands of this page.
COLOURS = {"overdue": "overdue", "due_within_a_day": "soon", "on_track": "on_track"}


def page_number(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def build(request, now: datetime, page: int = 1) -> Queue:
    """The backend's `work_queue` (time left in working time of each agency's calendar), in bands;
    the counts cover the whole queue (from its light entries), the rows one page of PAGE (the only
    lines loaded in full)."""
    work = selectors.work_queue(request.staff, now, limit=LIMIT + 1)
    truncated = len(work.entries) > LIMIT
    work.entries = work.entries[:LIMIT]
    counts = dict.fromkeys(BANDS, 0)
    for entry in work.entries:
        counts[_band(entry.dossier_state, entry.colour)] += 1
    start = (page - 1) * PAGE
    rows = [_row(i) for i in work.items(start, start + PAGE)]
    return Queue(
        rows=rows,
        counts=counts,
        total=len(work.entries),
        truncated=truncated,
        working_time=True,
        page=page,
        next_page=page + 1 if len(work.entries) > start + PAGE else None,
    )


def _row(item) -> Row:
    band = _band(item.dossier.state, item.colour)
    # "Hẹn trả" is the dossier's promised time; the time left is the line's (its step's deadline).
    due = timezone.localtime(item.dossier.due_at) if item.dossier.due_at else None
    return Row(
        dossier=item.dossier,
        task=Truncator(item.task).chars(120),
        due_at=due,
        time_left=item.time_left,
        band=band,
        state_label=choice_label(State, item.dossier.state),
        url=reverse("office:dossier", args=[item.dossier.code]),
        due_text=due.strftime("%H:%M %d/%m/%Y") if due else "",
        left_text="" if band == "paused" else format_time_left(item.time_left),
    )


def _band(state: int, colour: str) -> str:
    return "paused" if state in PAUSED_STATES else COLOURS.get(colour, "on_track")
