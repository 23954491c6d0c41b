"""What a sector system sends back (issue 13), by a signed callback:

    POST /api/v1/sector-systems/<system>/callback/
    X-Timestamp, X-Signature: HMAC-SHA256(system secret, "<timestamp>." + body)
    {"event": "received" | "resolved" | "refused", "system", "reference", "dossier_code",
     "external_code", "message", "at", "result": {"name", "content_type", "content_base64"}}

- received: the system's code for the dossier becomes its alias (`DossierExternalCode`), the
  outbox record is acknowledged, the dossier's log says so.
- resolved: the result document is attached through `lifecycle.attach_result` (unsigned: the
  leader's approval signs it, the normal path) and the sector step is completed through
  `lifecycle.complete_step`, both audited, the sector system as the actor.
- refused: the hand-off is marked refused with the system's reason, in the dossier's log and on
  its page; the officer decides (correct and hand over again, return, stop).

Refused and logged (`SectorCallback`): a wrong signature (401), a timestamp out of the window
(401), a signature already accepted (409, a replay), a reference that names no hand-off of this
dossier (404), a body that is not a callback (400). A repeated callback, signed afresh, changes
nothing the second time (200 "duplicate").
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.sector import config, signing
from motcua.org.models import Role

from . import audit, lifecycle
from .audit import Actor
from .models import Dossier, DossierExternalCode, DossierStep, SectorCallback, SectorHandoff, StepState
from .states import Action

logger = logging.getLogger("motcua.sector")
Outcome = SectorCallback.Outcome
Status = SectorHandoff.Status
EVENTS = ("received", "resolved", "refused")
#: The largest result document a callback may carry (base64 of 20 MB).
MAX_RESULT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    outcome: str
    message: str = ""


def system_actor(system: config.SectorSystem) -> Actor:
    """The sector system acting on the dossier: a handler of the step it was given."""
    return Actor(label=system.name, roles=frozenset({Role.SPECIALIST}))


def _parse(body: bytes) -> dict | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("event") not in EVENTS:
        return None
    for name, limit in (("reference", 200), ("dossier_code", 64), ("external_code", 40)):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
            return None
    if not isinstance(data.get("message", ""), str):
        return None
    return data


def _result_file(data: dict) -> tuple[str, bytes] | None:
    result = data.get("result")
    if not isinstance(result, dict) or not isinstance(result.get("content_base64"), str):
        return None
    encoded = result["content_base64"]
    if len(encoded) > MAX_RESULT_BYTES * 4 // 3 + 4:
        return None
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    name = str(result.get("name") or "ket-qua.pdf")[:100]
    return name, content


def handle(
    *, system: str, body: bytes, timestamp: str, signature: str, now: datetime | None = None
) -> Answer:
    """Verify and apply one callback; every call leaves one line in the log."""
    now = now or timezone.now()
    sector = config.system(system)
    signature = (signature or "").strip().lower()[:64]

    def log(outcome: str, detail: str = "", data: dict | None = None) -> None:
        SectorCallback.objects.create(
            system=system[:30],
            received_at=now,
            signature=signature,
            event=str((data or {}).get("event", ""))[:20],
            reference=str((data or {}).get("reference", ""))[:200],
            outcome=outcome,
            detail=detail[:2000],
        )
        if outcome not in (Outcome.ACCEPTED, Outcome.DUPLICATE):
            logger.warning("sector callback from %s refused: %s %s", system[:30], outcome, detail[:200])

    if sector is None:
        logger.warning("sector callback for an unknown system %r", system[:30])
        return Answer(404, "unknown_system")
    try:
        signing.verify(body, secret=sector.secret, timestamp=timestamp, given=signature, now=now)
    except signing.Refused as refused:
        log(refused.reason)
        return Answer(401, refused.reason)
    if SectorCallback.objects.filter(
        system=sector.code, signature=signature, outcome__in=[Outcome.ACCEPTED, Outcome.DUPLICATE]
    ).exists():
        log(Outcome.REPLAYED, "signature already accepted")
        return Answer(409, Outcome.REPLAYED)
    data = _parse(body)
    if data is None:
        log(Outcome.INVALID, "not a callback")
        return Answer(400, Outcome.INVALID)
    try:
        with transaction.atomic():
            handoff = (
                SectorHandoff.objects.select_for_update()
                .select_related("dossier")
                .filter(system=sector.code, reference=data["reference"])
                .first()
            )
            if handoff is None or handoff.dossier.code != data["dossier_code"]:
                answer = Answer(404, Outcome.UNKNOWN)
            else:
                answer = _apply(sector, handoff, data, now)
    except (ValidationError, PermissionDenied, IntegrityError) as error:
        # The dossier cannot take it now (stopped, withdrawn; a code another dossier holds): refused,
        # the transaction rolled back, the system is told why.
        message = "; ".join(getattr(error, "messages", [str(error)]))
        log(Outcome.INVALID, message, data)
        return Answer(409, Outcome.INVALID, message)
    log(answer.outcome, answer.message, data)
    return answer


def _alias(handoff: SectorHandoff, code: str, now: datetime) -> None:
    alias, created = DossierExternalCode.objects.get_or_create(
        system=handoff.system, code=code, defaults={"dossier": handoff.dossier, "recorded_at": now}
    )
    if not created and alias.dossier_id != handoff.dossier_id:
        raise ValidationError(f"external code {code} belongs to another dossier")
    if handoff.external_code != code:
        handoff.external_code = code


def _note(
    dossier: Dossier,
    sector: config.SectorSystem,
    action: Action,
    now: datetime,
    reason: str = "",
    **data: object,
) -> None:
    """A hand-off event in the dossier's log (no change of state), the system as the actor."""
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    at = audit.stamp(locked, now)
    event = audit.record(
        locked, system_actor(sector), action, at=at, from_state=locked.state, reason=reason, **data
    )
    audit.after(locked, event, None)


def _apply(sector: config.SectorSystem, handoff: SectorHandoff, data: dict, now: datetime) -> Answer:
    event, code, message = data["event"], data["external_code"].strip(), data.get("message", "")[:2000]
    dossier = handoff.dossier
    if handoff.status in (Status.RESOLVED, Status.REFUSED) or (
        event == "received" and handoff.status == Status.RECEIVED
    ):
        return Answer(200, Outcome.DUPLICATE)  # the system said it before: nothing changes twice
    _alias(handoff, code, now)
    dispatch.acknowledge(
        partner=sector.partner, key=handoff.reference, partner_ref=code, message=message, now=now
    )
    if event == "received":
        handoff.status = Status.RECEIVED
        _note(dossier, sector, Action.SECTOR_RECEIVED, now, system=sector.code, external_code=code)
    elif event == "refused":
        handoff.status, handoff.message = Status.REFUSED, message
        _note(
            dossier,
            sector,
            Action.SECTOR_REFUSED,
            now,
            reason=message,
            system=sector.code,
            external_code=code,
        )
    else:
        file = _result_file(data)
        if file is None:
            raise ValidationError("a resolved callback carries its result document")
        actor = system_actor(sector)
        lifecycle.attach_result(dossier=dossier, actor=actor, file=file, sign=False, now=now)
        step = handoff.step
        if step is not None:
            step = DossierStep.objects.filter(pk=step.pk, state=StepState.ACTIVE).first()
        if step is not None:
            note = f"{sector.name}: {code}" + (f" — {message}" if message else "")
            lifecycle.complete_step(dossier=dossier, actor=actor, step=step, note=note[:1000], now=now)
        handoff.status, handoff.message = Status.RESOLVED, message
    handoff.updated_at = now
    handoff.save(update_fields=["status", "message", "external_code", "updated_at"])
    return Answer(200, Outcome.ACCEPTED)
