"""Demo feedback (load_demo): work for the control offices' demo accounts (`*.kiemsoat`) and the
agencies' officers, and a published answer on /phan-anh/. Made through the services (with their
events); only into an empty feedback table, so running load_demo again adds nothing."""

from __future__ import annotations

import datetime as dt
import functools

from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.calendars.services import calendar_for
from motcua.org.models import Agency, Role, Staff

from . import periods, selectors, services
from .access import Actor
from .models import Feedback
from .states import Category, Channel, Kind, Subject

AGENCIES = ("Ủy ban nhân dân Phường Hoàn Kiếm", "Sở Tư pháp")


def _officer(agency: Agency, role: str) -> Staff | None:
    return Staff.objects.filter(agency=agency, roles__role=role).order_by("pk").first()


def working_hours_back(calendar, now: dt.datetime, hours: int) -> dt.datetime:
    """The moment `hours` working hours before `now` on `calendar` (a demo item's age)."""
    moment = now
    while hours > 0:
        moment -= dt.timedelta(hours=1)
        if calendar.is_working_time(moment):
            hours -= 1
    return moment


def load(now: dt.datetime | None = None) -> int:
    if Feedback.objects.exists():
        return 0
    periods.install_defaults()  # a flushed test database has lost what the migration seeded
    now = now or timezone.now()
    made = 0
    for agency in Agency.objects.filter(name__in=AGENCIES, valid_to__isnull=True).order_by("name"):
        controller, holder = _officer(agency, Role.CONTROL_OFFICER), _officer(agency, Role.SPECIALIST)
        if controller is None or holder is None:
            continue
        calendar = calendar_for(agency)
        back = functools.partial(working_hours_back, calendar, now)

        def send(received, agency=agency, **fields):
            values = dict(
                kind=Kind.PHAN_ANH,
                subject=Subject.PROCEDURE,
                channel=Channel.PORTAL,
                addressed_agency=agency,
                sender=services.Sender(name="Nguyễn Thị Thu", phone="0912000111"),
                actor=Actor.sender(None, "Nguyễn Thị Thu"),
                now=received,
            )
            values.update(fields)
            return services.submit_feedback(**values)

        office, answering = Actor.officer(controller), Actor.officer(holder)
        send(
            back(26),
            title="Niêm yết thủ tục chưa cập nhật",
            content="Bảng niêm yết tại bộ phận một cửa vẫn ghi mức lệ phí cũ. Liên hệ tôi số 0912 000 111.",
        )
        send(
            back(6),
            kind=Kind.KIEN_NGHI,
            subject=Subject.REGULATION,
            channel=Channel.HOTLINE,
            actor=office,
            sender=services.Sender(name="Trần Văn Hải", phone="0988111222"),
            title="Đề nghị bỏ yêu cầu bản sao giấy tờ đã có trong cơ sở dữ liệu",
            content="Ông Trần Văn Hải gọi đường dây nóng, đề nghị không yêu cầu nộp bản sao CCCD 001080123456.",
        )
        routed = send(
            back(20), title="Hồ sơ quá hẹn chưa có kết quả", content="Tôi nộp hồ sơ đã quá ngày hẹn."
        )
        services.route(
            feedback=routed, actor=office, category=Category.DOSSIER_HANDLING, agency=agency, now=back(18)
        )
        answered = send(
            back(40), title="Thái độ tiếp dân", content="Cán bộ Minh trả lời cộc lốc khi tôi hỏi."
        )
        services.route(
            feedback=answered, actor=office, category=Category.OFFICER_CONDUCT, agency=agency, now=back(38)
        )
        services.answer(
            feedback=answered,
            actor=answering,
            text="Cơ quan đã nhắc nhở cán bộ và xin lỗi bà Nguyễn Thị Thu.",
            now=back(10),
        )
        published = send(
            back(80),
            title="Hướng dẫn nộp trực tuyến",
            content="Tôi là Lê Văn Nam, số 5 ngõ 12 phố Huế, không biết nộp trực tuyến.",
        )
        services.route(
            feedback=published,
            actor=office,
            category=Category.PROCEDURE_IMPLEMENTATION,
            agency=agency,
            now=back(78),
        )
        services.answer(
            feedback=published, actor=answering, text="Ông Lê Văn Nam xem hướng dẫn trên Cổng.", now=back(60)
        )
        published.refresh_from_db()
        texts = selectors.masked_draft(published)
        services.publish_answer(feedback=published, actor=office, confirmed=True, now=back(56), **texts)
        made += 5
    # The demo citizen's own item, if the account exists.
    citizen = get_user_model().objects.filter(username="congdan").first()
    if citizen is not None and made:
        agency = Agency.objects.filter(name=AGENCIES[0]).first()
        services.submit_feedback(
            kind=Kind.KIEN_NGHI,
            subject=Subject.PROCEDURE,
            channel=Channel.PORTAL,
            addressed_agency=agency,
            sender=services.Sender(name=citizen.get_full_name() or citizen.username, user=citizen),
            actor=Actor.sender(citizen, citizen.username),
            title="Kéo dài giờ tiếp nhận",
            content="Đề nghị bộ phận một cửa tiếp nhận cả sáng thứ Bảy.",
            now=now - dt.timedelta(hours=2),
        )
        made += 1
    return made
