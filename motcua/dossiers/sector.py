"""Hand a dossier to a ministry's sector system (issue 13): the civil-status system registers the
birth, the business registry the company; MotCua keeps the dossier, its clock and its return.

Which system: the dossier's process says so (a step's `sector_system`, copied from the catalog's
process step). The hand-off happens

- when that step starts (`hand_off_started`, called by `lifecycle.apply` inside the transition that
  starts it: the same transaction, recorded in that transition's event), or
- by an officer's act on the office dossier page (`hand_to_sector`: its own audited event), e.g.
  again after the system refused and the officer corrected the dossier.

Either way the record (`integrations.sector.record`, checked against its schema) goes into the outbox
(`integrations.dispatch.enqueue`) in the business transaction, so nothing leaves if it rolls back
and a partner outage never blocks the officer. What comes back is `sector_callbacks`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.integrations.dispatch import selectors as dispatch_selectors
from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.sector import config, record

from . import access, audit, transitions
from .audit import Actor
from .errors import ErrorCode, invalid
from .models import Dossier, DossierStep, SectorHandoff, StepState
from .states import Action, State

TOPIC = "sector.dossier"


def callback_url(system: str) -> str:
    return reverse("sector-callback", kwargs={"system": system})


def record_for(dossier: Dossier, system: config.SectorSystem, reference: str) -> dict:
    """The record the sector system receives (schemas/sector-dossier.schema.json); the applicant as
    given for this dossier (`Dossier.contact`), as its forms print it."""
    applicant = dossier.contact
    version = dossier.procedure_version
    return {
        "schema": record.SCHEMA_ID,
        "reference": reference,
        "system": system.code,
        "dossier_code": dossier.code,
        "procedure": {"code": version.procedure.code, "name": version.name[:500]},
        "agency": {"code": dossier.agency.code, "name": dossier.agency.name},
        "received_at": dossier.received_at.isoformat() if dossier.received_at else None,
        "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
        "applicant": {
            "kind": applicant.kind,
            "full_name": applicant.full_name,
            "id_number": applicant.id_number,
            "date_of_birth": applicant.date_of_birth.isoformat() if applicant.date_of_birth else None,
            "organisation": applicant.organisation,
            "tax_code": applicant.tax_code,
            "address": applicant.address,
        },
        "papers": [
            {"name": p.name[:500], "kind": p.kind, "count": p.count} for p in dossier.papers.order_by("pk")
        ],
        "callback_url": callback_url(system.code),
    }


def _queue(
    dossier: Dossier, system: config.SectorSystem, *, step: DossierStep | None, now: datetime
) -> SectorHandoff:
    """Record the hand-off and its outbox record (inside the caller's transaction, dossier locked)."""
    last = SectorHandoff.objects.filter(dossier=dossier, system=system.code).aggregate(m=Max("attempt"))["m"]
    attempt = (last or 0) + 1
    reference = f"sector:{system.code}:{dossier.code}:{attempt}"
    payload = record_for(dossier, system, reference)
    problems = record.errors(payload)
    if problems:  # our own record: a dossier the schema cannot carry (say so, send nothing)
        raise invalid(
            "dossier",
            ErrorCode.SECTOR_RECORD_INVALID,
            _("Hồ sơ chưa đủ thông tin để chuyển hệ thống ngành: %(problems)s")
            % {"problems": "; ".join(problems)},
        )
    handoff = SectorHandoff.objects.create(
        dossier=dossier,
        system=system.code,
        attempt=attempt,
        reference=reference,
        step=step,
        created_at=now,
        updated_at=now,
    )
    dispatch.enqueue(
        partner=system.partner, stream=dossier.code, topic=TOPIC, payload=payload, key=reference, now=now
    )
    return handoff


def _in_hand(dossier: Dossier, system: str) -> bool:
    """A hand-off to `system` that is on its way, received or resolved: no second one."""
    return (
        SectorHandoff.objects.filter(dossier=dossier, system=system)
        .exclude(status=SectorHandoff.Status.REFUSED)
        .exists()
    )


def hand_off_started(dossier: Dossier, started: Iterable[DossierStep], *, now: datetime) -> list[dict]:
    """Hand the dossier to the system each just-started step names, unless a hand-off to it is in
    hand. Called inside the transition that started them (dossier locked); returns what its event
    records."""
    handed = []
    for step in started:
        system = config.system(step.sector_system)
        if system is None or _in_hand(dossier, system.code):
            continue  # an unknown code is shown on the page (sector_system_of), not a failed transition
        try:
            with transaction.atomic():
                handoff = _queue(dossier, system, step=step, now=now)
        except ValidationError as error:
            # The officer's transition goes on; the page still offers the hand-off, whose act says why.
            handed.append({"system": system.code, "step": step.pk, "error": "; ".join(error.messages)})
            continue
        handed.append({"system": system.code, "reference": handoff.reference, "step": step.pk})
    return handed


def sector_system_of(dossier: Dossier) -> str:
    """The sector system the dossier's process names ("" when none)."""
    return (
        DossierStep.objects.filter(dossier=dossier)
        .exclude(sector_system="")
        .order_by("order", "pk")
        .values_list("sector_system", flat=True)
        .first()
        or ""
    )


def hand_to_sector(*, dossier: Dossier, actor: Actor, now: datetime) -> SectorHandoff:
    """An officer hands the dossier to its sector system (the one its process names): while it is
    processed, by a handler of its agency or of an active step, when no hand-off is in hand."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update()
            .select_related("agency", "procedure_version")
            .get(pk=dossier.pk)
        )
        now = audit.stamp(dossier, now)
        # The rule of an inter-agency act: state PROCESSING, the handlers' roles.
        transitions.check(State(dossier.state), Action.TRANSFER, set(actor.roles))
        access.require_act(actor, dossier, Action.TRANSFER)
        code = sector_system_of(dossier)
        system = config.system(code) if code else None
        if system is None:
            raise invalid(
                "system",
                ErrorCode.SECTOR_NONE,
                _(
                    "Quy trình của hồ sơ này không chuyển hệ thống ngành nào (hoặc hệ thống “%(code)s” chưa được cấu hình)."
                )
                % {"code": code},
            )
        if _in_hand(dossier, system.code):
            raise invalid(
                "system",
                ErrorCode.SECTOR_HANDOFF_OPEN,
                _("Hồ sơ đã được chuyển %(system)s; chỉ chuyển lại khi hệ thống ngành từ chối.")
                % {"system": system.name},
            )
        step = DossierStep.objects.filter(
            dossier=dossier, state=StepState.ACTIVE, sector_system=system.code
        ).first()
        handoff = _queue(dossier, system, step=step, now=now)
        event = audit.record(
            dossier,
            actor,
            Action.SECTOR_HANDOFF,
            at=now,
            from_state=dossier.state,
            system=system.code,
            reference=handoff.reference,
            attempt=handoff.attempt,
        )
        audit.after(dossier, event, None)
    return handoff


def handoffs_of(dossier: Dossier) -> list[dict]:
    """What the dossier's page shows: each hand-off, its system's name, its outbox record's state
    (pending, sent, acknowledged, failed with the partner's message)."""
    rows = list(SectorHandoff.objects.filter(dossier=dossier).order_by("created_at", "pk"))
    deliveries = dispatch_selectors.by_keys(h.reference for h in rows)
    out = []
    for handoff in rows:
        system = config.system(handoff.system)
        out.append(
            {
                "handoff": handoff,
                "system_name": system.name if system else handoff.system,
                "delivery": deliveries.get(handoff.reference),
            }
        )
    return out


def may_hand_off(
    actor: Actor, dossier: Dossier, *, code: str | None = None, handoffs: list[dict] | None = None
) -> bool:
    """Whether the office page offers the hand-off button (the command checks the same again);
    `code` and `handoffs`: what the page has read already (sector_system_of, handoffs_of)."""
    try:
        transitions.check(State(dossier.state), Action.TRANSFER, set(actor.roles))
        access.require_act(actor, dossier, Action.TRANSFER)
    except (transitions.TransitionNotAllowed, transitions.RoleNotAllowed):
        return False
    code = sector_system_of(dossier) if code is None else code
    if not code or config.system(code) is None:
        return False
    if handoffs is None:
        return not _in_hand(dossier, code)
    return not any(
        row["handoff"].system == code and row["handoff"].status != SectorHandoff.Status.REFUSED
        for row in handoffs
    )
