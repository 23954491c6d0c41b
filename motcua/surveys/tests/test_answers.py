"""One answer per invitation: the command (a second submit refused; two concurrent submits, one
response), its checks (open dates, every scale question answered in 1–5), and the pages that
take it, one question per page, from the link and from the kiosk."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from motcua.surveys import services
from motcua.surveys.errors import ErrorCode, SurveyError
from motcua.surveys.models import Answer, Invitation, Response, SurveyEvent

from .conftest import World, at, scale_answers

OPEN = at(2, 10, month=12)


def sent_invitation(world, n=1):
    for day in range(1, n + 1):
        world.returned(world.ward_a, day=day)
    campaign = world.campaign()
    services.send_invitations(campaign=campaign, staff=world.control, now=at(1, 9, month=12))
    return campaign, list(Invitation.objects.filter(campaign=campaign).select_related("campaign"))


def test_a_second_submit_is_refused(world):
    campaign, [invitation] = sent_invitation(world)
    response = services.submit_response(
        invitation=invitation, answers=scale_answers(campaign, 4, "Tốt"), channel="portal", now=OPEN
    )
    assert response.agency_id == world.ward_a.pk
    assert Answer.objects.filter(response=response).count() == campaign.questions.count()
    with pytest.raises(SurveyError) as again:
        services.submit_response(
            invitation=invitation, answers=scale_answers(campaign, 1), channel="kiosk", now=OPEN
        )
    assert again.value.error_code == ErrorCode.ALREADY_ANSWERED
    assert Response.objects.count() == 1
    assert set(Answer.objects.exclude(score=None).values_list("score", flat=True)) == {4}
    assert SurveyEvent.objects.filter(action="response").count() == 1


def test_the_unique_key_has_the_last_word_when_the_row_lock_does_not_hold(world):
    """SQLite has no row locks: the invitation read as unanswered, the response already there."""
    campaign, [invitation] = sent_invitation(world)
    Response.objects.create(
        invitation=invitation, campaign=campaign, agency=world.ward_a, channel="portal", submitted_at=OPEN
    )  # the other request's insert, its answered_at not yet visible
    with pytest.raises(SurveyError) as lost:
        services.submit_response(
            invitation=invitation, answers=scale_answers(campaign, 5), channel="portal", now=OPEN
        )
    assert lost.value.error_code == ErrorCode.ALREADY_ANSWERED
    assert Answer.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_response():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on the whole file; row locking is exercised on PostgreSQL")
    world = World()
    campaign, [invitation] = sent_invitation(world)

    def submit(score):
        try:
            services.submit_response(
                invitation=Invitation.objects.select_related("campaign").get(pk=invitation.pk),
                answers=scale_answers(campaign, score),
                channel="portal",
                now=OPEN,
            )
            return "ok"
        except SurveyError as refusal:
            return refusal.error_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(submit, [1, 2, 3, 4, 5, 1, 2, 3]))
    assert outcomes.count("ok") == 1
    assert outcomes.count(ErrorCode.ALREADY_ANSWERED) == 7
    assert Response.objects.count() == 1
    scores = set(Answer.objects.exclude(score=None).values_list("score", flat=True))
    assert len(scores) == 1  # all the answers of one submit, none of another


def test_answers_are_checked_and_the_dates_kept(world):
    campaign, [invitation] = sent_invitation(world)
    answers = scale_answers(campaign, 4)
    first = campaign.questions.first()
    with pytest.raises(SurveyError) as missing:
        services.submit_response(
            invitation=invitation, answers={**answers, str(first.pk): ""}, channel="portal", now=OPEN
        )
    assert missing.value.field == f"q{first.pk}"
    with pytest.raises(SurveyError):
        services.submit_response(
            invitation=invitation, answers={**answers, str(first.pk): "6"}, channel="portal", now=OPEN
        )
    text = campaign.questions.get(kind="text")
    with pytest.raises(SurveyError):
        services.submit_response(
            invitation=invitation, answers={**answers, str(text.pk): "x" * 2001}, channel="portal", now=OPEN
        )
    for when in (at(30, 23, month=11), at(31, 0, month=12)):  # before it opens; at the close
        with pytest.raises(SurveyError) as closed:
            services.submit_response(invitation=invitation, answers=answers, channel="portal", now=when)
        assert closed.value.error_code == ErrorCode.NOT_OPEN
    assert Response.objects.count() == 0


@pytest.fixture
def open_now(monkeypatch):
    """The pages read the real clock: open the campaign around it."""

    def widen(campaign):
        from django.utils import timezone

        type(campaign).objects.filter(pk=campaign.pk).update(
            opens_at=timezone.now() - timezone.timedelta(days=1),
            closes_at=timezone.now() + timezone.timedelta(days=1),
        )

    return widen


def answer_through(client, prefix, campaign, score="4"):
    """Every question page, in order, then the review and the send."""
    assert client.get(prefix).status_code == 200
    for number, q in enumerate(campaign.questions.all(), start=1):
        page = f"{prefix}cau/{number}/"
        assert client.get(page).status_code == 200
        value = "Phục vụ nhanh" if q.kind == "text" else score
        assert client.post(page, {"answer": value}).status_code == 302
    review = client.get(f"{prefix}kiem-tra/")
    assert "Phục vụ nhanh" in review.content.decode()
    return client.post(f"{prefix}kiem-tra/")


def test_the_link_takes_one_question_per_page(world, open_now):
    campaign, [invitation] = sent_invitation(world)
    open_now(campaign)
    client = Client()
    prefix = f"/khao-sat/{invitation.token}/"

    refused = client.post(f"{prefix}cau/1/", {"answer": "9"})
    assert refused.status_code == 400 and "Chọn một mức từ 1 đến 5" in refused.content.decode()
    sent = answer_through(client, prefix, campaign)
    assert sent.status_code == 302 and sent["Location"].endswith("/cam-on/")
    response = Response.objects.get()
    assert response.channel == "portal"
    assert Answer.objects.get(response=response, question__kind="text").text == "Phục vụ nhanh"
    again = client.get(prefix)
    assert "đã được trả lời" in again.content.decode()
    assert "đã được trả lời" in client.get(f"{prefix}cau/1/").content.decode()


def test_an_unknown_token_is_a_404(world):
    assert Client().get("/khao-sat/" + "A" * 43 + "/").status_code == 404
    assert Client().get("/khao-sat/%00/").status_code == 404


def test_the_kiosk_takes_the_short_code_without_login(world, open_now):
    campaign, [invitation] = sent_invitation(world)
    open_now(campaign)
    client = Client()
    assert client.post("/khao-sat/ki-ot/", {"code": "ZZZZZZZZ"}).status_code == 400
    code = invitation.short_code
    entered = client.post("/khao-sat/ki-ot/", {"code": f"{code[:4].lower()}-{code[4:]}"})
    assert entered.status_code == 302
    sent = answer_through(client, "/khao-sat/ki-ot/", campaign)
    assert sent.status_code == 302
    assert Response.objects.get().channel == "kiosk"
    assert client.get("/khao-sat/ki-ot/cau/1/").status_code == 404  # the next person starts afresh
