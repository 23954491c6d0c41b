"""The legal periods (refuse within 2 working days, ask for more within 5, answer within 15, publish
within 2 after the answer: the index's 5.2) as dated rows, and the due times they give on the
calendar of the agency that holds the clock (the same calendars as the dossiers' due times)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from motcua import workcal
from motcua.calendars.services import calendar_for_id
from motcua.core.law import local_date

from .models import PeriodRule
from .states import Step

#: The periods in force since the index's methodology (Decision 766/QĐ-TTg of 23/6/2022, indicator
#: 5.2), in working days; seeded by migration 0002 and by `install_defaults`.
DEFAULT_BASIS = "Quyết định 766/QĐ-TTg ngày 23/6/2022, chỉ tiêu 5.2"
DEFAULT_FROM = dt.date(2022, 6, 23)
DEFAULT_PERIODS = {"refuse": 2, "supplement": 5, "handle": 15, "publish": 2}


class NoPeriodInForce(LookupError):
    pass


def install_defaults(model=PeriodRule) -> None:
    """The default periods, where missing (a migration passes its historical model; the demo and
    the browser tests call it after a flush has emptied the table)."""
    for step, days in DEFAULT_PERIODS.items():
        model.objects.get_or_create(
            step=step, effective_from=DEFAULT_FROM, defaults={"working_days": days, "basis": DEFAULT_BASIS}
        )


def working_days(step: str, on: dt.date) -> int:
    """The period of `step` in force on `on` (the latest rule that took effect by then)."""
    rule = PeriodRule.objects.filter(step=step, effective_from__lte=on).order_by("-effective_from").first()
    if rule is None:
        raise NoPeriodInForce(
            _("Chưa có quy định thời hạn “%(step)s” áp dụng ngày %(day)s.")
            % {"step": Step(step).label, "day": on.strftime("%d/%m/%Y")}
        )
    return rule.working_days


def due(step: str, *, start: dt.datetime, agency_id: int | None, received_at: dt.datetime) -> dt.datetime:
    """The due time of `step` counted from `start` in working days on the agency's calendar, under the
    rule in force on the day the feedback was received. A start after office hours, on a weekend or a
    holiday counts from the next opening (workcal.due)."""
    days = working_days(step, local_date(received_at))
    return calendar_for_id(agency_id).due(start, days, workcal.Unit.WORKING_DAY)


def shifted(due_at: dt.datetime, *, agency_id: int | None, paused_from: dt.datetime, until: dt.datetime):
    """`due_at` moved on by the working time spent waiting for the sender (a supplement pauses the
    clock, like a dossier's)."""
    calendar = calendar_for_id(agency_id)
    waited = calendar.elapsed(paused_from, until)
    return calendar.add_working_time(due_at, waited)
