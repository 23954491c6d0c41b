"""Switches for the side effects of dossier services: PDF forms, notifications and the national
portal's sync records.

Bulk data generation replays thousands of histories through the services; it wraps them in
`suspended()` so no PDF is rendered, no message and no sync record is queued. The setting
`MOTCUA_DOSSIER_SIDE_EFFECTS` (default: all on) can switch them off for a whole process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

KINDS = ("forms", "notifications", "national_sync")
_local = threading.local()


def enabled(kind: str) -> bool:
    if kind in getattr(_local, "off", ()):
        return False
    configured = getattr(settings, "MOTCUA_DOSSIER_SIDE_EFFECTS", KINDS)
    return kind in configured


@contextmanager
def suspended(*kinds: str) -> Iterator[None]:
    """None of these side effects (default: none at all) for the services called inside."""
    previous: frozenset[str] = getattr(_local, "off", frozenset())
    _local.off = previous | frozenset(kinds or KINDS)
    try:
        yield
    finally:
        _local.off = previous
