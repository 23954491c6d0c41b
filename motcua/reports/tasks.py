"""Celery tasks of the reports (scheduled in settings: CELERY_BEAT_SCHEDULE; eager in the embedded
default, where `CELERY_TASK_ALWAYS_EAGER` runs them in the caller)."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import rollups
from .rollups import refresh_dossier_rollups

__all__ = ["catch_up_rollups", "refresh_dossier_rollups", "refresh_risk", "risk_digest"]


@shared_task(name="reports.catch_up_rollups", ignore_result=True)
def catch_up_rollups(hours: int = 48) -> int:
    """Refresh the rollups of every dossier with an event in the last `hours` (idempotent): what a
    lost after-commit refresh missed. Events committed late or out of id order are still inside
    the window: it goes by the event's time, not by a last-seen id."""
    return rollups.catch_up(timezone.now() - dt.timedelta(hours=hours))


@shared_task(name="reports.refresh_risk", ignore_result=True)
def refresh_risk() -> int:
    """Score the open dossiers, then draft the apologies due (one working day before a predicted miss)."""
    from .alerts import draft_apologies
    from .risk import refresh

    now = timezone.now()
    count = refresh(now=now)
    draft_apologies(now=now)
    return count


@shared_task(name="reports.risk_digest", ignore_result=True)
def risk_digest() -> int:
    """The morning digest of at-risk dossiers to their holders and unit heads."""
    from .alerts import send_digest

    return send_digest(now=timezone.now())
