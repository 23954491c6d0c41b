from celery import shared_task

from . import audit


@shared_task(name="machines.prune_requests")
def prune_requests() -> int:
    """The nightly retention of the machine requests' audit (audit.prune)."""
    return audit.prune()
