"""The life of a received dossier: every transition, one function per use case, one transaction
each, on the locked row, the audit event stamped inside the lock (`audit.stamp`).

`apply` is the one internal door (steps and results provide the effects, they do not call back);
the use-case functions below are what `commands` and the screens call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.calendars.services import calendar_for
from motcua.catalog.models import TimeUnit
from motcua.org.models import Agency, Staff

from . import access, audit, results, sector, steps, transitions
from . import intake as intake_command
from .audit import Actor
from .errors import ErrorCode, invalid
from .intake import PAPER_KINDS, PaperData, check_upload, promised_time
from .models import (
    Dossier,
    DossierDocument,
    DossierPaper,
    DossierPause,
    DossierStep,
    PaperSource,
    PauseKind,
    ResultChannel,
)
from .results import ResultFile
from .selectors import supplement_request_items
from .states import FINISHED_STATES, PAUSED_STATES, Action, Channel, State

STEP_ACTIONS, HOLDER_ACTIONS = access.STEP_ACTIONS, access.HOLDER_ACTIONS

#: The transitions that start steps (a step naming a sector system hands the dossier over).
SECTOR_STARTERS = frozenset(
    {Action.START_PROCESSING, Action.COMPLETE_STEP, Action.RETURN_STEP, Action.TRANSFER}
)
#: The largest fee a fee request names (10 000 billion đồng): beyond it, a typing error.
MAX_FEE_VND = 10**13
#: How far an extension may push the promised time (calendar days after the current one); the
#: decrees set no figure, so it is a setting (`MOTCUA_MAX_EXTENSION_DAYS`).
MAX_EXTENSION_DAYS = 365


def _locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update().select_related("agency", "procedure_version").get(pk=dossier.pk)
    )


def _require(values: dict, rule: transitions.Rule) -> None:
    missing = {
        name: [ValidationError(_("Trường này là bắt buộc."), code=str(ErrorCode.REQUIRED))]
        for name in rule.requires
        if not values.get(name)
    }
    if missing:
        raise ValidationError(missing)


def apply(
    dossier: Dossier,
    actor: Actor,
    action: Action,
    *,
    now: datetime,
    reason: str = "",
    step: DossierStep | int | None = None,
    **values: object,
) -> Dossier:
    """Lock, check, move to the rule's state, record; returns the fresh dossier. The one internal
    door of every transition of an existing dossier."""
    with transaction.atomic():
        dossier = _locked(dossier)
        now = audit.stamp(dossier, now)
        rule = transitions.check(State(dossier.state), action, set(actor.roles))
        held: DossierStep | None
        if action in STEP_ACTIONS:
            held = (
                steps.locked_step(dossier, step)
                if step is not None
                else steps.actors_active_step(dossier, actor)
            )
        else:
            held = step if isinstance(step, DossierStep) else None
        access.require_act(actor, dossier, action, held)
        _require({"reason": reason, **values}, rule)
        before = dossier.state
        updated = ["state"]
        if rule.to in PAUSED_STATES:
            dossier.state_before_pause = before
            updated.append("state_before_pause")
            if rule.pauses_clock:  # not for an unaccepted submission: its clock has not started
                kind = PauseKind.SUPPLEMENT if rule.to == State.SUPPLEMENT_REQUESTED else PauseKind.FEES
                DossierPause.objects.create(dossier=dossier, kind=kind, started_at=now)
        if rule.to == transitions.RESUME:
            if dossier.state_before_pause is None:  # every pause records the state it left
                raise RuntimeError(f"dossier {dossier.pk} resumes without a state before its pause")
            dossier.state = dossier.state_before_pause
            dossier.state_before_pause = None
            updated.append("state_before_pause")
            _end_pause(dossier, now, updated)
        else:
            dossier.state = rule.to
        extra = _effects(dossier, action, now=now, values=values, updated=updated, actor=actor, step=held)
        started_sector_steps = extra.pop(steps.SECTOR_STEPS, None)
        if started_sector_steps:  # a started step names a sector system: hand the dossier over
            extra["sector_handoffs"] = sector.hand_off_started(dossier, started_sector_steps, now=now)
        if dossier.state in FINISHED_STATES and before not in FINISHED_STATES:
            dossier.finished_at = now
            updated.append("finished_at")
            if dossier.state != State.RESOLVED:
                closed = steps.close_open_steps(dossier, now=now)
                if closed:
                    extra["closed_steps"] = closed
        dossier.save(update_fields=updated)
        event = audit.record(dossier, actor, action, at=now, from_state=before, reason=reason, **extra)
        audit.after(dossier, event, rule)
    return dossier


def _end_pause(dossier: Dossier, now: datetime, updated: list[str]) -> None:
    """Close the open pause and push the promised time back by the working time it lasted."""
    pause = DossierPause.objects.filter(dossier=dossier, ended_at__isnull=True).first()
    if pause is None:
        return
    pause.ended_at = now
    pause.save(update_fields=["ended_at"])
    if dossier.state == State.PROCESSING:
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
    actor: Actor,
    step: DossierStep | None = None,
) -> dict:
    """What an action changes besides the state; returns what the event records."""
    if action in STEP_ACTIONS or action == Action.START_PROCESSING:
        return steps.effect(dossier, action, actor=actor, step=step, now=now, values=values)
    if action in (Action.ATTACH_RESULT, Action.RESOLVE):
        data = results.effect(dossier, action, actor=actor, now=now, values=values)
        if action == Action.RESOLVE:
            started = steps.start_handover(dossier, now=now)
            if started:
                data["handover"] = [s.pk for s in started]
        return data
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
        return _extend(dossier, values["new_due"], now=now, updated=updated)
    if action == Action.DELIVER:
        dossier.returned_at = now
        updated.append("returned_at")
        data = results.deliver_effect(dossier, values=values, updated=updated)
        closed = steps.finish_handover(dossier, actor, now=now)
        if closed:
            data["handover"] = closed
        return data
    if action == Action.AWAIT_FEES:
        return {"fees": values["fees"], "total_vnd": sum(int(f["amount_vnd"]) for f in values["fees"])}
    if action == Action.PAY_FEES and values.get("payment"):
        return {"payment": values["payment"]}
    return {}


def _extend(dossier: Dossier, new_due: datetime, *, now: datetime, updated: list[str]) -> dict:
    """An extension: before the promised time, later than it, within the bound the setting gives
    and within the years the calendar knows (a due time it cannot count from would break every
    later pause)."""
    if dossier.due_at is not None and now > dossier.due_at:
        raise invalid("new_due", ErrorCode.EXTEND_TOO_LATE, _("Phải gia hạn trước khi hết hạn giải quyết."))
    if dossier.due_at is not None and new_due <= dossier.due_at:
        raise invalid("new_due", ErrorCode.EXTEND_NOT_LATER, _("Ngày hẹn mới phải sau ngày hẹn hiện tại."))
    days = getattr(settings, "MOTCUA_MAX_EXTENSION_DAYS", MAX_EXTENSION_DAYS)
    base = dossier.due_at or now
    if new_due > base + timedelta(days=days) or not calendar_for(dossier.agency).covers(new_due):
        raise invalid(
            "new_due",
            ErrorCode.EXTEND_OUT_OF_BOUNDS,
            _("Ngày hẹn mới chỉ được sau ngày hẹn hiện tại tối đa %(days)s ngày.") % {"days": days},
        )
    old = dossier.due_at
    dossier.due_at = new_due
    updated.append("due_at")
    return {"old_due": old.isoformat() if old else None, "new_due": new_due.isoformat()}


def check_fees(fees: Sequence[dict]) -> list[dict]:
    """Each fee named, its amount a whole number of đồng from 0 to MAX_FEE_VND."""
    cleaned = []
    for fee in fees:
        try:
            amount = int(fee.get("amount_vnd", ""))  # missing: a ValueError like any non-number
        except (TypeError, ValueError):
            amount = -1
        if not 0 <= amount <= MAX_FEE_VND:
            raise invalid(
                "fees",
                ErrorCode.AMOUNT_OUT_OF_BOUNDS,
                _("Số tiền phải từ 0 đến %(max)s đồng.") % {"max": f"{MAX_FEE_VND:,}".replace(",", ".")},
            )
        name = str(fee.get("name") or "").strip()
        if not name:
            raise invalid("fees", ErrorCode.REQUIRED, _("Nhập tên khoản phí, lệ phí."))
        cleaned.append({**fee, "name": name, "amount_vnd": amount})
    return cleaned


def _store_supplement(dossier: Dossier, papers: Sequence[PaperData], *, actor: Actor | None) -> dict:
    """Check and store the papers of a supplement (inside `apply`'s transaction, on the locked row);
    returns what the SUPPLEMENT event records."""
    number = dossier.supplement_requests or None
    online = actor is not None and actor.staff is None
    errors: list[ValidationError] = []

    def refuse(code, message):
        errors.append(ValidationError(message, code=str(code)))

    items = supplement_request_items(dossier)
    if items and not papers:
        refuse(
            ErrorCode.SUPPLEMENT_EMPTY,
            _("Yêu cầu bổ sung đã nêu: %(items)s. Nhập ít nhất một giấy tờ người nộp mang đến bổ sung.")
            % {"items": "; ".join(str(i.get("what", "")) for i in items)},
        )
    requirements = {r.pk: r for r in dossier.procedure_version.requirements.all()} if papers else {}
    rows = []
    for paper in papers:
        requirement = None
        if paper.requirement_id is not None:
            requirement = requirements.get(paper.requirement_id)
            if requirement is None:
                refuse(
                    ErrorCode.PAPER_OTHER_PROCEDURE,
                    _("Thành phần hồ sơ %(id)s không thuộc thủ tục của hồ sơ này.")
                    % {"id": paper.requirement_id},
                )
                continue
        name = (paper.name or "").strip() or (requirement.name if requirement else "")
        if not name:
            refuse(ErrorCode.PAPER_NAME, _("Nhập tên giấy tờ bổ sung."))
            continue
        if paper.kind not in PAPER_KINDS:
            refuse(ErrorCode.PAPER_KIND, _("Loại bản của “%(name)s” không hợp lệ.") % {"name": name})
        if paper.count < 1:
            refuse(ErrorCode.PAPER_COUNT, _("Số lượng “%(name)s” phải từ 1 trở lên.") % {"name": name})
        check_upload(paper.file)
        source: str
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


# ---------------------------------------------------------------------------------------------
# The use cases


def receive_at_desk(
    *, officer: Staff, intake: intake_command.Intake, now: datetime, idempotency_key: str | None = None
) -> Dossier:
    """`intake.receive_at_desk`; a dossier received at a centre for another agency (Decree
    118/2025) is handed to the competent agency at once, in the same transaction (its steps start
    there, the papers digitised at intake go with it)."""
    actor = Actor.officer(officer)
    return intake_command.receive_at_desk(
        officer=officer,
        intake=intake,
        now=now,
        idempotency_key=idempotency_key,
        hand_over=lambda dossier: apply(dossier, actor, Action.START_PROCESSING, now=now),
    )


def accept_submission(*, dossier: Dossier, actor: Actor, now: datetime) -> Dossier:
    return apply(dossier, actor, Action.RECEIVE, now=now)


def _supplement_items(reasons: Iterable[object]) -> list[dict]:
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
    return apply(
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
    version. Papers the applicant brings themselves are `uploaded`."""
    return apply(dossier, actor, Action.SUPPLEMENT, now=now, papers=list(papers))


def refuse(*, dossier: Dossier, actor: Actor, reason: str, now: datetime) -> Dossier:
    return apply(dossier, actor, Action.REFUSE, now=now, reason=reason.strip())


def start_processing(*, dossier: Dossier, actor: Actor, now: datetime) -> Dossier:
    """The desk hands the dossier to the process; its own first step (the desk's "tiếp nhận,
    chuyển hồ sơ") is done in the same act."""
    return apply(dossier, actor, Action.START_PROCESSING, now=now)


def await_fees(*, dossier: Dossier, actor: Actor, fees: Sequence[dict], now: datetime) -> Dossier:
    return apply(dossier, actor, Action.AWAIT_FEES, now=now, fees=check_fees(fees))


def pay_fees(*, dossier: Dossier, actor: Actor, now: datetime, payment: dict | None = None) -> Dossier:
    """The fees are paid; `payment`: the online payment's record (reference, gateway's transaction
    number, amount, `DuocThanhToanTrucTuyen`), kept in the event."""
    if payment:
        return apply(dossier, actor, Action.PAY_FEES, now=now, payment=payment)
    return apply(dossier, actor, Action.PAY_FEES, now=now)


def extend(*, dossier: Dossier, actor: Actor, reason: str, new_due: datetime, now: datetime) -> Dossier:
    return apply(dossier, actor, Action.EXTEND, now=now, reason=reason.strip(), new_due=new_due)


def stop(*, dossier: Dossier, actor: Actor, reason: str, now: datetime) -> Dossier:
    return apply(dossier, actor, Action.STOP, now=now, reason=reason.strip())


def withdraw(*, dossier: Dossier, actor: Actor, reason: str, now: datetime) -> Dossier:
    return apply(dossier, actor, Action.WITHDRAW, now=now, reason=reason.strip())


def resolve(
    *, dossier: Dossier, actor: Actor, now: datetime, result: ResultFile | None = None, generate: bool = False
) -> Dossier:
    """The leader approves: the result (`result`: a file attached and signed in the same act, or the
    one attached before) is signed, the dossier is resolved and the desk's hand-over step starts.
    `generate`: when no result was attached, the approval issues it from the procedure's template
    (what `attach_result(generate=True)` makes), signed in the same act."""
    if result is None and generate and results.latest_result(dossier) is None:
        from .forms import result_pdf

        result = ("ket-qua.pdf", result_pdf(dossier))
    if result is None:
        return apply(dossier, actor, Action.RESOLVE, now=now)
    name, content = results.read_file(result)
    with transaction.atomic():
        apply(dossier, actor, Action.ATTACH_RESULT, now=now, file=(name, content), sign=True)
        return apply(dossier, actor, Action.RESOLVE, now=now)


def deliver(
    *,
    dossier: Dossier,
    actor: Actor,
    received_by: str,
    now: datetime,
    channel: int = Channel.DESK,
    postal_item_number: str = "",
) -> Dossier:
    """Hand the result over; the desk's final hand-over step is done in the same act. `channel` is a
    ResultChannel (1 desk, 2 electronic, 3 post; the values coincide with Channel's). Electronic
    delivery needs a signed result and sends the applicant a download link; `received_by` then
    defaults to the applicant's name. By post the item number is recorded."""
    received_by = (received_by or "").strip()
    if not received_by and int(channel) == ResultChannel.ELECTRONIC:
        received_by = dossier.contact.full_name  # issue 8: the name given on this dossier
    if int(channel) == ResultChannel.POST and not (postal_item_number or "").strip():
        raise invalid(
            "postal_item_number",
            ErrorCode.POSTAL_ITEM_NUMBER,
            _("Nhập số hiệu bưu gửi của kết quả trả qua bưu chính."),
        )
    return apply(
        dossier,
        actor,
        Action.DELIVER,
        now=now,
        received_by=received_by,
        channel=channel,
        postal_item_number=(postal_item_number or "").strip(),
    )


# ---------------------------------------------------------------------------------------------
# The internal process (effects in steps.py) and the result (effects in results.py)


def complete_step(
    *,
    dossier: Dossier,
    actor: Actor,
    step: DossierStep | int,
    note: str = "",
    files: Sequence = (),
    now: datetime,
) -> Dossier:
    """The step's owner hands it on: outcome early/on time/late recorded, the next stage started.

    `files`: Django `File` objects or `(name, bytes)` pairs, stored as step files. After the last
    appraisal step the dossier stays PROCESSING, waiting for `resolve`."""
    for item in files:
        if not isinstance(item, tuple):
            check_upload(item)
    return apply(
        dossier, actor, Action.COMPLETE_STEP, now=now, step=step, note=(note or "").strip(), files=list(files)
    )


def return_step(
    *,
    dossier: Dossier,
    actor: Actor,
    to_step: DossierStep | int,
    reason: str,
    now: datetime,
    from_step: DossierStep | int | None = None,
) -> Dossier:
    """Send the dossier back from the actor's active step (or `from_step`) to an earlier, done step."""
    return apply(
        dossier,
        actor,
        Action.RETURN_STEP,
        now=now,
        step=from_step,
        reason=(reason or "").strip(),
        to_step=to_step.pk if isinstance(to_step, DossierStep) else to_step,
    )


def transfer(
    *,
    dossier: Dossier,
    actor: Actor,
    agency: Agency,
    work: str,
    budget: int | float | str,
    parallel: bool = False,
    now: datetime,
    unit: str = TimeUnit.WORKING_DAY,
    from_step: DossierStep | int | None = None,
    note: str = "",
) -> Dossier:
    """Add an inter-agency step at `agency` with `budget` `unit`s (working days by default).

    Sequential: the actor's step is completed (the hand-over is recorded) and the new step follows
    it. Parallel: the new step starts now beside the actor's step; the next stage waits for both."""
    return apply(
        dossier,
        actor,
        Action.TRANSFER,
        now=now,
        step=from_step,
        agency=agency,
        work=work,
        budget=budget,
        unit=unit,
        parallel=parallel,
        note=note,
    )


def assign_step(
    *, step: DossierStep | int, assignee: Staff, actor: Actor, now: datetime, dossier: Dossier | None = None
) -> DossierStep:
    """A unit head or leader of the step's agency names the officer who does the step (`step`: the
    step, or its id with `dossier`)."""
    if dossier is None:
        if not isinstance(step, DossierStep):
            raise TypeError("assign_step: a step given by its id needs its dossier")
        dossier = step.dossier
    apply(dossier, actor, Action.ASSIGN_STEP, now=now, step=step, assignee=assignee)
    return DossierStep.objects.get(pk=step.pk if isinstance(step, DossierStep) else step)


def attach_result(
    *,
    dossier: Dossier,
    actor: Actor,
    now: datetime,
    file: ResultFile | None = None,
    generate: bool = False,
    sign: bool = True,
) -> DossierDocument | None:
    """Attach the result PDF (`file`: bytes, a Django File or `(name, bytes)`), or generate one from
    the procedure's template (`generate=True`). Signed at once when the actor is an approver (and
    `sign`); otherwise the approver's `resolve` signs it."""
    if file is None:
        if not generate:
            raise invalid("file", ErrorCode.FILE_INVALID, _("Chọn tệp kết quả hoặc tạo kết quả."))
        from .forms import result_pdf

        file = ("ket-qua.pdf", result_pdf(dossier))
    name, content = results.read_file(file)
    apply(dossier, actor, Action.ATTACH_RESULT, now=now, file=(name, content), sign=sign)
    return results.latest_result(dossier)
