"""The commands: one per use case, keyword-only, one transaction, the audit event and the sender's
notification in the same transaction (on the locked row: two officers, one winner)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.uploads import check_upload
from motcua.dossiers.models import Dossier
from motcua.org.models import Agency

from . import notify, periods, transitions
from .access import Actor, in_scope, require
from .models import Feedback, FeedbackAttachment, FeedbackEvent
from .states import Action, Category, Channel, Rating, Step, Subject

MAX_FILES = 5


def _invalid(field: str, code: str, message: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


@dataclass(frozen=True)
class Sender:
    """Who sends it. From a logged-in account the screen builds it from the verified account
    (`user` set, `verified` True), never from the form; otherwise the name and contact given."""

    name: str
    email: str = ""
    phone: str = ""
    is_organisation: bool = False
    user: object | None = None
    verified: bool = False


def _record(feedback: Feedback, actor: Actor, action: str, *, at, from_state: str, note: str = "", **data):
    event = FeedbackEvent.objects.create(
        feedback=feedback,
        action=action,
        from_state=from_state,
        to_state=feedback.state,
        at=at,
        actor=actor.user if actor.user is not None and actor.user.is_authenticated else None,
        actor_label=actor.label[:150],
        note=note,
        data=data,
    )
    notify.on_event(feedback, event)
    return event


def _attach(feedback: Feedback, files: Iterable, now: dt.datetime) -> list[FeedbackAttachment]:
    """The files, each through the one upload check (core.uploads: size, type by content, structure,
    antivirus) — the same rules as a dossier's papers."""
    files = list(files)
    if len(files) + feedback.attachments.count() > MAX_FILES:
        raise _invalid("files", "too_many_files", _("Đính kèm tối đa %(n)d tệp.") % {"n": MAX_FILES})
    stored = []
    for upload in files:
        try:
            checked = check_upload(upload)
        except ValidationError as error:
            raise ValidationError({"files": error}) from error
        stored.append(
            FeedbackAttachment.objects.create(
                feedback=feedback,
                file=checked.file,
                name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                added_at=now,
            )
        )
    return stored


def _new_code(now: dt.datetime) -> str:
    day = timezone.localtime(now).strftime("%y%m%d")
    prefix = f"PAKN-{day}-"
    last = (
        Feedback.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    return f"{prefix}{int(last.rsplit('-', 1)[1]) + 1 if last else 1:04d}"


def _locked(feedback: Feedback) -> Feedback:
    return Feedback.objects.select_for_update().get(pk=feedback.pk)


def submit_feedback(
    *,
    kind: str,
    subject: str,
    title: str,
    content: str,
    channel: str,
    sender: Sender,
    actor: Actor,
    addressed_agency: Agency | None = None,
    dossier_code: str = "",
    procedure=None,
    files: Iterable = (),
    now: dt.datetime | None = None,
) -> Feedback:
    """A feedback item received from the portal, the desk or the hotline; the clock starts now."""
    now = now or timezone.now()
    dossier = None
    if dossier_code:
        dossier = Dossier.objects.filter(code=dossier_code.strip()).select_related("agency").first()
        if dossier is None:
            raise _invalid("dossier_code", "dossier_unknown", _("Không tìm thấy hồ sơ có mã này."))
        addressed_agency = addressed_agency or dossier.agency
    elif subject == Subject.DOSSIER:
        raise _invalid("dossier_code", "dossier_required", _("Hãy nhập mã hồ sơ bạn phản ánh."))
    if addressed_agency is None:
        raise _invalid("agency", "agency_required", _("Hãy chọn cơ quan nhận phản ánh."))
    if not sender.name.strip():
        raise _invalid("sender_name", "name_required", _("Hãy nhập họ tên người gửi."))
    if channel == Channel.PORTAL and sender.user is None and not (sender.email or sender.phone):
        raise _invalid(
            "contact", "contact_required", _("Hãy nhập thư điện tử hoặc số điện thoại để nhận trả lời.")
        )
    fields = dict(
        kind=kind,
        subject=subject,
        channel=channel,
        title=title.strip(),
        content=content.strip(),
        sender_user=sender.user,
        sender_name=sender.name.strip()[:150],
        sender_email=sender.email,
        sender_phone=sender.phone,
        sender_is_organisation=sender.is_organisation,
        sender_verified=sender.verified,
        entered_by=actor.user if actor.staff is not None else None,
        dossier=dossier,
        procedure=procedure or (dossier.procedure_version.procedure if dossier else None),
        addressed_agency=addressed_agency,
        received_at=now,
    )
    start = dict(start=now, agency_id=addressed_agency.pk, received_at=now)
    fields.update(
        decision_due_at=periods.due(Step.REFUSE, **start),
        supplement_due_at=periods.due(Step.SUPPLEMENT, **start),
        handle_due_at=periods.due(Step.HANDLE, **start),
    )
    for attempt in range(5):  # two items the same second: the code's unique index decides, try the next
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(code=_new_code(now), **fields)
                _attach(feedback, files, now)
                _record(feedback, actor, Action.SUBMIT, at=now, from_state="", channel=channel)
            return feedback
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def refuse(*, feedback: Feedback, actor: Actor, reason: str, now: dt.datetime | None = None) -> Feedback:
    now = now or timezone.now()
    if not reason.strip():
        raise _invalid("reason", "reason_required", _("Hãy ghi lý do từ chối."))
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.REFUSE)
        before = feedback.state
        feedback.state, feedback.refused_at, feedback.reason = rule.to, now, reason.strip()
        feedback.category = Category.OUT_OF_SCOPE
        feedback.save(update_fields=["state", "refused_at", "reason", "category"])
        _record(feedback, actor, Action.REFUSE, at=now, from_state=before, note=feedback.reason)
    return feedback


def route(
    *, feedback: Feedback, actor: Actor, category: str, agency: Agency, now: dt.datetime | None = None
) -> Feedback:
    """Classified and sent to the competent agency; the clock (counted from receipt) runs on its calendar."""
    now = now or timezone.now()
    if category not in Category.values or category == Category.OUT_OF_SCOPE:
        raise _invalid(
            "category", "category_invalid", _("Hãy chọn một phân loại (ngoài phạm vi thì từ chối).")
        )
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.ROUTE)
        before, earlier = feedback.state, feedback.handler_agency_id
        feedback.state, feedback.category, feedback.handler_agency = rule.to, category, agency
        feedback.routed_at = feedback.routed_at or now
        start = dict(start=feedback.received_at, agency_id=agency.pk, received_at=feedback.received_at)
        feedback.supplement_due_at = periods.due(Step.SUPPLEMENT, **start)
        if not feedback.reopen_count and not feedback.supplemented_at:
            feedback.handle_due_at = periods.due(Step.HANDLE, **start)
        feedback.save(
            update_fields=[
                "state",
                "category",
                "handler_agency",
                "routed_at",
                "supplement_due_at",
                "handle_due_at",
            ]
        )
        _record(
            feedback,
            actor,
            Action.ROUTE,
            at=now,
            from_state=before,
            category=category,
            agency=agency.pk,
            earlier=earlier,
        )
    return feedback


def link_repeat(
    *, feedback: Feedback, actor: Actor, original: Feedback, now: dt.datetime | None = None
) -> Feedback:
    """The same subject sent again: linked to the first, counted once (the index's denominators count
    the first only; the repeat costs the first in 5.3)."""
    now = now or timezone.now()
    original = Feedback.objects.select_related("repeat_of").get(pk=original.pk)  # as it stands now
    root = original.repeat_of or original
    if root.pk == feedback.pk:
        raise _invalid("original", "same_item", _("Không thể gắn một phản ánh với chính nó."))
    if not in_scope(actor, root, transitions.CONTROL):
        raise _invalid(
            "original", "original_unknown", _("Không tìm thấy phản ánh gốc trong phạm vi của bạn.")
        )
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.LINK)
        before = feedback.state
        feedback.state, feedback.repeat_of = rule.to, root
        feedback.save(update_fields=["state", "repeat_of"])
        _record(feedback, actor, Action.LINK, at=now, from_state=before, original=root.code)
    return feedback


def request_supplement(
    *, feedback: Feedback, actor: Actor, reason: str, now: dt.datetime | None = None
) -> Feedback:
    now = now or timezone.now()
    if not reason.strip():
        raise _invalid("reason", "reason_required", _("Hãy ghi thông tin cần bổ sung."))
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.REQUEST_SUPPLEMENT)
        before = feedback.state
        feedback.state, feedback.reason = rule.to, reason.strip()
        feedback.supplement_requested_at = feedback.supplement_requested_at or now
        feedback.save(update_fields=["state", "reason", "supplement_requested_at"])
        _record(feedback, actor, Action.REQUEST_SUPPLEMENT, at=now, from_state=before, note=feedback.reason)
    return feedback


def supplement(
    *, feedback: Feedback, actor: Actor, text: str, files: Iterable = (), now: dt.datetime | None = None
) -> Feedback:
    """The sender's answer: the time spent waiting for it does not count against the agency."""
    now = now or timezone.now()
    if not text.strip():
        raise _invalid("text", "text_required", _("Hãy nhập thông tin bổ sung."))
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.SUPPLEMENT)
        before = feedback.state
        asked = (
            feedback.events.filter(action=Action.REQUEST_SUPPLEMENT)
            .order_by("-at")
            .values_list("at", flat=True)
        )
        paused_from = asked.first() or feedback.supplement_requested_at or now
        feedback.handle_due_at = periods.shifted(
            feedback.handle_due_at, agency_id=feedback.clock_agency_id, paused_from=paused_from, until=now
        )
        feedback.state, feedback.supplemented_at = rule.to, now
        feedback.save(update_fields=["state", "supplemented_at", "handle_due_at"])
        _attach(feedback, files, now)
        _record(feedback, actor, Action.SUPPLEMENT, at=now, from_state=before, note=text.strip())
    return feedback


def answer(*, feedback: Feedback, actor: Actor, text: str, now: dt.datetime | None = None) -> Feedback:
    """The competent agency's answer; the control office has 2 working days to publish it."""
    now = now or timezone.now()
    if not text.strip():
        raise _invalid("answer", "answer_required", _("Hãy nhập nội dung trả lời."))
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.ANSWER)
        before = feedback.state
        feedback.state, feedback.answer, feedback.answered_at = rule.to, text.strip(), now
        feedback.answered_by = actor.label[:150]
        feedback.publish_due_at = periods.due(
            Step.PUBLISH, start=now, agency_id=feedback.clock_agency_id, received_at=feedback.received_at
        )
        feedback.save(update_fields=["state", "answer", "answered_at", "answered_by", "publish_due_at"])
        _record(feedback, actor, Action.ANSWER, at=now, from_state=before)
    return feedback


def publish_answer(
    *,
    feedback: Feedback,
    actor: Actor,
    title: str,
    content: str,
    answer: str,
    confirmed: bool,
    now: dt.datetime | None = None,
) -> Feedback:
    """Published on the portal: the texts the officer saw masked (selectors.masked_draft) and confirmed."""
    now = now or timezone.now()
    if not confirmed:
        raise _invalid(
            "confirmed",
            "not_confirmed",
            _("Hãy xác nhận đã kiểm tra, che thông tin cá nhân trước khi công khai."),
        )
    if not (title.strip() and content.strip() and answer.strip()):
        raise _invalid(
            "answer", "texts_required", _("Tiêu đề, nội dung và trả lời công khai không được để trống.")
        )
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.PUBLISH)
        before = feedback.state
        feedback.state, feedback.published_at = rule.to, now
        feedback.published_title, feedback.published_content = title.strip()[:200], content.strip()
        feedback.published_answer = answer.strip()
        feedback.save(
            update_fields=[
                "state",
                "published_at",
                "published_title",
                "published_content",
                "published_answer",
            ]
        )
        _record(feedback, actor, Action.PUBLISH, at=now, from_state=before)
    return feedback


def rate(
    *, feedback: Feedback, actor: Actor, rating: int, comment: str = "", now: dt.datetime | None = None
) -> Feedback:
    """The sender's rating of the published answer: once per answer."""
    now = now or timezone.now()
    if rating not in Rating.values:
        raise _invalid("rating", "rating_invalid", _("Hãy chọn một mức đánh giá."))
    with transaction.atomic():
        feedback = _locked(feedback)
        require(actor, feedback, Action.RATE)
        if feedback.rated_at is not None and feedback.rated_at >= feedback.published_at:
            raise _invalid("rating", "already_rated", _("Bạn đã đánh giá trả lời này."))
        before = feedback.state
        feedback.rating, feedback.rating_comment, feedback.rated_at = rating, comment.strip(), now
        feedback.save(update_fields=["rating", "rating_comment", "rated_at"])
        _record(
            feedback,
            actor,
            Action.RATE,
            at=now,
            from_state=before,
            rating=rating,
            note=feedback.rating_comment,
        )
    return feedback


def reopen(*, feedback: Feedback, actor: Actor, reason: str, now: dt.datetime | None = None) -> Feedback:
    """A sender not satisfied asks, once, for the answer to be looked at again: back to the agency with
    a new answering period."""
    now = now or timezone.now()
    if not reason.strip():
        raise _invalid("reason", "reason_required", _("Hãy nêu lý do đề nghị xem xét lại."))
    with transaction.atomic():
        feedback = _locked(feedback)
        rule = require(actor, feedback, Action.REOPEN)
        if feedback.reopen_count >= transitions.MAX_REOPENS:
            raise _invalid("reason", "reopened_already", _("Phản ánh này đã được xem xét lại một lần."))
        if feedback.rating != Rating.NOT_SATISFIED:
            raise _invalid(
                "reason", "not_dissatisfied", _("Chỉ đề nghị xem xét lại khi không hài lòng với trả lời.")
            )
        before = feedback.state
        previous = {"answer": feedback.answer, "answered_at": feedback.answered_at.isoformat()}
        feedback.state, feedback.reopen_count, feedback.reopened_at = rule.to, feedback.reopen_count + 1, now
        feedback.handle_due_at = periods.due(
            Step.HANDLE, start=now, agency_id=feedback.clock_agency_id, received_at=feedback.received_at
        )
        feedback.answered_at = feedback.published_at = feedback.publish_due_at = None
        feedback.save(
            update_fields=[
                "state",
                "reopen_count",
                "reopened_at",
                "handle_due_at",
                "answered_at",
                "published_at",
                "publish_due_at",
            ]
        )
        _record(
            feedback, actor, Action.REOPEN, at=now, from_state=before, note=reason.strip(), previous=previous
        )
    return feedback
