"""Answering a survey, one question per page (GOV.UK's "one thing per page"), from the link sent
(`/khao-sat/<token>/`) or at the desk's kiosk (`/khao-sat/ki-ot/`: the short code typed, no
login). The answers wait in the session until the last page sends them to `submit_response`."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from motcua.core.throttles import check_page

from .. import selectors, services
from ..criteria import SCALE, Criterion, QuestionKind
from ..errors import SurveyError
from ..models import Invitation, ResponseChannel
from .access import KioskCodeThrottle, SurveyLinkThrottle

KIOSK_SESSION = "survey_kiosk_invitation"


@dataclass(frozen=True)
class Flow:
    """Where an answering page's invitation comes from, and how its pages are named."""

    invitation: Invitation
    kiosk: bool

    def url(self, name: str, *args) -> str:
        if self.kiosk:
            return reverse(f"surveys:kiosk-{name}", args=args)
        return reverse(f"surveys:{name}", args=[self.invitation.token, *args])

    @property
    def session_key(self) -> str:
        return f"survey_answers:{self.invitation.pk}"

    @property
    def channel(self) -> str:
        return ResponseChannel.KIOSK if self.kiosk else ResponseChannel.PORTAL


def _flow(request, token: str | None) -> Flow:
    if token is None:
        pk = request.session.get(KIOSK_SESSION)
        invitation = Invitation.objects.select_related("campaign").filter(pk=pk).first() if pk else None
        if invitation is None:
            raise Http404
        return Flow(invitation, kiosk=True)
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404
    return Flow(invitation, kiosk=False)


def _closed_page(request, flow: Flow):
    """Already answered, or outside the campaign's dates: say so, never show the questions."""
    now = timezone.now()
    if flow.invitation.answered_at is not None:
        return render(request, "surveys/answer_closed.html", {"flow": flow, "answered": True})
    if not services.is_open(flow.invitation.campaign, now):
        return render(request, "surveys/answer_closed.html", {"flow": flow, "answered": False})
    return None


def _page(request, token: str | None, view):
    if token is not None and (refusal := check_page(request, SurveyLinkThrottle)) is not None:
        return refusal
    flow = _flow(request, token)
    return _closed_page(request, flow) or view(request, flow)


def _start(request, flow: Flow):
    questions = list(flow.invitation.campaign.questions.all())
    return render(
        request,
        "surveys/answer_start.html",
        {
            "flow": flow,
            "campaign": flow.invitation.campaign,
            "count": len(questions),
            "first": flow.url("question", 1),
        },
    )


def _question(request, flow: Flow, number: int):
    questions = list(flow.invitation.campaign.questions.all())
    if not 1 <= number <= len(questions):
        raise Http404
    question = questions[number - 1]
    answers = request.session.get(flow.session_key, {})
    error = None
    if request.method == "POST":
        raw = request.POST.get("answer", "")
        try:
            services.check_answer(question, raw)
        except SurveyError as refusal:
            error = refusal.messages[0]
        else:
            answers[str(question.pk)] = raw.strip()
            request.session[flow.session_key] = answers
            following = flow.url("question", number + 1) if number < len(questions) else flow.url("review")
            return redirect(following)
    previous = flow.url("question", number - 1) if number > 1 else flow.url("start")
    return render(
        request,
        "surveys/answer_question.html",
        {
            "flow": flow,
            "question": question,
            "criterion": Criterion(question.criterion).label,
            "number": number,
            "count": len(questions),
            "scale": SCALE if question.kind == QuestionKind.SCALE else None,
            "value": answers.get(str(question.pk), ""),
            "error": error,
            "back": previous,
        },
        status=400 if error else 200,
    )


def _review(request, flow: Flow):
    questions = list(flow.invitation.campaign.questions.all())
    answers = request.session.get(flow.session_key, {})
    labels = dict(SCALE)
    rows = []
    for number, q in enumerate(questions, start=1):
        raw = answers.get(str(q.pk), "")
        shown = labels.get(int(raw), raw) if raw.isdigit() else raw
        rows.append(
            {"number": number, "question": q, "answer": shown, "change": flow.url("question", number)}
        )
    error = None
    if request.method == "POST":
        try:
            services.submit_response(
                invitation=flow.invitation, answers=answers, channel=flow.channel, now=timezone.now()
            )
        except SurveyError as refusal:
            error = refusal.messages[0]
            if refusal.field:  # a question left unanswered: back to it
                missing = next(n for n, q in enumerate(questions, start=1) if f"q{q.pk}" == refusal.field)
                return redirect(flow.url("question", missing))
        else:
            request.session.pop(flow.session_key, None)
            if flow.kiosk:  # the kiosk is ready for the next person
                request.session.pop(KIOSK_SESSION, None)
            return redirect(flow.url("done"))
    return render(request, "surveys/answer_review.html", {"flow": flow, "rows": rows, "error": error})


# --- The link ----------------------------------------------------------------------------------


def start(request, token: str):
    return _page(request, token, _start)


@require_http_methods(["GET", "POST"])
def question(request, token: str, number: int):
    return _page(request, token, lambda r, f: _question(r, f, number))


@require_http_methods(["GET", "POST"])
def review(request, token: str):
    return _page(request, token, _review)


def done(request, token: str):
    return render(request, "surveys/answer_done.html", {"flow": _flow(request, token), "kiosk": False})


# --- The kiosk ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def kiosk(request):
    """The kiosk's first page: type the code of the invitation (printed or sent by SMS)."""
    error = None
    if request.method == "POST":
        if (refusal := check_page(request, KioskCodeThrottle)) is not None:
            return refusal
        invitation = selectors.invitation_by_short_code(request.POST.get("code", ""))
        if invitation is None:
            error = "unknown"
        else:
            request.session[KIOSK_SESSION] = invitation.pk
            return redirect("surveys:kiosk-start")
    return render(request, "surveys/kiosk.html", {"error": error}, status=400 if error else 200)


def kiosk_start(request):
    return _page(request, None, _start)


@require_http_methods(["GET", "POST"])
def kiosk_question(request, number: int):
    return _page(request, None, lambda r, f: _question(r, f, number))


@require_http_methods(["GET", "POST"])
def kiosk_review(request):
    return _page(request, None, _review)


def kiosk_done(request):
    return render(request, "surveys/answer_done.html", {"flow": None, "kiosk": True})
