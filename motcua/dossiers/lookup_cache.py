"""The public lookup's shared cache (core.pagecache): one generation per dossier code, bumped after
any save of the dossier commits (the signal wired in `apps.py`), so the state-by-code answer and its
page are never served after the dossier changed. Only the answer without proof of the applicant is
cached; the details (with `last4`) are computed for each request."""

from __future__ import annotations

from motcua.core.pagecache import Generation

from .codes import normalise
from .models import Dossier


def lookup_generation(code: str) -> Generation:
    return Generation(f"lookup:{normalise(code)}")


def dossier_saved(sender: type, instance: Dossier, **_signal_kwargs: object) -> None:
    if instance.code:
        lookup_generation(instance.code).bump()
