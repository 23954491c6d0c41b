"""The only writers of dossiers, in one place for callers: intake (`intake.py`: creating a
dossier at the desk, by post or online) and the life of a dossier (`lifecycle.py`: every
transition, the internal process, the result). Each use case is one function, one transaction,
the audit event written in the same transaction, the transition checked on the locked row.

Screens do not pick from here by name: they go through `commands.COMMANDS`, the one table of use
cases with their inputs, checks and offers. Each function takes `now` explicitly, so tests and
bulk generators control time.
"""

from __future__ import annotations

from .audit import Actor
from .intake import (
    PAPER_KINDS,
    ApplicantData,
    Intake,
    MachineSubmission,
    PaperData,
    promised_time,
    require_desk_officer,
    submit_online,
)
from .lifecycle import (
    HOLDER_ACTIONS,
    STEP_ACTIONS,
    accept_submission,
    assign_step,
    attach_result,
    await_fees,
    complete_step,
    deliver,
    extend,
    pay_fees,
    receive_at_desk,
    refuse,
    request_supplement,
    resolve,
    return_step,
    start_processing,
    stop,
    supplement,
    transfer,
    withdraw,
)
from .steps import step_due

__all__ = [
    "HOLDER_ACTIONS",
    "PAPER_KINDS",
    "STEP_ACTIONS",
    "Actor",
    "ApplicantData",
    "Intake",
    "MachineSubmission",
    "PaperData",
    "accept_submission",
    "assign_step",
    "attach_result",
    "await_fees",
    "complete_step",
    "deliver",
    "extend",
    "pay_fees",
    "promised_time",
    "receive_at_desk",
    "refuse",
    "request_supplement",
    "require_desk_officer",
    "resolve",
    "return_step",
    "start_processing",
    "step_due",
    "stop",
    "submit_online",
    "supplement",
    "transfer",
    "withdraw",
]
