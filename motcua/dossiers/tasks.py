"""Celery tasks of the dossiers: rendering the legal forms after the transaction commits.

Schedule `dossiers.render_missing_forms` with Celery beat (e.g. every 5 minutes) so forms whose
task was lost or failed for good are still rendered.
"""

from celery import shared_task

from .models import DossierEvent


@shared_task(
    name="dossiers.render_event_form",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def render_event_form(event_id: int, kind: str) -> None:
    from .forms import render_for_event

    render_for_event(DossierEvent.objects.get(pk=event_id), kind)


@shared_task(name="dossiers.render_missing_forms", ignore_result=True)
def render_missing_forms(limit: int = 200) -> int:
    from .forms import EVENT_FORMS, missing_forms, render_for_event

    done = 0
    for event in missing_forms().order_by("at")[:limit]:
        render_for_event(event, EVENT_FORMS[event.action])
        done += 1
    return done
