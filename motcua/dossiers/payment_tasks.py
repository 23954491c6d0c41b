"""The daily payment reconciliation as a Celery task (beat: CELERY_BEAT_SCHEDULE, 03:00, yesterday)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from .payments import reconcile


@shared_task(name="dossiers.reconcile_payments", ignore_result=True)
def reconcile_payments(day: str | None = None) -> list[dict]:
    """Compare yesterday's (or `day`'s, ISO) payments with the gateway's list; mismatches are logged
    as errors and returned."""
    when = dt.date.fromisoformat(day) if day else timezone.localdate() - dt.timedelta(days=1)
    return [m.__dict__ for m in reconcile(when)]
