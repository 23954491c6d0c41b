"""The demo's survey and quiz (load_demo): one campaign of Phường Hoàn Kiếm's control officer over
the ward's dossiers returned in the last 30 days, invitations sent and about two thirds answered
with scores drawn from a fixed seed; one quiz round open for two weeks, with prizes. Run again: a
campaign or round of the same name is left as it is."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from motcua.org.models import Staff

from . import services
from .criteria import QuestionKind
from .models import Campaign, Invitation
from .quiz_models import Prize, QuizChoice, QuizQuestion, QuizRound

CAMPAIGN_NAME = "Khảo sát sự hài lòng (dữ liệu mẫu)"
ROUND_TITLE = "Cuộc thi tìm hiểu dịch vụ công trực tuyến — Vòng 1 (dữ liệu mẫu)"
#: Shares of the five levels in the demo's answers (1 … 5).
WEIGHTS = (4, 8, 20, 43, 25)
QUESTIONS = (
    ("Người dân nộp hồ sơ trực tuyến ở đâu?", ("Cổng dịch vụ công", "Tại nhà văn hóa tổ dân phố", "Qua thư tay"), 0),
    ("Tài khoản nào dùng để đăng nhập Cổng dịch vụ công?", ("Tài khoản định danh điện tử VNeID", "Tài khoản mạng xã hội", "Số điện thoại bất kỳ"), 0),
    ("Khi hồ sơ cần bổ sung, cơ quan phải làm gì?", ("Hướng dẫn một lần, đầy đủ bằng văn bản", "Hẹn người dân đến nhiều lần", "Không cần thông báo"), 0),
    ("Hồ sơ trễ hẹn thì cơ quan phải làm gì?", ("Gửi văn bản xin lỗi và hẹn lại ngày trả", "Không phải làm gì", "Thu thêm phí"), 0),
    ("Người dân tra cứu tình trạng hồ sơ bằng gì?", ("Mã số hồ sơ trên Giấy tiếp nhận", "Họ tên của cán bộ", "Số nhà"), 0),
)  # fmt: skip


def load(now: dt.datetime | None = None) -> tuple[int, int]:
    """(responses recorded, quiz questions created) by this run."""
    now = now or timezone.now()
    return _campaign(now), _round(now)


def _campaign(now: dt.datetime) -> int:
    if Campaign.objects.filter(name=CAMPAIGN_NAME).exists():
        return 0
    staff = Staff.objects.select_related("agency").filter(user__username="hoankiem.kiemsoat").first()
    if staff is None:
        return 0
    today = timezone.localdate(now)
    campaign = services.create_campaign(
        staff=staff,
        name=CAMPAIGN_NAME,
        agencies=[staff.agency],
        returned_from=today - dt.timedelta(days=30),
        returned_to=today,
        sample_per_agency=60,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=30),
        now=now,
    )
    services.send_invitations(campaign=campaign, staff=staff, now=now)
    draw = random.Random(14)
    questions = list(campaign.questions.all())
    answered = 0
    for invitation in Invitation.objects.filter(campaign=campaign).select_related("campaign").order_by("pk"):
        if draw.random() > 0.66:
            continue  # not everyone answers
        answers = {
            str(q.pk): ("" if q.kind == QuestionKind.TEXT else str(draw.choices(range(1, 6), WEIGHTS)[0]))
            for q in questions
        }
        services.submit_response(
            invitation=invitation, answers=answers, channel=draw.choice(["portal", "kiosk"]), now=now
        )
        answered += 1
    return answered


def _round(now: dt.datetime) -> int:
    if QuizRound.objects.filter(title=ROUND_TITLE).exists():
        return 0
    owner = (
        Staff.objects.filter(user__username="hoankiem.kiemsoat").values_list("agency_id", flat=True).first()
    )
    if owner is None:
        return 0
    quiz_round = QuizRound.objects.create(
        title=ROUND_TITLE,
        description="Thi trắc nghiệm 5 câu trong 10 phút. Mỗi người dự thi một lần, bằng tài khoản VNeID.",
        owner_agency_id=owner,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=14),
        duration_seconds=600,
    )
    for order, (text, choices, right) in enumerate(QUESTIONS, start=1):
        question = QuizQuestion.objects.create(round=quiz_round, order=order, text=text)
        QuizChoice.objects.bulk_create(
            QuizChoice(question=question, order=n, text=choice, is_correct=n == right + 1)
            for n, choice in enumerate(choices, start=1)
        )
    Prize.objects.bulk_create(
        [
            Prize(round=quiz_round, rank_from=1, rank_to=1, name="Giải Nhất"),
            Prize(round=quiz_round, rank_from=2, rank_to=3, name="Giải Nhì"),
            Prize(round=quiz_round, rank_from=4, rank_to=10, name="Giải Khuyến khích"),
        ]
    )
    return len(QUESTIONS)
