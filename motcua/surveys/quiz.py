"""The quiz's commands and its ranking (seed 002's "Cuộc thi tìm hiểu dịch vụ công trực tuyến").

- Who enters: a portal account linked to a verified identity (a VNeID login links it, as for
  online submission), so "one entry per person per round" is one per identity, enforced by a
  unique key on (round, account).
- Timing is the server's: `start_entry` records the start and the deadline (the round's duration,
  never past the round's close); `submit_entry` refuses a submission after the deadline plus a
  small grace for the network (`MOTCUA_QUIZ_GRACE_SECONDS`, 5 s). Reloading the page resumes the
  same entry with the clock still running.
- Marking is automatic: the points of each question answered with its correct choice.
- Ranking: score (highest first), then the time taken (shortest first), then the earlier
  submission; entries equal on all three share a rank. Prizes go by rank ranges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import Applicant
from motcua.org.models import Staff

from .errors import ErrorCode, SurveyError
from .models import SurveyEvent
from .quiz_models import QuizAnswer, QuizChoice, QuizEntry, QuizRound
from .services import require_manager


def grace() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "MOTCUA_QUIZ_GRACE_SECONDS", 5)))


def _event(
    *, quiz_round: QuizRound, user: User | None, action: str, now: dt.datetime, label: str = "", **data
):
    SurveyEvent.objects.create(
        quiz_round=quiz_round, at=now, actor=user, actor_label=label, action=action, data=data
    )


def verified_name(user: User | None) -> str | None:
    """The name of the verified identity behind `user`, or None when the account has none."""
    if user is None or not user.is_authenticated:
        return None
    person = Applicant.objects.filter(user=user).exclude(id_number="").only("full_name").first()
    return person.full_name if person is not None else None


def is_open(quiz_round: QuizRound, now: dt.datetime) -> bool:
    return quiz_round.opens_at <= now < quiz_round.closes_at


def start_entry(*, quiz_round: QuizRound, user: User, now: dt.datetime) -> QuizEntry:
    """The account's entry in the round: started now, or the one already running (resumed)."""
    name = verified_name(user)
    if name is None:
        raise SurveyError(
            _("Cần đăng nhập bằng tài khoản đã xác thực định danh (VNeID) để dự thi."),
            code=ErrorCode.QUIZ_NOT_VERIFIED,
        )
    existing = QuizEntry.objects.filter(round=quiz_round, user=user).first()
    if existing is not None:
        if existing.submitted_at is None and now <= existing.deadline:
            return existing
        raise SurveyError(_("Mỗi người chỉ dự thi một lần trong mỗi vòng."), code=ErrorCode.QUIZ_ONE_ENTRY)
    if not is_open(quiz_round, now):
        raise SurveyError(_("Vòng thi không mở lúc này."), code=ErrorCode.QUIZ_NOT_OPEN)
    try:
        with transaction.atomic():
            entry = QuizEntry.objects.create(
                round=quiz_round,
                user=user,
                display_name=name,
                started_at=now,
                deadline=min(now + dt.timedelta(seconds=quiz_round.duration_seconds), quiz_round.closes_at),
            )
            _event(quiz_round=quiz_round, user=user, action="quiz_start", now=now, label=name)
    except IntegrityError as error:  # a second tab started at the same instant
        raise SurveyError(
            _("Mỗi người chỉ dự thi một lần trong mỗi vòng."), code=ErrorCode.QUIZ_ONE_ENTRY
        ) from error
    return entry


def submit_entry(*, entry: QuizEntry, answers: Mapping[int, int | None], now: dt.datetime) -> QuizEntry:
    """Mark the entry (`answers`: question id → chosen choice id); refused when late or resubmitted."""
    with transaction.atomic():
        locked = QuizEntry.objects.select_for_update().select_related("round").get(pk=entry.pk)
        if locked.submitted_at is not None:
            raise SurveyError(_("Bài thi đã được nộp."), code=ErrorCode.QUIZ_SUBMITTED)
        if now > locked.deadline + grace():
            raise SurveyError(
                _("Đã hết giờ làm bài: bài nộp sau thời hạn không được chấm."), code=ErrorCode.QUIZ_LATE
            )
        questions = {q.pk: q for q in locked.round.questions.all()}
        wanted = {int(c) for c in answers.values() if c is not None}
        choices = {c.pk: c for c in QuizChoice.objects.filter(pk__in=wanted, question__round=locked.round)}
        score, rows = 0, []
        for question_id, question in questions.items():
            choice_id = answers.get(question_id)
            choice = choices.get(int(choice_id)) if choice_id is not None else None
            if choice_id is not None and (choice is None or choice.question_id != question_id):
                raise SurveyError(
                    _("Phương án không thuộc câu hỏi."), code=ErrorCode.INVALID, field=f"q{question_id}"
                )
            if choice is not None and choice.is_correct:
                score += question.points
            rows.append(QuizAnswer(entry=locked, question=question, choice=choice))
        QuizAnswer.objects.bulk_create(rows)
        locked.submitted_at = now
        locked.score = score
        locked.elapsed = min(now, locked.deadline) - locked.started_at
        locked.save(update_fields=["submitted_at", "score", "elapsed"])
        _event(quiz_round=locked.round, user=locked.user, action="quiz_submit", now=now, score=score)
    return locked


@dataclass(frozen=True)
class Ranked:
    rank: int
    entry: QuizEntry
    prize: str

    @property
    def time_taken(self) -> str:
        """ "m:ss.cc" (the tie-break shows to the hundredth of a second)."""
        total = (self.entry.elapsed or dt.timedelta()).total_seconds()
        minutes, seconds = divmod(total, 60)
        return f"{int(minutes)}:{seconds:05.2f}"


def ranking(quiz_round: QuizRound) -> list[Ranked]:
    entries = QuizEntry.objects.filter(round=quiz_round, submitted_at__isnull=False).order_by(
        "-score", "elapsed", "submitted_at", "pk"
    )
    prizes = list(quiz_round.prizes.all())
    ranked: list[Ranked] = []
    previous = None
    for position, entry in enumerate(entries, start=1):
        key = (entry.score, entry.elapsed, entry.submitted_at)
        rank = ranked[-1].rank if previous == key and ranked else position
        previous = key
        prize = next((p.name for p in prizes if p.rank_from <= rank <= p.rank_to), "")
        ranked.append(Ranked(rank=rank, entry=entry, prize=prize))
    return ranked


def publish_results(*, quiz_round: QuizRound, staff: Staff, now: dt.datetime) -> QuizRound:
    require_manager(staff)
    if now < quiz_round.closes_at:
        raise SurveyError(_("Chỉ công bố kết quả sau khi vòng thi đóng."), code=ErrorCode.QUIZ_NOT_OPEN)
    with transaction.atomic():
        locked = QuizRound.objects.select_for_update().get(pk=quiz_round.pk)
        locked.results_published_at = now
        locked.save(update_fields=["results_published_at"])
        _event(quiz_round=locked, user=staff.user, action="quiz_publish", now=now, label=staff.full_name)
    return locked
