"""The quiz, on an explicit clock: the server records the start, refuses late answers (after the
grace), one entry per person per round, automatic marking, the ranking's tie-break by time, prizes,
and results public only once published."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from motcua.dossiers.tests.factories import citizen_account
from motcua.surveys import quiz
from motcua.surveys.errors import ErrorCode, SurveyError
from motcua.surveys.quiz_models import Prize, QuizChoice, QuizEntry, QuizQuestion, QuizRound

from .conftest import at

T0 = at(10, 8, month=12)


def seconds(n):
    return dt.timedelta(seconds=n)


@pytest.fixture
def quiz_round(world):
    r = QuizRound.objects.create(
        title="Vòng 1: Dịch vụ công trực tuyến", owner_agency=world.province,
        opens_at=T0, closes_at=T0 + dt.timedelta(days=7), duration_seconds=600,
    )  # fmt: skip
    for order, (text, right, wrong, points) in enumerate(
        [("Nộp hồ sơ trực tuyến ở đâu?", "Cổng dịch vụ công", "Quầy bưu điện", 1),
         ("Đăng nhập bằng gì?", "VNeID", "Mật khẩu Wi-Fi", 2),
         ("Lệ phí nộp thế nào?", "Thanh toán trực tuyến", "Gửi thư", 1)],
        start=1,
    ):  # fmt: skip
        q = QuizQuestion.objects.create(round=r, order=order, text=text, points=points)
        QuizChoice.objects.create(question=q, order=1, text=right, is_correct=True)
        QuizChoice.objects.create(question=q, order=2, text=wrong)
    Prize.objects.create(round=r, rank_from=1, rank_to=1, name="Giải Nhất")
    Prize.objects.create(round=r, rank_from=2, rank_to=3, name="Giải Nhì")
    return r


def right_answers(r, wrong_on=()):
    return {q.pk: q.choices.get(is_correct=q.order not in wrong_on).pk for q in r.questions.all()}


_ids = iter(range(100, 999))


def person():
    return citizen_account(id_number=f"001190000{next(_ids)}", full_name=f"Thí sinh {next(_ids)}")


def test_the_start_is_the_server_s_and_marking_automatic(quiz_round):
    user = person()
    entry = quiz.start_entry(quiz_round=quiz_round, user=user, now=T0 + seconds(30))
    assert (entry.started_at, entry.deadline) == (T0 + seconds(30), T0 + seconds(630))
    done = quiz.submit_entry(
        entry=entry, answers=right_answers(quiz_round, wrong_on=(3,)), now=T0 + seconds(150)
    )
    assert done.score == 3  # 1 + 2, the third wrong
    assert done.elapsed == seconds(120)


def test_late_answers_are_refused_after_the_grace(quiz_round, settings):
    settings.MOTCUA_QUIZ_GRACE_SECONDS = 5
    on_time, late = person(), person()
    entry = quiz.start_entry(quiz_round=quiz_round, user=on_time, now=T0)
    assert quiz.submit_entry(entry=entry, answers={}, now=T0 + seconds(605)).elapsed == seconds(600)  # capped
    entry = quiz.start_entry(quiz_round=quiz_round, user=late, now=T0)
    with pytest.raises(SurveyError) as refused:
        quiz.submit_entry(entry=entry, answers=right_answers(quiz_round), now=T0 + seconds(606))
    assert refused.value.error_code == ErrorCode.QUIZ_LATE
    assert QuizEntry.objects.get(pk=entry.pk).score is None


def test_the_deadline_never_passes_the_round_s_close(quiz_round):
    entry = quiz.start_entry(quiz_round=quiz_round, user=person(), now=quiz_round.closes_at - seconds(60))
    assert entry.deadline == quiz_round.closes_at


def test_one_entry_per_person_per_round(quiz_round):
    user = person()
    entry = quiz.start_entry(quiz_round=quiz_round, user=user, now=T0)
    assert quiz.start_entry(quiz_round=quiz_round, user=user, now=T0 + seconds(10)).pk == entry.pk  # resumed
    quiz.submit_entry(entry=entry, answers=right_answers(quiz_round), now=T0 + seconds(60))
    with pytest.raises(SurveyError) as again:
        quiz.start_entry(quiz_round=quiz_round, user=user, now=T0 + seconds(70))
    assert again.value.error_code == ErrorCode.QUIZ_ONE_ENTRY
    with pytest.raises(SurveyError) as resubmit:
        quiz.submit_entry(entry=entry, answers={}, now=T0 + seconds(80))
    assert resubmit.value.error_code == ErrorCode.QUIZ_SUBMITTED
    assert QuizEntry.objects.filter(user=user).count() == 1


def test_who_may_enter_and_when(quiz_round):
    unverified = get_user_model().objects.create_user("khach", password="x")
    with pytest.raises(SurveyError) as nobody:
        quiz.start_entry(quiz_round=quiz_round, user=unverified, now=T0)
    assert nobody.value.error_code == ErrorCode.QUIZ_NOT_VERIFIED
    for when in (T0 - seconds(1), quiz_round.closes_at):
        with pytest.raises(SurveyError) as closed:
            quiz.start_entry(quiz_round=quiz_round, user=person(), now=when)
        assert closed.value.error_code == ErrorCode.QUIZ_NOT_OPEN


def test_a_choice_of_another_question_is_refused(quiz_round):
    entry = quiz.start_entry(quiz_round=quiz_round, user=person(), now=T0)
    first, second = quiz_round.questions.all()[:2]
    with pytest.raises(SurveyError):
        quiz.submit_entry(entry=entry, answers={first.pk: second.choices.first().pk}, now=T0 + seconds(5))


def test_ranking_by_score_then_time(quiz_round):
    def play(start, took, wrong_on=()):
        entry = quiz.start_entry(quiz_round=quiz_round, user=person(), now=T0 + seconds(start))
        return quiz.submit_entry(
            entry=entry, answers=right_answers(quiz_round, wrong_on), now=T0 + seconds(start + took)
        )

    slow_full = play(0, 300)
    fast_full = play(10, 200)
    fastest_partial = play(20, 50, wrong_on=(2,))
    same_as_slow = play(40, 300)  # full marks, same time as slow_full, submitted later
    ranked = quiz.ranking(quiz_round)
    assert [r.entry.pk for r in ranked] == [fast_full.pk, slow_full.pk, same_as_slow.pk, fastest_partial.pk]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]
    assert [r.prize for r in ranked] == ["Giải Nhất", "Giải Nhì", "Giải Nhì", ""]
    assert ranked[0].time_taken == "3:20.00"


def test_results_are_public_once_published(quiz_round, world):
    quiz.submit_entry(
        entry=quiz.start_entry(quiz_round=quiz_round, user=person(), now=T0),
        answers=right_answers(quiz_round),
        now=T0 + seconds(42),
    )
    client = Client()
    assert client.get(f"/cuoc-thi/{quiz_round.pk}/ket-qua/").status_code == 404
    with pytest.raises(SurveyError):
        quiz.publish_results(quiz_round=quiz_round, staff=world.control, now=T0 + seconds(60))
    quiz.publish_results(quiz_round=quiz_round, staff=world.control, now=quiz_round.closes_at)
    page = client.get(f"/cuoc-thi/{quiz_round.pk}/ket-qua/")
    assert (
        page.status_code == 200
        and "Giải Nhất" in page.content.decode()
        and "0:42.00" in page.content.decode()
    )


def test_the_sheet_through_the_pages(quiz_round):
    quiz_round.opens_at = timezone.now() - dt.timedelta(hours=1)
    quiz_round.save()
    user = person()
    client = Client()
    assert client.post(f"/cuoc-thi/{quiz_round.pk}/bat-dau/").status_code == 302  # to the login
    client.force_login(user)
    assert client.post(f"/cuoc-thi/{quiz_round.pk}/bat-dau/").status_code == 302
    sheet = client.get(f"/cuoc-thi/{quiz_round.pk}/bai-thi/")
    assert sheet.status_code == 200 and "Đăng nhập bằng gì?" in sheet.content.decode()
    answers = {f"q{k}": str(v) for k, v in right_answers(quiz_round).items()}
    done = client.post(f"/cuoc-thi/{quiz_round.pk}/bai-thi/", answers)
    assert done.status_code == 200 and "Điểm: 4" in done.content.decode()
    assert client.post(f"/cuoc-thi/{quiz_round.pk}/bat-dau/").status_code == 409
