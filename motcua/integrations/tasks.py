"""Celery tasks of the outbox. Schedule `send_due_notifications` every minute with Celery beat
(CELERY_BEAT_SCHEDULE) so failed messages are retried after their backoff and messages whose
task was lost (broker down at commit time) still go out. The tasks are defined in `services`
(beside what they run); this module is where Celery's autodiscovery finds them."""

from .dispatch.services import send_delivery_task, send_due_deliveries
from .services import send_due_notifications, send_outbox_message

__all__ = ["send_delivery_task", "send_due_deliveries", "send_due_notifications", "send_outbox_message"]
