"""Dossier codes (mã số hồ sơ): `<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018 art. 19).

Circular 03/2025 re-regulates the code, so the format is the setting MOTCUA_DOSSIER_CODE_FORMAT,
a `str.format` pattern over `agency` (the agency's electronic code), `date` and `seq`.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from .models import DossierCodeCounter

DEFAULT_FORMAT = "{agency}-{date:%y%m%d}-{seq:04d}"


def next_dossier_code(*, agency, received_at: datetime) -> str:
    """The next code of `agency`'s daily sequence for the local day of `received_at`.

    Must run inside the transaction that stores the dossier: the counter row stays locked until that
    transaction ends, and a rollback returns the number, so no code is skipped or given twice.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code must run inside the intake transaction")
    day = received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    seq = _increment(agency.pk, day)
    pattern = getattr(settings, "MOTCUA_DOSSIER_CODE_FORMAT", DEFAULT_FORMAT)
    return pattern.format(agency=agency.code, date=day, seq=seq)


def _increment(agency_id: int, day) -> int:
    """Take the day's next number in one statement: the upsert creates the day's row or bumps it and
    keeps it locked until the intake commits (a parallel intake waits on it, even on the first one).
    PostgreSQL and SQLite 3.35+ both speak INSERT … ON CONFLICT … RETURNING."""
    table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency_id, day],
        )
        return cursor.fetchone()[0]


def normalise(code: str) -> str:
    """A dossier code as typed or scanned by a citizen (spaces around, lower case) → as stored."""
    return (code or "").strip().upper()
