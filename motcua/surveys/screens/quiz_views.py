"""The quiz's public pages (/cuoc-thi/): the rounds, a round's rules and start, the timed question
sheet, and the published results. The clock is the server's (`quiz`); the page only shows it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import quiz
from ..errors import SurveyError
from ..quiz_models import QuizEntry, QuizRound


def _login_url(request) -> str:
    try:
        login = reverse("portal:login")
    except NoReverseMatch:
        login = "/dang-nhap/"
    return login + "?" + urlencode({"next": request.get_full_path()})


def rounds(request):
    now = timezone.now()
    return render(request, "surveys/quiz_rounds.html", {"rounds": QuizRound.objects.all()[:50], "now": now})


def round_page(request, pk: int):
    quiz_round = get_object_or_404(QuizRound, pk=pk)
    entry = (
        QuizEntry.objects.filter(round=quiz_round, user=request.user).first()
        if request.user.is_authenticated
        else None
    )
    return render(
        request,
        "surveys/quiz_round.html",
        {
            "round": quiz_round,
            "entry": entry,
            "open": quiz.is_open(quiz_round, timezone.now()),
            "verified": quiz.verified_name(request.user) is not None,
            "login_url": _login_url(request),
            "minutes": quiz_round.duration_seconds // 60,
        },
    )


@require_POST
def start(request, pk: int):
    quiz_round = get_object_or_404(QuizRound, pk=pk)
    if not request.user.is_authenticated:
        return redirect(_login_url(request))
    try:
        quiz.start_entry(quiz_round=quiz_round, user=request.user, now=timezone.now())
    except SurveyError as refusal:
        return render(
            request,
            "surveys/quiz_refused.html",
            {"round": quiz_round, "message": refusal.messages[0]},
            status=409,
        )
    return redirect("surveys:quiz-sheet", quiz_round.pk)


@require_http_methods(["GET", "POST"])
def sheet(request, pk: int):
    quiz_round = get_object_or_404(QuizRound, pk=pk)
    if not request.user.is_authenticated:
        return redirect(_login_url(request))
    entry = QuizEntry.objects.filter(round=quiz_round, user=request.user).first()
    if entry is None:
        return redirect("surveys:quiz-round", quiz_round.pk)
    if entry.submitted_at is not None:
        return render(request, "surveys/quiz_submitted.html", {"round": quiz_round, "entry": entry})
    questions = list(quiz_round.questions.prefetch_related("choices"))
    if request.method == "POST":
        answers: dict[int, int | None] = {}
        for q in questions:
            raw = request.POST.get(f"q{q.pk}", "")
            answers[q.pk] = int(raw) if raw.isdigit() and len(raw) < 19 else None
        try:
            entry = quiz.submit_entry(entry=entry, answers=answers, now=timezone.now())
        except SurveyError as refusal:
            return render(
                request,
                "surveys/quiz_refused.html",
                {"round": quiz_round, "message": refusal.messages[0]},
                status=409,
            )
        return render(request, "surveys/quiz_submitted.html", {"round": quiz_round, "entry": entry})
    left = max(0, int((entry.deadline - timezone.now()).total_seconds()))
    return render(
        request,
        "surveys/quiz_sheet.html",
        {"round": quiz_round, "entry": entry, "questions": questions, "seconds_left": left},
    )


def results(request, pk: int):
    quiz_round = get_object_or_404(QuizRound, pk=pk)
    if quiz_round.results_published_at is None:
        raise Http404
    return render(
        request, "surveys/quiz_results.html", {"round": quiz_round, "ranked": quiz.ranking(quiz_round)}
    )
