"""Time left, the one way every screen shows it: working time on the calendar of the agency that
holds the deadline, worded as a desk officer writes it ("Còn 2 ngày 3 giờ làm việc",
"Quá hạn 1 ngày 2 giờ", "Chưa có hạn"). A working day is the calendar layer's eight hours."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.calendars.services import HOURS_PER_WORKING_DAY, calendar_for_id

from .states import PAUSED_STATES

if TYPE_CHECKING:  # the model reads this module
    from .models import Dossier

WORKING_DAY = dt.timedelta(hours=HOURS_PER_WORKING_DAY)


def working_time_left(
    due: dt.datetime | None, agency_id: int | None, now: dt.datetime
) -> dt.timedelta | None:
    """Working time from `now` until `due` on the agency's calendar (negative once overdue)."""
    if due is None:
        return None
    return calendar_for_id(agency_id).time_left(now, due)


def time_left(dossier: Dossier, now: dt.datetime) -> dt.timedelta | None:
    """The dossier's working time left until its promised time."""
    return working_time_left(dossier.due_at, dossier.agency_id, now)


def colour(left: dt.timedelta | None) -> str:
    """on_track / due_within_a_day (one working day or less) / overdue."""
    if left is None or left > WORKING_DAY:
        return "on_track"
    if left >= dt.timedelta(0):
        return "due_within_a_day"
    return "overdue"


def band(state: int, left: dt.timedelta | None) -> str:
    """The queue's and the dossier page's band: paused, overdue, soon, on_track."""
    if state in PAUSED_STATES:
        return "paused"
    return {"overdue": "overdue", "due_within_a_day": "soon"}.get(colour(left), "on_track")


def _span(delta: dt.timedelta) -> str:
    """Working days of eight hours, hours, and minutes only when under a day."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, HOURS_PER_WORKING_DAY * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours})
    if not days and (minutes or not parts):
        parts.append(ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes})
    return " ".join(parts)


def describe(left: dt.timedelta | None) -> str:
    """'Còn 2 ngày 3 giờ làm việc', 'Quá hạn 1 ngày 2 giờ' or 'Chưa có hạn'."""
    if left is None:
        return _("Chưa có hạn")
    if left.total_seconds() < 0:
        return _("Quá hạn %(span)s") % {"span": _span(left)}
    return _("Còn %(span)s làm việc") % {"span": _span(left)}
