"""Celery tasks of the reports (scheduled in settings: CELERY_BEAT_SCHEDULE; eager in the embedded
default, where `CELERY_TASK_ALWAYS_EAGER` runs them in the caller)."""

from celery import shared_task
from django.utils import timezone


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
