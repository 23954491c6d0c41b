"""Celery tasks of the reports."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from . import rollups


@shared_task(name="reports.catch_up_rollups", ignore_result=True)
def catch_up_rollups(hours: int = 48) -> int:
    """Refresh the rollups of every dossier with an event in the last `hours` (idempotent): what a
    lost after-commit refresh missed. Events committed late or out of id order are still inside
    the window: it goes by the event's time, not by a last-seen id."""
    return rollups.catch_up(timezone.now() - dt.timedelta(hours=hours))
