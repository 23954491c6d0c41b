"""Reads for the citizen's side of tracking: "Hồ sơ của tôi" (only the dossiers the access rule lets
the citizen see, with what a citizen needs to know of each) and the notification centre."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from motcua.core.choices import choice_label
from motcua.dossiers import ratings
from motcua.dossiers.access import visible_dossiers
from motcua.dossiers.models import Dossier, DossierEvent, PaymentAttempt, ResultChannel
from motcua.dossiers.notices import CitizenNotice
from motcua.dossiers.states import Action, State
from motcua.org import selectors as org_selectors


@dataclass
class Expected:
    """Something the citizen has to do, with where to do it."""

    text: str
    url: str = ""
    link_text: str = ""


@dataclass
class CitizenDossier:
    dossier: Dossier
    state_label: str
    desk_name: str
    last_event_label: str
    last_event_at: datetime | None
    expected: list[Expected] = field(default_factory=list)


def _expected(dossier: Dossier, now: datetime, links: dict) -> list[Expected]:
    state = dossier.state
    if state == State.SUPPLEMENT_REQUESTED:
        return [
            Expected(
                _("Bổ sung, hoàn thiện hồ sơ theo yêu cầu của cơ quan."),
                links["supplement"],
                _("Bổ sung hồ sơ"),
            )
        ]
    if state == State.AWAITING_FEES:
        return [
            Expected(
                _("Nộp phí, lệ phí để hồ sơ được tiếp tục giải quyết."), links["payment"], _("Thanh toán")
            )
        ]
    if state == State.RESOLVED:
        return [
            Expected(
                _("Hồ sơ đã có kết quả: nhận kết quả tại Bộ phận Một cửa hoặc theo hình thức đã đăng ký.")
            )
        ]
    expected = []
    if state == State.RETURNED and dossier.return_channel == ResultChannel.ELECTRONIC:
        expected.append(
            Expected(
                _("Kết quả điện tử đã ký số đã được trả vào tài khoản và kho dữ liệu của bạn."),
                links["result"],
                _("Tải kết quả điện tử"),
            )
        )
    if state == State.RETURNED and ratings.may_rate(dossier, now):
        expected.append(
            Expected(_("Đánh giá mức độ hài lòng với việc giải quyết hồ sơ."), links["rate"], _("Đánh giá"))
        )
    return expected


def my_dossiers(user, now: datetime, *, links_for) -> list[CitizenDossier]:
    """The citizen's dossiers, newest first. `links_for(dossier)` gives the screen's URLs of the
    supplement, payment, result and rating pages (the selector does not know the screen's routes)."""
    events = Prefetch("events", queryset=DossierEvent.objects.order_by("-at", "-id"), to_attr="events_newest")
    dossiers = (
        visible_dossiers(user)
        .select_related("agency", "procedure_version", "received_by__staff")
        .prefetch_related(events)
        .order_by("-submitted_at", "-id")[:100]
    )
    rows = []
    for dossier in dossiers:
        last = dossier.events_newest[0] if dossier.events_newest else None
        staff = getattr(dossier.received_by, "staff", None) if dossier.received_by_id else None
        desk = org_selectors.desk_serving(dossier.agency_id, getattr(staff, "desk_id", None))
        rows.append(
            CitizenDossier(
                dossier=dossier,
                state_label=choice_label(State, dossier.state),
                desk_name=desk.name if desk else "",
                last_event_label=choice_label(Action, last.action) if last else "",
                last_event_at=last.at if last else None,
                expected=_expected(dossier, now, links_for(dossier)),
            )
        )
    return rows


def public_state(code: str) -> dict | None:
    """What anyone may know of dossier `code` at the kiosk: its state, nothing personal."""
    row = Dossier.objects.filter(code=code).values("code", "state").first()
    if row is None:
        return None
    return {**row, "state_label": choice_label(State, row["state"])}


def notices_for(user):
    return CitizenNotice.objects.filter(user=user).select_related("dossier")[:100]


def unread_count(user) -> int:
    return CitizenNotice.objects.filter(user=user, read_at__isnull=True).count()


def payments_of(user) -> dict:
    """The menu's payment page: the citizen's dossiers awaiting fees (newest first) and the paid
    attempts of their dossiers, with their receipts."""
    mine = visible_dossiers(user)
    due = mine.filter(state=State.AWAITING_FEES).select_related("procedure_version").order_by("-id")[:100]
    paid = (
        PaymentAttempt.objects.filter(intent__dossier__in=mine, state=PaymentAttempt.State.PAID)
        .select_related("intent__dossier")
        .order_by("-paid_at", "-id")[:100]
    )
    return {"due": list(due), "paid": list(paid)}
