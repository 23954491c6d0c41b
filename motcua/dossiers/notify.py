"""Notifications to the applicant, through the integrations outbox, inside the business transaction.

On receipt, supplement request, extension (apology), result ready, electronic delivery, stop and
refusal, one message per channel the applicant gave (e-mail, SMS). The SMS has its own short text
(`sms`), rendered by the one SMS rule (`integrations.sms_text`: one segment where possible). The outbox key is
`<dossier code>:<event id>:<channel>`: a retried task or a replayed call never sends twice, and if
the transaction rolls back nothing is sent.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.integrations import sms_text
from motcua.integrations.notifiers import NotificationError
from motcua.integrations.services import enqueue_notification

from . import effects, notices
from .models import Dossier, DossierEvent
from .states import Action

log = logging.getLogger(__name__)

NOTIFIED = frozenset(
    {
        Action.RECEIVE,
        Action.REQUEST_SUPPLEMENT,
        Action.AWAIT_FEES,
        Action.EXTEND,
        Action.RESOLVE,
        Action.DELIVER,
        Action.STOP,
        Action.REFUSE,
    }
)


def _when(value: datetime | None) -> str:
    from motcua.documents.formatting import format_vn_datetime

    return format_vn_datetime(value) if value else ""


def _money(amount: int | str | None) -> str:
    """8000 → "8.000 đồng" (Vietnamese thousands separator)."""
    return _("%(amount)s đồng") % {"amount": f"{int(amount or 0):,}".replace(",", ".")}


def message(dossier: Dossier, event: DossierEvent) -> tuple[str, str] | None:
    """(subject, body) for an event, in Vietnamese (the applicant's language); None: no message."""
    code = dossier.code
    name = dossier.procedure_version.name
    action = event.action
    if action == Action.RECEIVE:
        return (
            _("Hồ sơ %(code)s đã được tiếp nhận") % {"code": code},
            _("Hồ sơ %(code)s (%(name)s) đã được tiếp nhận. Hẹn trả kết quả: %(due)s.")
            % {"code": code, "name": name, "due": _when(dossier.due_at)},
        )
    if action == Action.REQUEST_SUPPLEMENT:
        return (
            _("Hồ sơ %(code)s cần bổ sung") % {"code": code},
            _("Hồ sơ %(code)s cần bổ sung, hoàn thiện: %(reasons)s.")
            % {"code": code, "reasons": event.reason},
        )
    if action == Action.AWAIT_FEES:
        fees = (event.data or {}).get("fees") or []
        total = sum(int(f.get("amount_vnd") or 0) for f in fees)
        items = "; ".join(f"{f.get('name', '')}: {_money(f.get('amount_vnd'))}" for f in fees)
        return (
            _("Hồ sơ %(code)s: đề nghị thực hiện nghĩa vụ tài chính") % {"code": code},
            _(
                "Hồ sơ %(code)s chờ thực hiện nghĩa vụ tài chính. Số tiền phải nộp: %(total)s (%(items)s). "
                "Thời hạn giải quyết tạm dừng đến khi nộp xong."
            )
            % {"code": code, "total": _money(total), "items": items},
        )
    if action == Action.EXTEND:
        return (
            _("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s") % {"code": code},
            _(
                "Hồ sơ %(code)s chưa giải quyết xong đúng hẹn (%(reason)s). Cơ quan xin lỗi và hẹn trả kết quả: %(due)s."
            )
            % {"code": code, "reason": event.reason, "due": _when(dossier.due_at)},
        )
    if action == Action.RESOLVE:
        return (
            _("Hồ sơ %(code)s đã có kết quả") % {"code": code},
            _("Hồ sơ %(code)s (%(name)s) đã có kết quả.") % {"code": code, "name": name},
        )
    if action == Action.DELIVER:
        link = (event.data or {}).get("download_url")
        if not link:
            return None
        return (
            _("Kết quả điện tử của hồ sơ %(code)s") % {"code": code},
            _("Tải kết quả điện tử của hồ sơ %(code)s tại: %(link)s") % {"code": code, "link": link},
        )
    if action == Action.STOP:
        return (
            _("Hồ sơ %(code)s bị dừng giải quyết") % {"code": code},
            _("Hồ sơ %(code)s bị dừng giải quyết. Lý do: %(reason)s.")
            % {"code": code, "reason": event.reason},
        )
    if action == Action.REFUSE:
        return (
            _("Hồ sơ %(code)s không được tiếp nhận") % {"code": code},
            _("Hồ sơ %(code)s không được tiếp nhận. Lý do: %(reason)s.")
            % {"code": code, "reason": event.reason},
        )
    return None


def _short_when(value: datetime | None) -> str:
    """`16:30 19/11/2026`: the promised time as an SMS gives it (local time)."""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _short_agency(name: str) -> str:
    """The agency as an SMS names it: "Ủy ban nhân dân" shortened to "UBND", as notices do."""
    for long in ("Ủy ban nhân dân", "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN"):
        name = name.replace(long, "UBND")
    return name


def sms(dossier: Dossier, event: DossierEvent) -> str | None:
    """The SMS of an event: short Vietnamese, one segment where possible (`sms_text.render`: kept
    with diacritics within 70 characters, else folded within 160, else the officer's free text
    shortened). None: no SMS for this event. Every template is tested with a long code and name."""
    code = dossier.code
    action = event.action
    if action == Action.RECEIVE:
        return sms_text.render(
            _("Hồ sơ %(code)s đã được %(agency)s tiếp nhận. Hẹn trả kết quả: %(due)s."),
            {"code": code, "agency": _short_agency(dossier.agency.name), "due": _short_when(dossier.due_at)},
        )
    if action == Action.REQUEST_SUPPLEMENT:
        return sms_text.render(
            _("Hồ sơ %(code)s cần bổ sung: %(reasons)s. Xem chi tiết tại Cổng dịch vụ công."),
            {"code": code, "reasons": event.reason},
            elastic="reasons",
        )
    if action == Action.AWAIT_FEES:
        fees = (event.data or {}).get("fees") or []
        total = sum(int(f.get("amount_vnd") or 0) for f in fees)
        return sms_text.render(
            _("Hồ sơ %(code)s: mời nộp phí, lệ phí %(total)s. Thời hạn tạm dừng đến khi nộp xong."),
            {"code": code, "total": _money(total)},
        )
    if action == Action.EXTEND:
        return sms_text.render(
            _("Xin lỗi: hồ sơ %(code)s chưa xong đúng hẹn (%(reason)s). Hẹn trả mới: %(due)s."),
            {"code": code, "reason": event.reason, "due": _short_when(dossier.due_at)},
            elastic="reason",
        )
    if action == Action.RESOLVE:
        return sms_text.render(_("Hồ sơ %(code)s đã có kết quả."), {"code": code})
    if action == Action.DELIVER:
        link = (event.data or {}).get("download_url")
        if not link:
            return None
        text = sms_text.render(_("Kết quả điện tử hồ sơ %(code)s: %(link)s"), {"code": code, "link": link})
        if sms_text.one_segment(text):
            return text
        # A link too long for one segment: the result waits in the citizen's account.
        return sms_text.render(
            _("Hồ sơ %(code)s có kết quả điện tử: tải tại tài khoản trên Cổng dịch vụ công."),
            {"code": code},
        )
    if action == Action.STOP:
        return sms_text.render(
            _("Hồ sơ %(code)s bị dừng giải quyết. Lý do: %(reason)s."),
            {"code": code, "reason": event.reason},
            elastic="reason",
        )
    if action == Action.REFUSE:
        return sms_text.render(
            _("Hồ sơ %(code)s không được tiếp nhận. Lý do: %(reason)s."),
            {"code": code, "reason": event.reason},
            elastic="reason",
        )
    return None


def on_event(dossier: Dossier, event: DossierEvent, *, schedule: bool = True) -> list:
    """Put the event's messages in the outbox (inside the caller's transaction); `schedule=False`:
    the caller sends them after commit (services._after does, with the event's form)."""
    if event.action not in NOTIFIED or not effects.enabled("notifications"):
        return []
    with translation.override("vi"):
        text = message(dossier, event)
        short = sms(dossier, event)
    if text is None:
        return []
    subject, body = text
    notices.keep(dossier, event, subject, body)  # the portal's notification centre
    contact = dossier.contact  # the contact given on this dossier, not the shared record (issue 8)
    queued = []
    for channel, recipient, text_of_channel in (
        ("email", contact.email, body),
        ("sms", contact.phone, short or body),
    ):
        if not recipient:
            continue
        try:
            queued.append(
                enqueue_notification(
                    channel=channel,
                    recipient=recipient,
                    subject=subject,
                    body=text_of_channel,
                    key=f"{dossier.code}:{event.pk}:{channel}",
                    now=event.at,
                    schedule=schedule,
                )
            )
        except NotificationError as error:  # an unusable address must not undo the officer's action
            log.warning("dossier %s: no %s notification: %s", dossier.code, channel, error)
    return queued
