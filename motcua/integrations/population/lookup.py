"""The two calls the portal makes.

`lookup_person(id_number)` returns the national record (or None); `verify(typed)` compares what the
applicant typed (name, date of birth, address) with it, field by field, and gives the residence to
fill in. A component satisfied this way is recorded by the caller as taken from the national
database (dossiers.applicants.update_from_verified_source with source population_db).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.conf import settings

from . import production, simulator  # noqa: F401  (register the plugins)
from .base import Check, PersonRecord, PopulationSource, _registry


def get_source(key: str | None = None) -> PopulationSource:
    return _registry[key or settings.MOTCUA_POPULATION_SOURCE]()


def lookup_person(id_number: str) -> PersonRecord | None:
    number = re.sub(r"[\s.]", "", id_number or "")
    if not re.fullmatch(r"\d{12}", number):
        return None
    return get_source().lookup(number)


def _fold(text: str) -> str:
    """Case, spacing and Unicode form do not count; diacritics do (Hòa and Hoa are two names)."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    text = re.sub(r"[,.;]", " ", text)
    return " ".join(text.split())


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def verify(typed: dict) -> Check:
    """Compare `typed` (id_number, and any of full_name, date_of_birth, address) with the record."""
    record = lookup_person(typed.get("id_number", ""))
    if record is None:
        return Check(found=False)
    mismatches, checked = [], []
    if typed.get("full_name"):
        checked.append("full_name")
        if _fold(typed["full_name"]) != _fold(record.full_name):
            mismatches.append("full_name")
    if typed.get("date_of_birth"):
        checked.append("date_of_birth")
        if _as_date(typed["date_of_birth"]) != record.date_of_birth:
            mismatches.append("date_of_birth")
    if typed.get("address"):
        checked.append("address")
        if _fold(typed["address"]) not in {_fold(record.permanent_address), _fold(record.current_address)}:
            mismatches.append("address")
    return Check(found=True, mismatches=tuple(mismatches), record=record, checked=tuple(checked))
