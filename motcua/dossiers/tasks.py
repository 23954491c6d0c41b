"""Celery tasks of the dossiers: an event's notifications and legal form after the transaction commits.

Schedule `dossiers.render_missing_forms` with Celery beat (e.g. every 5 minutes) so forms whose
task was lost or failed for good are still rendered.
"""

import logging

from celery import shared_task
from django.db import transaction

from .models import DossierEvent

log = logging.getLogger(__name__)


@shared_task(
    name="dossiers.after_event",
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def after_event(event_id: int, form: str | None, message_ids: list[int]) -> None:
    """What a committed event asks for, in one broker message: its notifications sent (each
    claimed first, so a retry of this task never sends one twice), then its form rendered."""
    from motcua.integrations.services import send_message

    from .forms import render_for_event

    for message_id in message_ids:
        send_message(message_id=message_id)
    if form:
        render_for_event(DossierEvent.objects.get(pk=event_id), form)


def after_commit(event: DossierEvent, form: str | None, messages: list) -> None:
    """Queue `after_event` once the current transaction commits (nothing if it rolls back). One
    publish per event: publishing costs the web worker about as much as a query."""
    if not form and not messages:
        return
    event_id, message_ids = event.pk, [m.pk for m in messages]

    def queue():
        try:
            after_event.delay(event_id, form, message_ids)
        except Exception:  # broker down, or a render failed eagerly: the periodic sweeps catch up
            log.exception("event %s: form and notifications left to the periodic tasks", event_id)

    transaction.on_commit(queue, robust=True)


@shared_task(name="dossiers.render_missing_forms", ignore_result=True)
def render_missing_forms(limit: int = 200) -> int:
    from .forms import EVENT_FORMS, missing_forms, render_for_event

    done = 0
    for event in missing_forms().order_by("at")[:limit]:
        render_for_event(event, EVENT_FORMS[event.action])
        done += 1
    return done


@shared_task(name="dossiers.check_consistency", ignore_result=True)
def check_consistency(limit: int = 1000) -> list[str]:
    """The nightly check (Celery beat, 02:30): dossiers whose last event does not lead to their
    state are logged as errors, so the operator's log alerting reports them; returns their codes."""
    from .selectors import state_disagreements

    rows = list(state_disagreements().values_list("code", "state", "last_to_state")[:limit])
    for code, state, last in rows:
        log.error("dossier %s: state %s, last event leads to %s", code, state, last)
    return [code for code, _state, _last in rows]


@shared_task(name="dossiers.reconcile_national_portal", ignore_result=True)
def reconcile_national_portal() -> str:
    """The nightly reconciliation with the national portal (Celery beat): its summary, logged."""
    from .national_reconcile import reconcile_recent

    return reconcile_recent().summary()
