"""Hand-built dossiers for the reports' tests (rows written directly, as the
statistics' own tests do: the figures are pinned on known rows)."""

import datetime as dt
import itertools

from motcua.dossiers.models import Applicant, Dossier, ResultChannel
from motcua.dossiers.states import Channel
from motcua.reports.periods import REPORTING_ZONE

_codes = itertools.count(1)


def at(day: int, hour: int = 9, month: int = 11, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=REPORTING_ZONE)


def default_applicant() -> Applicant:
    return Applicant.objects.get_or_create(
        id_number="001190012345", defaults={"kind": "0", "full_name": "Trần Thị Lan"}
    )[0]


def dossier(
    version,
    agency,
    state,
    *,
    received=None,
    due=None,
    finished=None,
    supplements=0,
    channel=Channel.DESK,
    returned_at_desk=True,
    applicant: Applicant | None = None,
) -> Dossier:
    return Dossier.objects.create(
        code=f"RD-{next(_codes)}",
        procedure_version=version,
        agency=agency,
        applicant=applicant or default_applicant(),
        channel=channel,
        state=state,
        submitted_at=received or finished or at(1),
        received_at=received,
        due_at=due,
        finished_at=finished,
        supplement_requests=supplements,
        return_channel=ResultChannel.DESK if returned_at_desk else ResultChannel.ELECTRONIC,
        applicant_details={"name": "Trần Thị Lan", "id_number": "001190012345"},
    )
