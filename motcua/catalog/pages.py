"""The catalogue's public pages in the shared cache (core.pagecache): one generation for the whole
catalogue, bumped after any change of a procedure, version, case, component, fee, process, sector or
agency commits (the model signals wired in `apps.py`, and the services' bulk writes, which send no
signal), plus the local day, since which version is in force changes at midnight without a write."""

from __future__ import annotations

from motcua.core.pagecache import Generation

from .selectors import local_day

CATALOGUE = Generation("catalogue")


def catalogue_changed(**_signal_kwargs) -> None:
    """Invalidate every cached catalogue page once the current transaction commits."""
    CATALOGUE.bump()


def catalogue_generations(request, *args, **kwargs) -> list[Generation]:
    return [CATALOGUE, Generation(f"day:{local_day().isoformat()}")]
