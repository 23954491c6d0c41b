from celery import shared_task
from oauth2_provider.models import clear_expired

from . import audit


@shared_task(name="machines.prune_requests")
def prune_requests() -> int:
    """Nightly: the retention of the machine requests' audit (audit.prune), and the expired access
    tokens deleted (django-oauth-toolkit's `cleartokens`; the audit keeps their ids only)."""
    clear_expired()
    return audit.prune()
