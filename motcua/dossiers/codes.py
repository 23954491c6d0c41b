"""Dossier codes (mã số hồ sơ): `<agency code>-<YYMMDD>-<NNNN>` (Circular 01/2018 art. 19).

Circular 03/2025 re-regulates the code, so the format is the setting MOTCUA_DOSSIER_CODE_FORMAT,
a `str.format` pattern over `agency` (the agency's electronic code), `date` and `seq`.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction

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
    counter = _locked_counter(agency, day)
    counter.last += 1
    counter.save(update_fields=["last"])
    pattern = getattr(settings, "MOTCUA_DOSSIER_CODE_FORMAT", DEFAULT_FORMAT)
    return pattern.format(agency=agency.code, date=day, seq=counter.last)


def _locked_counter(agency, day) -> DossierCodeCounter:
    counters = DossierCodeCounter.objects.select_for_update()
    try:
        return counters.get(agency=agency, day=day)
    except DossierCodeCounter.DoesNotExist:
        pass
    try:
        # The day's first intake creates the row; a concurrent first intake waits on the unique index
        # and, once this one commits, finds the row instead.
        with transaction.atomic():
            return DossierCodeCounter.objects.create(agency=agency, day=day)
    except IntegrityError:
        return counters.get(agency=agency, day=day)
