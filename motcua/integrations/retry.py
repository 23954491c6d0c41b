"""The outbox's retries where Celery beat does not run (the embedded demo: eager Celery, no beat).

After each request has been sent (Django's `request_finished`), at most once every
`MOTCUA_OUTBOX_RETRY_EVERY` seconds per process, the due messages (failed ones whose backoff has
ended, and pending ones whose task was lost) are sent, a few at a time, and so are the records
for other systems (`dispatch`). 0 turns it off (the
default: production runs `celery -A motcua worker -B`, whose beat does this every minute).
"""

from __future__ import annotations

import logging
import threading
from time import monotonic

from django.conf import settings

from . import services
from .dispatch import services as dispatch

log = logging.getLogger(__name__)
BATCH = 20
_lock = threading.Lock()
_last = {"at": float("-inf")}


def retry_due(sender=None, **kwargs) -> dict[str, int] | None:
    """Send what is due if the interval has passed since the last time; None when it has not."""
    every = getattr(settings, "MOTCUA_OUTBOX_RETRY_EVERY", 0)
    if not every:
        return None
    now = monotonic()
    with _lock:
        if now - _last["at"] < every:
            return None
        _last["at"] = now
    try:
        counts = services.send_due(limit=BATCH)
        for name, n in dispatch.send_due(limit=BATCH).items():
            counts[name] = counts.get(name, 0) + n
        return counts
    except Exception:  # never let a retry break anything: the next interval tries again
        log.exception("outbox retry after a request failed")
        return None


def reset() -> None:
    """Forget the last time (tests)."""
    _last["at"] = float("-inf")
