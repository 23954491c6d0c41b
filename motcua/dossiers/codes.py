"""Dossier codes (mã số hồ sơ): `<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018 art. 19).

The format is the dated rule "dossier_code.format" (motcua.core.law, docs/law/README.md), judged
by the local received day: a `str.format` pattern over `agency` (the agency's electronic code),
`date` and `seq`. Circular 03/2025 re-regulates the code, so for dossiers its rule covers (from
1/7/2025) the deployment may set MOTCUA_DOSSIER_CODE_FORMAT; a 2018-rule dossier keeps the 2018
format whatever the setting says, so re-issuing or checking an old code never changes its shape.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from motcua.core import law
from motcua.org.models import Agency

from .models import DossierCodeCounter

DEFAULT_FORMAT = law.CODE_FORMAT_2018


def next_dossier_code(*, agency: Agency, received_at: datetime) -> str:
    """The next code of `agency`'s daily sequence for the local day of `received_at`.

    Must run inside the transaction that stores the dossier: the counter row stays locked until that
    transaction ends, and a rollback returns the number, so no code is skipped or given twice.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code must run inside the intake transaction")
    day = received_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    seq = _increment(agency.pk, day)
    return code_format_on(day).format(agency=agency.code, date=day, seq=seq)


def code_format_on(day: date) -> str:
    """The code pattern of the rule in force on the local day `day`, or the deployment's own where
    that rule lets the province choose."""
    rule = law.in_force("dossier_code.format", day)
    override = getattr(settings, "MOTCUA_DOSSIER_CODE_FORMAT", None)
    return override if override and rule.province_may_override else rule.value


def _increment(agency_id: int, day: date) -> int:
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
