"""Celery tasks of the outbox. Schedule `send_due_notifications` every minute with Celery beat
(CELERY_BEAT_SCHEDULE) so failed messages are retried after their backoff and messages whose
task was lost (broker down at commit time) still go out."""

from celery import shared_task

from . import services


@shared_task(name="integrations.send_outbox_message", ignore_result=True)
def send_outbox_message(message_id: int) -> None:
    services.send_message(message_id=message_id)


@shared_task(name="integrations.send_due_notifications", ignore_result=True)
def send_due_notifications(limit: int = 100) -> dict[str, int]:
    return services.send_due(limit=limit)
