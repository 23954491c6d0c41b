"""Issue 14's survey walk in Chromium (Playwright, Debian's browser): a citizen invited by SMS opens
the link on a 360-px phone and answers the satisfaction survey one question per page, checks the
answers and sends them; axe-core (vendored) finds no serious or critical violation on any page and
no page scrolls sideways. Then the link says the invitation is answered. The quiz's public pages
and the kiosk's first page pass the same checks.

A walk over the outbox, the portal's layout and the surveys' pages, so it lives in tests/walks."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.utils import timezone

from motcua.integrations.models import OutboxMessage
from motcua.office.tests.test_browser import browser  # noqa: F401 (the fixture)
from motcua.portal.tracking.tests.test_accessibility import violations
from motcua.surveys import services
from motcua.surveys.models import Answer, Response
from motcua.surveys.quiz_models import QuizChoice, QuizQuestion, QuizRound
from motcua.surveys.tests.conftest import World

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread

pytestmark = [pytest.mark.browser]


def problems_of(page) -> list[str]:
    page.locator("main").wait_for()
    found = violations(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        found.append(f"horizontal scroll of {overflow}px at 360 px")
    return found


def test_a_survey_answered_on_a_360_px_phone(transactional_db, live_server, browser):  # noqa: F811
    world = World()
    world.returned(world.ward_a, day=5, phone="0912345678")
    now = timezone.now()
    campaign = world.campaign(opens=now - dt.timedelta(days=1), closes=now + dt.timedelta(days=7))
    services.send_invitations(campaign=campaign, staff=world.control, now=now)
    sms = OutboxMessage.objects.get(channel="sms")
    link = re.search(r"/khao-sat/[\w-]+/", sms.body).group(0)  # what the citizen's phone shows
    round_ = QuizRound.objects.create(
        title="Vòng 1", owner_agency=world.province, opens_at=now, closes_at=now + dt.timedelta(days=1),
        duration_seconds=600,
    )  # fmt: skip
    q = QuizQuestion.objects.create(round=round_, order=1, text="Đăng nhập bằng gì?")
    QuizChoice.objects.create(question=q, order=1, text="VNeID", is_correct=True)

    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found: dict[str, list[str]] = {}

    def check(name):
        if problems := problems_of(page):
            found[name] = problems

    page.goto(live_server.url + link)
    check("start")
    page.get_by_role("link", name="Bắt đầu").click()
    questions = list(campaign.questions.all())
    for number, question in enumerate(questions, start=1):
        page.wait_for_url(re.compile(rf"/cau/{number}/$"))
        if number == 1:  # the error page once: the summary links to the field
            page.get_by_role("button", name="Tiếp tục").click()
            check("question-error")
        check(f"question-{number}")
        if question.kind == "scale":
            page.get_by_label(re.compile(r"4 — Hài lòng")).check()
        else:
            page.get_by_label(question.text).fill("Cán bộ hướng dẫn tận tình")
        page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/kiem-tra/$"))
    check("review")
    page.get_by_role("button", name="Gửi phiếu").click()
    page.wait_for_url(re.compile(r"/cam-on/$"))
    check("done")
    page.goto(live_server.url + link)
    assert "đã được trả lời" in page.locator("main").inner_text()
    for name, url in (
        ("kiosk", "/khao-sat/ki-ot/"),
        ("quiz", "/cuoc-thi/"),
        ("round", f"/cuoc-thi/{round_.pk}/"),
    ):
        page.goto(live_server.url + url)
        check(name)
    context.close()

    assert found == {}
    response = Response.objects.get()
    assert response.channel == "portal"
    assert list(Answer.objects.exclude(score=None).values_list("score", flat=True).distinct()) == [4]
    assert Answer.objects.get(question__kind="text").text == "Cán bộ hướng dẫn tận tình"
