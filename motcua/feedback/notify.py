"""What the sender is told, through the integrations outbox (inside the command's transaction, sent
after commit; like dossiers/notify.py): receipt, refusal, a request for more, the published answer."""

from __future__ import annotations

import logging

from django.utils import translation
from django.utils.translation import gettext as _

from motcua.integrations import sms_text
from motcua.integrations.notifiers import NotificationError
from motcua.integrations.services import enqueue_notification

from .models import Feedback, FeedbackEvent
from .states import Action

log = logging.getLogger(__name__)


def message(feedback: Feedback, event: FeedbackEvent) -> tuple[str, str, str] | None:
    """(subject, body, SMS) for the sender, or None when the event is not theirs to hear about."""
    values = {"code": feedback.code, "reason": event.note}
    if event.action == Action.SUBMIT:
        return (
            _("Đã tiếp nhận phản ánh, kiến nghị %(code)s") % values,
            _("Phản ánh, kiến nghị của bạn đã được tiếp nhận với mã %(code)s.") % values,
            sms_text.render(_("Đã tiếp nhận phản ánh %(code)s."), values),
        )
    if event.action == Action.REFUSE:
        return (
            _("Phản ánh, kiến nghị %(code)s không được tiếp nhận") % values,
            _("Phản ánh, kiến nghị %(code)s không được tiếp nhận. Lý do: %(reason)s") % values,
            sms_text.render(
                _("Phản ánh %(code)s không được tiếp nhận. Lý do: %(reason)s"), values, elastic="reason"
            ),
        )
    if event.action == Action.REQUEST_SUPPLEMENT:
        return (
            _("Đề nghị bổ sung thông tin cho phản ánh %(code)s") % values,
            _("Cơ quan xử lý đề nghị bạn bổ sung thông tin cho phản ánh %(code)s: %(reason)s") % values,
            sms_text.render(_("Phản ánh %(code)s cần bổ sung: %(reason)s"), values, elastic="reason"),
        )
    if event.action == Action.PUBLISH:
        return (
            _("Phản ánh, kiến nghị %(code)s đã có trả lời") % values,
            _(
                "Phản ánh, kiến nghị %(code)s đã có trả lời, công khai trên Cổng dịch vụ công. Mời bạn đánh giá."
            )
            % values,
            sms_text.render(_("Phản ánh %(code)s đã có trả lời. Mời đánh giá trên Cổng DVC."), values),
        )
    return None


def on_event(feedback: Feedback, event: FeedbackEvent) -> list:
    with translation.override("vi"):
        text = message(feedback, event)
    if text is None:
        return []
    subject, body, short = text
    queued = []
    for channel, recipient, content in (
        ("email", feedback.sender_email, body),
        ("sms", feedback.sender_phone, sms_text.fold(short)),
    ):
        if not recipient:
            continue
        try:
            queued.append(
                enqueue_notification(
                    channel=channel,
                    recipient=recipient,
                    subject=subject,
                    body=content,
                    key=f"{feedback.code}:{event.pk}:{channel}",
                    now=event.at,
                )
            )
        except NotificationError as error:  # an unusable address must not undo the officer's action
            log.warning("feedback %s: no %s notification: %s", feedback.code, channel, error)
    return queued
