"""Retry timing shared by the notification outbox (`services`) and the deliveries to other systems
(`dispatch`): the claim's lease and the exponential backoff."""

import datetime as dt

from django.conf import settings

# A SENDING claim older than this is a crashed worker's: another worker may take the row over.
LEASE = dt.timedelta(minutes=5)


def backoff(attempts: int, *, base_seconds: int | None = None) -> dt.timedelta:
    """Delay before the next try after `attempts` failed ones: base, 2×, 4×, 8× … (1, 2, 4 … minutes
    for the notifications), at most 6 hours. The deliveries to other systems use their own base."""
    if base_seconds is None:
        base_seconds = int(getattr(settings, "MOTCUA_OUTBOX_BACKOFF_SECONDS", 60))
    return min(dt.timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), dt.timedelta(hours=6))
