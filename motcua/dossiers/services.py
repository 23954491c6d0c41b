"""The only writers of dossiers: one function per use case, one transaction each, the audit event
written in the same transaction, the transition checked on the locked row.

Each function takes `now` explicitly, so tests and bulk generators control time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.calendars.services import calendar_for
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import ProcedureVersion, TimeUnit, VersionState
from motcua.core.identity import validate_personal_id, validate_tax_code
from motcua.org.models import Agency, Role, Staff
from motcua.workcal import Unit

from . import applicants, transitions
from .codes import next_dossier_code
from .models import (
    Applicant,
    ApplicantKind,
    Dossier,
    DossierEvent,
    DossierPaper,
    DossierPause,
    PaperSource,
    PauseKind,
    ResultChannel,
)
from .selectors import supplement_request_items
from .states import PAUSED_STATES, Action, Channel, State


@dataclass(frozen=True)
class Actor:
    """Who acts: an officer (with the roles they hold) or the applicant themselves."""

    label: str
    roles: frozenset[str]
    user: object | None = None
    staff: Staff | None = None

    @classmethod
    def officer(cls, staff: Staff) -> Actor:
        return cls(
            label=staff.full_name,
            roles=frozenset(r.role for r in staff.roles.all()),
            user=staff.user,
            staff=staff,
        )

    @classmethod
    def applicant(cls, user=None, label: str = "") -> Actor:
        return cls(label=label or _("Người nộp hồ sơ"), roles=frozenset({transitions.APPLICANT}), user=user)


@dataclass
class ApplicantData:
    kind: str
    full_name: str
    id_number: str = ""
    date_of_birth: date | None = None
    organisation: str = ""
    tax_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


#: The paper kinds (national `LoaiBan`: 0 original, 1 copy, 2 electronic).
PAPER_KINDS = ("original", "copy", "electronic")


@dataclass
class PaperData:
    name: str
    kind: str
    count: int = 1
    source: str = PaperSource.PAPER
    requirement_id: int | None = None
    file: object | None = None


@dataclass
class Intake:
    """What an intake (at the desk, by post or online) hands over."""

    version: ProcedureVersion
    agency: Agency
    applicant: ApplicantData
    papers: Sequence[PaperData] = field(default_factory=list)
    channel: int = Channel.DESK
    postal_item_number: str = ""


# ---------------------------------------------------------------------------------------------
# Checks shared by every intake


def _clean_applicant(data: ApplicantData) -> ApplicantData:
    errors: dict[str, list[str]] = {}
    if not data.full_name.strip():
        errors["full_name"] = [_("Nhập họ và tên người nộp hồ sơ.")]
    if data.kind == ApplicantKind.CITIZEN or data.id_number:
        try:
            data.id_number = validate_personal_id(data.id_number, date_of_birth=data.date_of_birth)
        except ValidationError as error:
            errors["id_number"] = error.messages
    if data.kind not in ApplicantKind.values:
        errors["kind"] = [_("Loại đối tượng không hợp lệ.")]
    elif data.kind != ApplicantKind.CITIZEN:
        if not data.organisation.strip():
            errors["organisation"] = [_("Nhập tên tổ chức, hộ kinh doanh.")]
        if data.kind == ApplicantKind.ENTERPRISE or data.tax_code:
            try:
                data.tax_code = validate_tax_code(data.tax_code)
            except ValidationError as error:
                errors["tax_code"] = error.messages
    if errors:
        raise ValidationError(errors)
    return data


def _check_procedure(intake: Intake) -> None:
    version = intake.version
    if version.state != VersionState.PUBLISHED:
        raise ValidationError(
            {
                "procedure": [
                    _("Thủ tục “%(name)s” chưa được công bố hoặc đã hết hiệu lực.") % {"name": version.name}
                ]
            }
        )
    if not catalog_selectors.implemented_by(version, intake.agency):
        raise ValidationError(
            {
                "agency": [
                    _("%(agency)s không có thẩm quyền giải quyết thủ tục “%(name)s”.")
                    % {"agency": intake.agency.name, "name": version.name}
                ]
            }
        )


def _check_papers(intake: Intake) -> None:
    """Every mandatory paper of the procedure must be handed over (cases are not mandatory for all)."""
    given = {p.requirement_id for p in intake.papers if p.requirement_id}
    missing = [r.name for r in intake.version.requirements.all() if r.mandatory and r.pk not in given]
    if missing:
        raise ValidationError(
            {"papers": [_("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": n} for n in missing]}
        )
    for paper in intake.papers:
        if paper.count < 1:
            raise ValidationError(
                {"papers": [_("Số lượng “%(name)s” phải từ 1 trở lên.") % {"name": paper.name}]}
            )


def _check_officer_serves(staff: Staff, agency: Agency) -> None:
    if staff.agency_id == agency.pk:
        return
    if staff.desk_id and staff.desk.agencies.filter(pk=agency.pk).exists():
        return
    raise ValidationError(
        {"agency": [_("Bạn không tiếp nhận hồ sơ cho %(agency)s.") % {"agency": agency.name}]}
    )


def promised_time(*, version: ProcedureVersion, agency: Agency, received_at: datetime) -> datetime:
    """The legal return time of a dossier received at `received_at` (before any pause)."""
    if version.time_unit == TimeUnit.SAME_DAY:
        return calendar_for(agency).due(received_at, 0, Unit.SAME_DAY)
    if version.time_amount is None or not version.time_unit:
        raise ValidationError(
            {
                "procedure": [
                    _("Thủ tục “%(name)s” chưa có thời hạn giải quyết trong danh mục.")
                    % {"name": version.name}
                ]
            }
        )
    # Half days are published too (e.g. 0,5 ngày làm việc): step_due counts them in working hours.
    return step_due(agency, received_at, version.time_amount, version.time_unit)


# ---------------------------------------------------------------------------------------------
# Writing


def _record(
    dossier: Dossier, actor: Actor, action: str, *, at: datetime, from_state, reason="", **data
) -> DossierEvent:
    return DossierEvent.objects.create(
        dossier=dossier,
        at=at,
        actor=actor.user,
        actor_label=actor.label,
        action=action,
        from_state=from_state,
        to_state=dossier.state,
        reason=reason,
        data=data,
    )


def _create(
    intake: Intake,
    *,
    applicant: Applicant,
    state: State,
    now: datetime,
    idempotency_key=None,
    received_by=None,
    due=None,
) -> Dossier:
    """Insert the dossier (received already when `received_by` is given) and its papers.

    Issue 8 (identity): `applicant` is the shared record found or created by `applicants.py`; what
    the intake gave is kept on the dossier (`applicant_details`), never written to the record."""
    dossier = Dossier.objects.create(
        code=next_dossier_code(agency=intake.agency, received_at=now),
        procedure_version=intake.version,
        agency=intake.agency,
        applicant=applicant,
        applicant_details=applicants.details_of(intake.applicant),  # issue 8: as given, per dossier
        channel=intake.channel,
        state=state,
        submitted_at=now,
        received_at=now if received_by is not None else None,
        received_by=received_by,
        due_at=due,
        original_due_at=due,
        postal_item_number=intake.postal_item_number,
        idempotency_key=idempotency_key,
    )
    # Kept on the dossier (with their ids) for the caller's answer, which then reads nothing back.
    dossier.received_papers = DossierPaper.objects.bulk_create(
        DossierPaper(
            dossier=dossier,
            requirement_id=p.requirement_id,
            name=p.name,
            kind=p.kind,
            count=p.count,
            source=p.source,
            file=p.file or "",
        )
        for p in intake.papers
    )
    return dossier


def _validate_intake(intake: Intake) -> None:
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: _clean_applicant(intake.applicant),
        lambda: _check_procedure(intake),
        lambda: _check_papers(intake),
    ):
        try:
            check()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _keyed(idempotency_key: str | None) -> Dossier | None:
    """The dossier an earlier attempt with this (caller-scoped) idempotency key created."""
    if not idempotency_key:
        return None
    return Dossier.objects.filter(idempotency_key=idempotency_key).first()


def receive_at_desk(
    *, officer: Staff, intake: Intake, now: datetime, idempotency_key: str | None = None
) -> Dossier:
    """A complete dossier handed over at the desk or arriving by post: coded, promised, received (2).

    A desk client's retry with the same idempotency key (scoped to the officer by the caller) gets
    the dossier the first attempt created; two attempts racing each other meet on the key's unique
    index, and the loser's IntegrityError tells the caller to answer with the winner's dossier."""
    actor = Actor.officer(officer)
    if Role.DESK_OFFICER not in actor.roles:
        raise transitions.RoleNotAllowed(_("Chỉ công chức Bộ phận Một cửa được tiếp nhận hồ sơ."))
    existing = _keyed(idempotency_key)
    if existing is not None:
        return existing
    if intake.channel == Channel.POST and not intake.postal_item_number.strip():
        raise ValidationError(
            {"postal_item_number": [_("Nhập số hiệu bưu gửi của hồ sơ nhận qua bưu chính.")]}
        )
    _check_officer_serves(officer, intake.agency)
    _validate_intake(intake)
    due = promised_time(version=intake.version, agency=intake.agency, received_at=now)
    with transaction.atomic():
        # Issue 8: a known person's record is never rewritten by an intake (identity_mismatch).
        person = applicants.person_for_intake(intake.applicant, user=officer.user, label=actor.label, now=now)
        dossier = _create(
            intake,
            applicant=person,
            state=State.RECEIVED,
            now=now,
            received_by=officer.user,
            due=due,
            idempotency_key=idempotency_key or None,
        )
        event = _record(dossier, actor, Action.RECEIVE, at=now, from_state=None, due_at=due.isoformat())
        _after(dossier, event, transitions.TRANSITIONS[(State.SUBMITTED, Action.RECEIVE)])
    return dossier


def submit_online(*, intake: Intake, now: datetime, user=None, idempotency_key: str | None = None) -> Dossier:
    """An online submission (1): coded only once every mandatory paper is stored; a retry with the
    same idempotency key returns the dossier the first attempt created.

    Issue 8: `user` is the citizen account submitting, which submits only for the identity linked to
    it (`applicants.person_for_online`; the API refuses anonymous requests with 401). `user=None` is
    the dossier generator's simulated citizen: the person is found or created as at the desk."""
    existing = _keyed(idempotency_key)
    if existing is not None:
        return existing
    intake.channel = Channel.ONLINE
    _validate_intake(intake)
    actor = Actor.applicant(user, intake.applicant.full_name)
    with transaction.atomic():
        if user is not None:  # issue 8
            person = applicants.person_for_online(intake.applicant, user=user, now=now)
        else:
            person = applicants.person_for_intake(intake.applicant, label=actor.label, now=now)
        dossier = _create(
            intake, applicant=person, state=State.SUBMITTED, now=now, idempotency_key=idempotency_key or None
        )
        event = _record(dossier, actor, Action.SUBMIT, at=now, from_state=None)
        _after(dossier, event, None)
    return dossier


# ---------------------------------------------------------------------------------------------
# Transitions of an existing dossier


def _locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update().select_related("agency", "procedure_version").get(pk=dossier.pk)
    )


def _require(values: dict, rule: transitions.Rule) -> None:
    missing = {name: [_("Trường này là bắt buộc.")] for name in rule.requires if not values.get(name)}
    if missing:
        raise ValidationError(missing)


STEP_ACTIONS = frozenset({Action.COMPLETE_STEP, Action.RETURN_STEP, Action.TRANSFER, Action.ASSIGN_STEP})
#: Actions an officer of an agency holding an active step may take on a dossier it does not own.
HOLDER_ACTIONS = frozenset({Action.EXTEND, Action.REQUEST_SUPPLEMENT, Action.ATTACH_RESULT})


def _check_agency(dossier: Dossier, actor: Actor, action: Action, step) -> None:
    """The one place deciding whether an officer may act on this dossier (or this step of it).

    Officers act on their own agency's dossiers; on a step, the step rule decides
    (`steps.may_act_on_step`, or `steps.may_assign_step` to name its officer), which is how an
    agency holding an inter-agency step acts on a dossier received elsewhere; a few dossier actions
    are open to the holders of an active step too.
    """
    from . import steps

    staff = actor.staff
    if staff is None:
        return
    if step is not None:
        rule = steps.may_assign_step if action == Action.ASSIGN_STEP else steps.may_act_on_step
        if not rule(staff, step, actor.roles):
            raise transitions.RoleNotAllowed(_("Bạn không được giao bước xử lý này."))
        return
    if staff.agency_id == dossier.agency_id:
        return
    if action in HOLDER_ACTIONS and any(
        steps.may_act_on_step(staff, s, actor.roles)
        for s in dossier.steps.filter(state="active").select_related("agency")
    ):
        return
    raise transitions.RoleNotAllowed(_("Hồ sơ này không thuộc cơ quan của bạn."))


def _apply(
    dossier: Dossier,
    actor: Actor,
    action: Action,
    *,
    now: datetime,
    reason: str = "",
    step=None,
    **values,
) -> Dossier:
    """Lock, check, move to the rule's state, record; returns the fresh dossier."""
    from . import steps

    with transaction.atomic():
        dossier = _locked(dossier)
        rule = transitions.check(State(dossier.state), action, set(actor.roles))
        if action in STEP_ACTIONS:
            step = (
                steps.locked_step(dossier, step)
                if step is not None
                else steps.actors_active_step(dossier, actor)
            )
        _check_agency(dossier, actor, action, step)
        _require({"reason": reason, **values}, rule)
        before = dossier.state
        updated = ["state"]
        if rule.to in PAUSED_STATES:
            dossier.state_before_pause = before
            updated.append("state_before_pause")
            kind = PauseKind.SUPPLEMENT if rule.to == State.SUPPLEMENT_REQUESTED else PauseKind.FEES
            if before != State.SUBMITTED:  # the clock has not started for an unaccepted submission
                DossierPause.objects.create(dossier=dossier, kind=kind, started_at=now)
        if rule.to == transitions.RESUME:
            dossier.state = dossier.state_before_pause
            dossier.state_before_pause = None
            updated.append("state_before_pause")
            _end_pause(dossier, now, updated)
        else:
            dossier.state = rule.to
        if dossier.state in (State.REFUSED, State.STOPPED, State.WITHDRAWN, State.RESOLVED):
            dossier.finished_at = now
            updated.append("finished_at")
        extra = _effects(dossier, action, now=now, values=values, updated=updated, actor=actor, step=step)
        dossier.save(update_fields=updated)
        event = _record(dossier, actor, action, at=now, from_state=before, reason=reason, **extra)
        _after(dossier, event, rule)
    return dossier


def _after(dossier: Dossier, event: DossierEvent, rule: transitions.Rule | None) -> None:
    """What follows a recorded event, inside its transaction: notifications into the outbox, the
    legal form rendered after commit (see forms.py)."""
    from . import forms, notify, tasks

    messages = notify.on_event(dossier, event, schedule=False)
    tasks.after_commit(event, forms.form_for(event, rule.form if rule is not None else None), messages)


def _end_pause(dossier: Dossier, now: datetime, updated: list[str]) -> None:
    """Close the open pause and push the promised time back by the working time it lasted."""
    pause = DossierPause.objects.filter(dossier=dossier, ended_at__isnull=True).first()
    if pause is None:
        return
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    if dossier.state == State.PROCESSING:
        from . import steps

        steps.shift_active_steps(dossier, pause.started_at, now)
    if dossier.due_at is not None:
        calendar = calendar_for(dossier.agency)
        dossier.due_at = calendar.add_working_time(dossier.due_at, calendar.elapsed(pause.started_at, now))
        updated.append("due_at")


def _effects(
    dossier: Dossier,
    action: Action,
    *,
    now: datetime,
    values: dict,
    updated: list[str],
    actor: Actor | None = None,
    step=None,
) -> dict:
    """What an action changes besides the state; returns what the event records."""
    if action in STEP_ACTIONS or action == Action.START_PROCESSING:
        from . import steps

        return steps.effect(dossier, action, actor=actor, step=step, now=now, values=values)
    if action in (Action.ATTACH_RESULT, Action.RESOLVE):
        from . import results

        return results.effect(dossier, action, actor=actor, now=now, values=values)
    if action == Action.RECEIVE:
        dossier.received_at = now
        dossier.due_at = dossier.original_due_at = promised_time(
            version=dossier.procedure_version, agency=dossier.agency, received_at=now
        )
        updated += ["received_at", "due_at", "original_due_at"]
        return {"due_at": dossier.due_at.isoformat()}
    if action == Action.REQUEST_SUPPLEMENT:
        dossier.supplement_requests += 1
        updated.append("supplement_requests")
        # A second request is allowed but makes the dossier count as late in the national index.
        return {
            "reasons": list(values["reasons"]),
            "items": list(values.get("items", [])),
            "repeated": dossier.supplement_requests > 1,
            "number": dossier.supplement_requests,
        }
    if action == Action.SUPPLEMENT:
        return _store_supplement(dossier, values.get("papers") or [], actor=actor)
    if action == Action.EXTEND:
        new_due: datetime = values["new_due"]
        if dossier.due_at is not None and now > dossier.due_at:
            raise ValidationError({"new_due": [_("Phải gia hạn trước khi hết hạn giải quyết.")]})
        if dossier.due_at is not None and new_due <= dossier.due_at:
            raise ValidationError({"new_due": [_("Ngày hẹn mới phải sau ngày hẹn hiện tại.")]})
        old = dossier.due_at
        dossier.due_at = new_due
        updated.append("due_at")
        return {"old_due": old.isoformat() if old else None, "new_due": new_due.isoformat()}
    if action == Action.DELIVER:
        from . import results

        dossier.returned_at = now
        updated.append("returned_at")
        return results.deliver_effect(dossier, values=values, updated=updated)
    if action == Action.AWAIT_FEES:
        return {"fees": values["fees"]}
    return {}


def _store_supplement(dossier: Dossier, papers: Sequence[PaperData], *, actor: Actor | None) -> dict:
    """Check and store the papers of a supplement (inside `_apply`'s transaction, on the locked row);
    returns what the SUPPLEMENT event records."""
    number = dossier.supplement_requests or None
    online = actor is not None and actor.staff is None
    errors: list[str] = []
    items = supplement_request_items(dossier)
    if items and not papers:
        errors.append(
            _("Yêu cầu bổ sung đã nêu: %(items)s. Nhập ít nhất một giấy tờ người nộp mang đến bổ sung.")
            % {"items": "; ".join(str(i.get("what", "")) for i in items)}
        )
    requirements = {r.pk: r for r in dossier.procedure_version.requirements.all()} if papers else {}
    rows = []
    for paper in papers:
        requirement = None
        if paper.requirement_id is not None:
            requirement = requirements.get(paper.requirement_id)
            if requirement is None:
                errors.append(
                    _("Thành phần hồ sơ %(id)s không thuộc thủ tục của hồ sơ này.")
                    % {"id": paper.requirement_id}
                )
                continue
        name = (paper.name or "").strip() or (requirement.name if requirement else "")
        if not name:
            errors.append(_("Nhập tên giấy tờ bổ sung."))
            continue
        if paper.kind not in PAPER_KINDS:
            errors.append(_("Loại bản của “%(name)s” không hợp lệ.") % {"name": name})
        if paper.count < 1:
            errors.append(_("Số lượng “%(name)s” phải từ 1 trở lên.") % {"name": name})
        if online:
            source = PaperSource.UPLOADED
        elif paper.file and paper.source == PaperSource.PAPER:
            source = PaperSource.SCANNED
        else:
            source = paper.source
        rows.append(
            DossierPaper(
                dossier=dossier,
                requirement_id=paper.requirement_id,
                name=name,
                kind=paper.kind,
                count=paper.count,
                source=source,
                file=paper.file or "",
                supplement_number=number,
            )
        )
    if errors:
        raise ValidationError({"papers": errors})
    rows = DossierPaper.objects.bulk_create(rows)  # with their ids (RETURNING), for the event
    return {
        "number": number,
        "papers": [{"id": p.pk, "name": p.name, "kind": p.kind, "count": p.count} for p in rows],
    }


def accept_submission(*, dossier: Dossier, actor: Actor, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.RECEIVE, now=now)


def _supplement_items(reasons) -> list[dict]:
    """Each item of a supplement request: a text, a `(what, why)` pair or a `{"what", "reason"}` dict."""
    items = []
    for item in reasons:
        if isinstance(item, dict):
            what, why = str(item.get("what", "")).strip(), str(item.get("reason", "")).strip()
        elif isinstance(item, (tuple, list)):
            what, why = (str(x).strip() for x in item)
        else:
            what, why = str(item or "").strip(), ""
        if what:
            items.append({"what": what, "reason": why})
    return items


def request_supplement(*, dossier: Dossier, actor: Actor, reasons: Sequence, now: datetime) -> Dossier:
    """Every missing or wrong paper at once (Mẫu 02). `reasons`: texts, or (what, why) pairs / dicts
    so the form states the reason of each item."""
    items = _supplement_items(reasons)
    texts = [f"{i['what']}: {i['reason']}" if i["reason"] else i["what"] for i in items]
    return _apply(
        dossier,
        actor,
        Action.REQUEST_SUPPLEMENT,
        now=now,
        reasons=texts,
        items=items,
        reason="; ".join(texts),
    )


def supplement(*, dossier: Dossier, actor: Actor, now: datetime, papers: Sequence[PaperData] = ()) -> Dossier:
    """The applicant hands over what the last supplement request asked for: the pause ends, the
    papers are stored with the dossier (marked with the request's number) and listed in the event.

    At least one paper is required when that request listed items (every request made here does:
    each item is a paper to add or complete); a requirement must be one of the dossier's procedure
    version. Papers the applicant brings themselves are `uploaded`; that each carries its file is
    checked by the API, as at an online intake."""
    return _apply(dossier, actor, Action.SUPPLEMENT, now=now, papers=list(papers))


def refuse(*, dossier: Dossier, actor: Actor, reason: str, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.REFUSE, now=now, reason=reason.strip())


def start_processing(*, dossier: Dossier, actor: Actor, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.START_PROCESSING, now=now)


def await_fees(*, dossier: Dossier, actor: Actor, fees: Sequence[dict], now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.AWAIT_FEES, now=now, fees=list(fees))


def pay_fees(*, dossier: Dossier, actor: Actor, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.PAY_FEES, now=now)


def extend(*, dossier: Dossier, actor: Actor, reason: str, new_due: datetime, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.EXTEND, now=now, reason=reason.strip(), new_due=new_due)


def stop(*, dossier: Dossier, actor: Actor, reason: str, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.STOP, now=now, reason=reason.strip())


def withdraw(*, dossier: Dossier, actor: Actor, reason: str, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.WITHDRAW, now=now, reason=reason.strip())


def resolve(*, dossier: Dossier, actor: Actor, now: datetime) -> Dossier:
    return _apply(dossier, actor, Action.RESOLVE, now=now)


def deliver(
    *, dossier: Dossier, actor: Actor, received_by: str, now: datetime, channel: int = Channel.DESK
) -> Dossier:
    """Hand the result over. `channel` is a ResultChannel (1 desk, 2 electronic, 3 post; the values
    coincide with Channel's). Electronic delivery needs a signed result and sends the applicant a
    download link; `received_by` then defaults to the applicant's name."""
    received_by = (received_by or "").strip()
    if not received_by and int(channel) == ResultChannel.ELECTRONIC:
        received_by = dossier.contact.full_name  # issue 8: the name given on this dossier
    return _apply(dossier, actor, Action.DELIVER, now=now, received_by=received_by, channel=channel)


# The internal process and the result live in their own modules; re-exported so callers find every
# use case here.
from .results import attach_result  # noqa: E402
from .steps import assign_step, complete_step, return_step, step_due, transfer  # noqa: E402

__all__ = [
    "Actor",
    "ApplicantData",
    "Intake",
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
    "resolve",
    "return_step",
    "start_processing",
    "stop",
    "submit_online",
    "supplement",
    "transfer",
    "withdraw",
]
