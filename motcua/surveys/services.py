"""The commands of the satisfaction surveys: create a campaign (with the standard questionnaire),
send its invitations through the outbox, take one response per invitation. Each is one transaction
with its audit event (`SurveyEvent`)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.integrations import sms_text
from motcua.integrations.notifiers import NotificationError
from motcua.integrations.services import enqueue_notification
from motcua.org.auth import subtree_ids
from motcua.org.models import Agency, Staff

from .criteria import SCALE_MAX, STANDARD_QUESTIONNAIRE, QuestionKind
from .errors import ErrorCode, SurveyDenied, SurveyError
from .models import Answer, Campaign, Invitation, Question, Response, ResponseChannel, SurveyEvent
from .selectors import MANAGING_ROLES, ZONE, draw_sample

log = logging.getLogger(__name__)

#: Kiosk codes: no 0/O, 1/I/L look-alikes. 8 of 31 symbols: about 8.5 · 10^11 codes.
SHORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
SHORT_LENGTH = 8
TEXT_MAX = 2000


def _event(*, campaign: Campaign, staff: Staff | None, action: str, now: dt.datetime, **data) -> None:
    SurveyEvent.objects.create(
        campaign=campaign,
        at=now,
        actor=staff.user if staff else None,
        actor_label=staff.full_name if staff else "",
        action=action,
        data=data,
    )


def require_manager(staff: Staff | None, agencies: Iterable[Agency] = ()) -> None:
    """A control officer (or administrator), and every agency named within their agency's tree."""
    if staff is None or not {r.role for r in staff.roles.all()} & MANAGING_ROLES:
        raise SurveyDenied(_("Chỉ cán bộ kiểm soát thủ tục hành chính quản lý khảo sát."))
    allowed = set(subtree_ids(staff.agency_id))
    if any(agency.pk not in allowed for agency in agencies):
        raise SurveyDenied(
            _("Chỉ khảo sát được các cơ quan thuộc phạm vi của đơn vị mình."),
            code=ErrorCode.AGENCY_OUT_OF_SCOPE,
        )


def create_campaign(
    *,
    staff: Staff,
    name: str,
    agencies: list[Agency],
    returned_from: dt.date,
    returned_to: dt.date,
    sample_per_agency: int,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    now: dt.datetime,
) -> Campaign:
    require_manager(staff, agencies)
    name = (name or "").strip()
    if not name or len(name) > 255:
        raise SurveyError(
            _("Nhập tên đợt khảo sát (tối đa 255 ký tự)."), code=ErrorCode.REQUIRED, field="name"
        )
    if not agencies:
        raise SurveyError(_("Chọn ít nhất một cơ quan."), code=ErrorCode.REQUIRED, field="agencies")
    if returned_to < returned_from:
        raise SurveyError(
            _("Ngày kết thúc phải sau ngày bắt đầu."), code=ErrorCode.INVALID, field="returned_to"
        )
    if not 1 <= sample_per_agency <= 10_000:
        raise SurveyError(_("Cỡ mẫu từ 1 đến 10.000."), code=ErrorCode.INVALID, field="sample_per_agency")
    if closes_at <= opens_at:
        raise SurveyError(_("Hạn trả lời phải sau ngày bắt đầu."), code=ErrorCode.INVALID, field="closes_at")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            owner_agency_id=staff.agency_id,
            returned_from=returned_from,
            returned_to=returned_to,
            sample_per_agency=sample_per_agency,
            seed=secrets.randbelow(2**31),
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=staff.user,
            created_at=now,
        )
        campaign.agencies.set(agencies)
        with override("vi"):
            Question.objects.bulk_create(
                Question(campaign=campaign, order=order, criterion=criterion, kind=kind, text=str(text))
                for order, (criterion, kind, text) in enumerate(STANDARD_QUESTIONNAIRE, start=1)
            )
        _event(campaign=campaign, staff=staff, action="create", now=now, agencies=[a.pk for a in agencies])
    return campaign


def _short_code() -> str:
    return "".join(secrets.choice(SHORT_ALPHABET) for _ in range(SHORT_LENGTH))


def survey_link(invitation: Invitation) -> str:
    base = (getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "") or "").rstrip("/")
    return base + reverse("surveys:start", args=[invitation.token])


def invitation_texts(invitation: Invitation, agency_name: str) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS) in Vietnamese; the SMS folded to plain ASCII (one GSM-7 text)."""
    with override("vi"):
        values = {
            "agency": agency_name,
            "link": survey_link(invitation),
            "code": invitation.short_code,
            "closes": invitation.campaign.closes_at.astimezone(ZONE).strftime("%d/%m/%Y"),
        }
        subject = _("Mời tham gia khảo sát sự hài lòng")
        body = (
            _(
                "Cảm ơn ông/bà đã sử dụng dịch vụ của %(agency)s. Xin mời ông/bà cho biết mức độ hài lòng "
                "tại %(link)s (hoặc nhập mã %(code)s tại ki-ốt của Bộ phận Một cửa) trước ngày %(closes)s. "
                "Kết quả chỉ công bố dưới dạng số liệu tổng hợp; mỗi lời mời trả lời một lần."
            )
            % values
        )
        sms = sms_text.fold(_("Mời đánh giá sự hài lòng: %(link)s (mã %(code)s), hạn %(closes)s.") % values)
    return subject, body, sms


def send_invitations(*, campaign: Campaign, staff: Staff, now: dt.datetime) -> int:
    """Draw the sample and queue one invitation per person (SMS and/or e-mail, as the dossier gave).
    Once per campaign: the locked row's state decides, so a double click sends nothing twice."""
    require_manager(staff, campaign.agencies.all())
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.state != Campaign.State.DRAFT:
            raise SurveyError(_("Đợt khảo sát này đã gửi lời mời."), code=ErrorCode.ALREADY_SENT)
        names = dict(Agency.objects.filter(pk__in=locked.agencies.values("pk")).values_list("pk", "name"))
        rows = draw_sample(locked)
        used: set[str] = set(Invitation.objects.values_list("short_code", flat=True).filter(campaign=locked))
        sent = 0
        for row in rows:
            code = _short_code()
            while code in used or Invitation.objects.filter(short_code=code).exists():
                code = _short_code()
            used.add(code)
            invitation = Invitation.objects.create(
                campaign=locked,
                agency_id=row.agency_id,
                dossier=row.dossier,
                token=secrets.token_urlsafe(32),
                short_code=code,
                channels=",".join(row.channels),
                created_at=now,
            )
            subject, body, sms = invitation_texts(invitation, names.get(row.agency_id, ""))
            for channel, recipient, text in (
                ("sms", row.contact.phone, sms),
                ("email", row.contact.email, body),
            ):
                if not recipient:
                    continue
                try:
                    enqueue_notification(
                        channel=channel,
                        recipient=recipient,
                        subject=subject,
                        body=text,
                        key=f"survey:{locked.pk}:{invitation.pk}:{channel}",
                        now=now,
                    )
                except NotificationError as error:  # one unusable address must not stop the campaign
                    log.warning(
                        "survey %s invitation %s: no %s: %s", locked.pk, invitation.pk, channel, error
                    )
            sent += 1
        locked.state, locked.sent_at = Campaign.State.SENT, now
        locked.save(update_fields=["state", "sent_at"])
        _event(campaign=locked, staff=staff, action="send_invitations", now=now, invitations=sent)
    return sent


def is_open(campaign: Campaign, now: dt.datetime) -> bool:
    return campaign.state == Campaign.State.SENT and campaign.opens_at <= now < campaign.closes_at


def check_answer(question: Question, raw: str | None) -> tuple[int | None, str]:
    """(score, text) for one question's raw answer, or a refusal naming the question's field."""
    field = f"q{question.pk}"
    raw = (raw or "").strip()
    if "\x00" in raw:
        raise SurveyError(_("Câu trả lời không hợp lệ."), code=ErrorCode.INVALID, field=field)
    if question.kind == QuestionKind.TEXT:
        if len(raw) > TEXT_MAX:
            raise SurveyError(
                _("Ý kiến tối đa %(n)s ký tự.") % {"n": TEXT_MAX}, code=ErrorCode.INVALID, field=field
            )
        return None, raw
    if not raw.isdigit() or not 1 <= int(raw) <= SCALE_MAX:
        raise SurveyError(_("Chọn một mức từ 1 đến 5."), code=ErrorCode.REQUIRED, field=field)
    return int(raw), ""


def submit_response(
    *, invitation: Invitation, answers: Mapping[str, str], channel: str, now: dt.datetime
) -> Response:
    """Record the one response of `invitation` (`answers`: question id → raw answer). Concurrent
    submits: the invitation row is locked and re-read, and the one-to-one response is the last word
    (the second insert fails on the unique key, also on SQLite which has no row locks)."""
    if channel not in ResponseChannel.values:
        raise ValueError(f"unknown response channel {channel!r}")
    campaign = invitation.campaign
    questions = list(campaign.questions.all())
    checked = {q.pk: check_answer(q, answers.get(str(q.pk))) for q in questions}
    try:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().select_related("campaign").get(pk=invitation.pk)
            if locked.answered_at is not None:
                raise SurveyError(_("Lời mời này đã được trả lời."), code=ErrorCode.ALREADY_ANSWERED)
            if not is_open(locked.campaign, now):
                raise SurveyError(_("Đợt khảo sát không nhận trả lời lúc này."), code=ErrorCode.NOT_OPEN)
            response = Response.objects.create(
                invitation=locked,
                campaign_id=locked.campaign_id,
                agency_id=locked.agency_id,
                channel=channel,
                submitted_at=now,
            )
            Answer.objects.bulk_create(
                Answer(response=response, question_id=pk, score=score, text=text)
                for pk, (score, text) in checked.items()
                if score is not None or text
            )
            locked.answered_at = now
            locked.save(update_fields=["answered_at"])
            _event(campaign=locked.campaign, staff=None, action="response", now=now, channel=channel)
    except IntegrityError as error:  # the other submit won the one-to-one key
        raise SurveyError(_("Lời mời này đã được trả lời."), code=ErrorCode.ALREADY_ANSWERED) from error
    return response


def close_campaign(*, campaign: Campaign, staff: Staff, now: dt.datetime) -> Campaign:
    require_manager(staff, campaign.agencies.all())
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        locked.state = Campaign.State.CLOSED
        locked.save(update_fields=["state"])
        _event(campaign=locked, staff=staff, action="close", now=now)
    return locked
