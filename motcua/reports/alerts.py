"""What the risk scores set in motion: the daily digest to step holders and unit heads (through the
outbox, as every notification), and the apology (Mẫu 04) drafted one working day before a predicted
miss (DOMAIN.md §7 rule 7).

The draft is the *input* of the office's own extension command (`commands.ExtendInput`: the reason
and the new date): signing it runs `commands.run(Action.EXTEND, …)`, the same door as the office's
"Gia hạn, xin lỗi" button, so the checks, the audit event, the Mẫu 04 PDF and the applicant's
message come from there and nowhere else. Drafting writes only the reports' own `ApologyDraft` row
(one per dossier and promised time it would miss) and logs it; signing is the dossier's audit event.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.calendars.services import calendar_for, working_due
from motcua.dossiers import commands
from motcua.dossiers.audit import Actor
from motcua.dossiers.errors import invalid
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.states import Action
from motcua.dossiers.steps import HEADS, may_act_on_step
from motcua.integrations.notifiers import NotificationError
from motcua.integrations.services import enqueue_notification
from motcua.org.models import Role, Staff
from motcua.workcal import Unit

from .periods import REPORTING_ZONE
from .risk import ONE_WORKING_DAY, scores, threshold
from .risk_models import ApologyDraft, RiskScore

log = logging.getLogger(__name__)


def predicted_misses(minimum: float | None = None):
    """The open dossiers predicted to miss their promised time (probability ≥ the threshold)."""
    level = threshold() if minimum is None else minimum
    return RiskScore.objects.filter(scores(), probability__gte=Decimal(str(level))).select_related(
        "dossier__agency", "dossier__procedure_version", "step__agency", "step__unit", "step__assignee"
    )


# ---------------------------------------------------------------------------------------------
# The apology draft


def _new_due(score: RiskScore) -> datetime:
    """The promised time plus the shortfall the model expects (its 80th percentile minus the time
    left), in whole working days, at least one (`calendars.services.working_due`)."""
    p80 = float(score.explanation.get("p80_hours", 0)) * 3600
    shortfall = max(p80 - score.left_seconds, 0)
    days = max(1, math.ceil(shortfall / ONE_WORKING_DAY.total_seconds()))
    return working_due(score.dossier.agency, score.dossier.due_at, days, Unit.WORKING_DAY)


def _reason(score: RiskScore) -> str:
    active = [s for s in score.explanation.get("steps", []) if s.get("active")]
    with translation.override("vi"):
        if active:
            return _("Hồ sơ cần thêm thời gian để hoàn thành bước “%(work)s”.") % {"work": active[0]["work"]}
        return _("Hồ sơ cần thêm thời gian để hoàn thành các bước xử lý còn lại.")


def draft_apologies(*, now: datetime) -> list[ApologyDraft]:
    """Draft Mẫu 04 for every dossier predicted to miss and due within one working day (workcal's
    time left), once per dossier and promised time; returns the drafts created now."""
    created = []
    for score in predicted_misses():
        dossier = score.dossier
        if dossier.due_at is None or dossier.due_at != score.due_at:
            continue  # the promise moved since the score was computed: wait for the next refresh
        left = calendar_for(dossier.agency).time_left(now, dossier.due_at)
        if not (timedelta(0) < left <= ONE_WORKING_DAY):
            continue
        if ApologyDraft.objects.filter(dossier=dossier, due_at=dossier.due_at).exists():
            continue
        try:
            with transaction.atomic():
                draft = ApologyDraft.objects.create(
                    dossier=dossier,
                    due_at=dossier.due_at,
                    probability=score.probability,
                    reason=_reason(score),
                    new_due=_new_due(score),
                    created_at=now,
                )
        except IntegrityError:  # a concurrent run drafted it
            continue
        log.info(
            "apology drafted: dossier %s, due %s, p=%s, new due %s",
            dossier.code,
            dossier.due_at.isoformat(),
            score.probability,
            draft.new_due.isoformat(),
        )
        created.append(draft)
    return created


class DraftSigned(Exception):
    pass


def sign_apology(*, draft: ApologyDraft, staff: Staff, reason: str, new_due: datetime, now: datetime):
    """The step owner signs the draft (as drafted or corrected): the extension command runs with it,
    and the draft records the event it produced. One transaction; a signed draft is not signed again."""
    with transaction.atomic():
        draft = ApologyDraft.objects.select_for_update().select_related("dossier").get(pk=draft.pk)
        if draft.event_id is not None:
            raise invalid("draft", "apology_signed", _("Văn bản xin lỗi này đã được ký."))
        actor = Actor.officer(staff)
        dossier = commands.run(
            Action.EXTEND,
            dossier=draft.dossier,
            actor=actor,
            data=commands.ExtendInput(reason=reason, new_due=new_due),
            now=now,
        )
        event = (
            DossierEvent.objects.filter(dossier=dossier, action=Action.EXTEND).order_by("-at", "-pk").first()
        )
        draft.event, draft.signed_at, draft.signed_by = event, now, staff.user
        draft.reason, draft.new_due = reason, new_due
        draft.save(update_fields=["event", "signed_at", "signed_by", "reason", "new_due"])
    return draft


def draft_of(dossier):
    """The unsigned draft of this dossier, for its own page (whose view has already checked that the
    user may see it), or None."""
    return ApologyDraft.objects.filter(dossier=dossier, event__isnull=True).order_by("due_at", "pk").first()


def drafts_for(user):
    """The unsigned drafts of dossiers `user` may see (`access.visible_dossiers`)."""
    from motcua.dossiers.access import visible_dossiers

    return (
        ApologyDraft.objects.filter(event__isnull=True, dossier__in=visible_dossiers(user).values("pk"))
        .select_related("dossier__procedure_version")
        .order_by("due_at", "pk")
    )


# ---------------------------------------------------------------------------------------------
# The daily digest


def _holders(step, officers: list[Staff]) -> list[Staff]:
    """Whose the step is (`steps.may_act_on_step`, the one rule) among the officers of its place."""
    if step.assignee_id is not None:
        return [step.assignee]
    return [s for s in officers if may_act_on_step(s, step, {r.role for r in s.roles.all()})]


def _heads(step, officers: list[Staff]) -> list[Staff]:
    """The unit's heads when the step names a unit, else the heads (unit heads, leaders) of its agency."""
    out = []
    for s in officers:
        roles = {r.role for r in s.roles.all()}
        if step.unit_id is not None:
            if Role.UNIT_HEAD in roles and step.unit_id in (s.unit_id, s.agency_id):
                out.append(s)
        elif roles & HEADS and s.agency_id == step.agency_id:
            out.append(s)
    return out


def digest_recipients() -> dict[Staff, list[RiskScore]]:
    """{officer: the at-risk dossiers they hold or head}, for the step each dossier waits on."""
    rows = [r for r in predicted_misses() if r.step_id is not None]
    places = {p for r in rows for p in (r.step.agency_id, r.step.unit_id) if p is not None}
    officers = list(
        Staff.objects.filter(agency_id__in=places).select_related("user").prefetch_related("roles")
    ) + list(Staff.objects.filter(unit_id__in=places).select_related("user").prefetch_related("roles"))
    unique = {s.pk: s for s in officers}
    by_place: dict[int, list[Staff]] = defaultdict(list)
    for s in unique.values():
        for place in {s.agency_id, s.unit_id} - {None}:
            by_place[place].append(s)
    out: dict[Staff, list[RiskScore]] = defaultdict(list)
    for r in rows:
        here = {s.pk: s for p in (r.step.agency_id, r.step.unit_id) if p for s in by_place.get(p, [])}
        people = {
            s.pk: s for s in (*_holders(r.step, list(here.values())), *_heads(r.step, list(here.values())))
        }
        for s in people.values():
            out[s].append(r)
    return dict(out)


def send_digest(*, now: datetime) -> int:
    """One e-mail per officer and day (the outbox's key makes a rerun send nothing more)."""
    sent = 0
    day = now.date().isoformat()
    for staff, rows in digest_recipients().items():
        email = staff.user.email if staff.user_id else ""
        if not email:
            continue
        rows = sorted(rows, key=lambda r: (-r.probability, r.due_at))
        with translation.override("vi"):
            subject = _("Hồ sơ có nguy cơ trễ hạn: %(count)s") % {"count": len(rows)}
            lines = [
                _("%(code)s — %(procedure)s — hẹn trả %(due)s — xác suất trễ %(p)s%%")
                % {
                    "code": r.dossier.code,
                    "procedure": r.dossier.procedure_version.name[:80],
                    "due": f"{r.due_at.astimezone(REPORTING_ZONE):%d/%m/%Y %H:%M}",
                    "p": int(r.probability * 100),
                }
                for r in rows
            ]
        try:
            enqueue_notification(
                channel="email",
                recipient=email,
                subject=subject,
                body="\n".join(lines),
                key=f"risk-digest:{day}:{staff.pk}",
                now=now,
            )
            sent += 1
        except NotificationError as error:
            log.warning("risk digest to %s not queued: %s", staff.pk, error)
    return sent
