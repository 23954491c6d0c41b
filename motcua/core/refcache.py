"""A short memory, per process, of the reference data every intake reads: procedure versions and
agencies by code.

Intake is the busiest write of the system and each of these lookups is an ORM query; the data they
read changes a few times a year (a published procedure version is never edited, only replaced), so
each process keeps what it read for `MOTCUA_REFERENCE_CACHE_SECONDS` (default 60; 0 turns the
memory off, as the test settings do). A change made in this process (admin, import) empties the
memory at once through the model signals each app wires in its `ready()`; other processes see
it within the period. Only found objects are kept: what did not exist is asked again next time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import TypeVar

from cachetools import TTLCache
from django.conf import settings
from django.db import transaction

T = TypeVar("T")

DEFAULT_SECONDS = 60
_caches: list[ReferenceCache] = []


class ReferenceCache:
    def __init__(self, name: str, maxsize: int = 4096, timer: Callable[[], float] = time.monotonic):
        self.name = name
        self.maxsize = maxsize
        self.timer = timer
        self._lock = threading.Lock()  # gthread workers share the process
        self._entries: TTLCache | None = None
        self._seconds: float | None = None
        _caches.append(self)

    def get(self, key: Hashable, load: Callable[[], T | None]) -> T | None:
        seconds = getattr(settings, "MOTCUA_REFERENCE_CACHE_SECONDS", DEFAULT_SECONDS)
        if not seconds:
            return load()
        with self._lock:
            if self._entries is None or self._seconds != seconds:
                self._entries, self._seconds = TTLCache(self.maxsize, seconds, timer=self.timer), seconds
            found = self._entries.get(key)
        if found is not None:
            return found
        value = load()
        if value is not None:
            with self._lock:
                self._entries[key] = value
        return value

    def clear(self) -> None:
        with self._lock:
            if self._entries is not None:
                self._entries.clear()


def _clear_now() -> None:
    for cache in _caches:
        cache.clear()


def clear_all(**_signal_kwargs) -> None:
    """Forget everything (a receiver for the reference models' save/delete signals): now, and again
    when the change commits, lest a request in between put the old row back for a whole period."""
    _clear_now()
    transaction.on_commit(_clear_now)
