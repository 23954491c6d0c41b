"""At-risk dossiers: the model's ordering on hand-built cases, the stored scores and who sees them,
the Mẫu 04 draft one working day ahead, the digest's recipients (issue 12)."""

from datetime import timedelta

import pytest

from motcua.calendars.services import calendar_for
from motcua.dossiers import services
from motcua.dossiers.models import DocumentKind, DossierDocument, DossierEvent, DossierStep, StepState
from motcua.dossiers.states import Action
from motcua.integrations.models import OutboxMessage
from motcua.org.tests.factories import CommuneFactory, StaffFactory
from motcua.reports import alerts, risk
from motcua.reports.risk import History, Part, Situation, predict
from motcua.reports.risk_models import ApologyDraft, RiskScore

DAY = 8 * 3600.0


def _history(ratios):
    return History(by_step={}, by_procedure={1: sorted(ratios)}, overall=sorted(ratios))


def test_much_work_little_time_scores_higher_than_nearly_done():
    history = _history([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.5, 0.6])
    behind = Situation(
        dossier_id=1,
        procedure_id=1,
        left=2 * DAY,
        parts=[
            Part(1, "Thẩm định", 3 * DAY, elapsed=1 * DAY, active=True),
            Part(2, "Xác minh", 5 * DAY),
            Part(3, "Phê duyệt", 3 * DAY),
        ],
    )
    nearly_done = Situation(
        dossier_id=2,
        procedure_id=1,
        left=4 * DAY,
        parts=[Part(3, "Phê duyệt", 3 * DAY, elapsed=2.5 * DAY, active=True)],
    )
    high, low = predict(behind, history), predict(nearly_done, history)
    assert high.probability > 0.9
    assert low.probability < 0.1
    assert high.expected > low.expected
    # explainable: which distribution each step drew from, with its budget and what it has taken
    assert [s["source"] for s in high.explanation["steps"]] == ["procedure"] * 3
    assert high.explanation["steps"][0]["spent_hours"] == 8.0


def test_thin_history_falls_back_and_load_scales_the_active_step():
    history = History(by_step={(1, "A"): [0.1] * 3}, by_procedure={1: [0.9] * 10}, overall=[0.9] * 10)
    assert history.ratios(1, "A")[1] == "procedure"  # 3 < MIN_SAMPLES
    assert History().ratios(1, "A")[1] == "prior"
    light = Situation(1, 1, left=4 * DAY, parts=[Part(1, "A", 4 * DAY, active=True, scale=1.0)])
    loaded = Situation(1, 1, left=4 * DAY, parts=[Part(1, "A", 4 * DAY, active=True, scale=1.5)])
    assert predict(light, history).probability == 0.0  # 0.9 × budget fits
    assert predict(loaded, history).probability == 1.0  # 1.35 × budget does not


def test_parallel_steps_count_as_their_slowest():
    history = _history([1.0] * 10)
    sit = Situation(1, 1, left=5.5 * DAY, parts=[Part(2, "Công an", 5 * DAY), Part(2, "Phường", 1 * DAY)])
    assert predict(sit, history).probability == 0.0
    assert predict(Situation(1, 1, left=4.5 * DAY, parts=sit.parts), history).probability == 1.0


def test_overdue_scores_one():
    sit = Situation(1, 1, left=-60, parts=[])
    assert predict(sit, History()).probability == 1.0


def _at_left(dossier, left: timedelta):
    """The moment at which `left` working time remains before the promised time (workcal)."""
    cal = calendar_for(dossier.agency)
    return cal.add_working_time(dossier.received_at, cal.elapsed(dossier.received_at, dossier.due_at) - left)


def test_refresh_stores_scores_listed_per_holder_and_per_leader(processing, specialist, head, police_officer):
    early = processing.received_at + timedelta(hours=1)
    assert risk.refresh(now=early) == 1
    score = RiskScore.objects.get(dossier=processing)
    assert score.step.work == "Thẩm định hồ sơ" and score.probability < 0.5  # ten days left for all
    assert risk.at_risk_count([processing.agency_id]) == 0  # below the threshold: not on the dashboard
    late = _at_left(processing, timedelta(hours=4))  # the first step still open, half a day left
    risk.refresh(now=late)
    score.refresh_from_db()
    assert score.probability == 1 and score.left_seconds == 4 * 3600
    assert risk.at_risk_count([processing.agency_id]) == 1
    assert risk.at_risk_count([police_officer.agency_id]) == 0  # another agency's figure
    # the specialist holds the step; the leader sees the agency's; the police (a later step of
    # theirs) see the dossier, not as theirs now; an officer elsewhere sees nothing
    assert list(risk.at_risk_for(specialist.user, mine=True)) == [score]
    assert list(risk.at_risk_for(head.user, mine=True)) == []
    assert list(risk.at_risk_for(head.user, mine=False)) == [score]
    assert list(risk.at_risk_for(police_officer.user, mine=True)) == []
    stranger = StaffFactory(agency=CommuneFactory(code="000.00.77.H26"), roles=["agency_leader"])
    assert list(risk.at_risk_for(stranger.user, mine=False)) == []


def test_apology_drafted_once_one_working_day_ahead_and_signed_through_the_extend_command(
    processing, specialist, django_capture_on_commit_callbacks
):
    three_days = _at_left(processing, timedelta(hours=24))
    risk.refresh(now=three_days)
    assert RiskScore.objects.get(dossier=processing).probability == 1
    assert alerts.draft_apologies(now=three_days) == []  # predicted, but not one working day ahead yet
    one_day = _at_left(processing, timedelta(hours=6))
    risk.refresh(now=one_day)
    drafts = alerts.draft_apologies(now=one_day)
    assert len(drafts) == 1
    assert alerts.draft_apologies(now=one_day + timedelta(minutes=30)) == []  # idempotent
    draft = drafts[0]
    assert draft.due_at == processing.due_at and draft.new_due > processing.due_at
    assert "Thẩm định hồ sơ" in draft.reason
    assert list(alerts.drafts_for(specialist.user)) == [draft]

    with django_capture_on_commit_callbacks(execute=True):  # Mẫu 04 is rendered after commit
        signed = alerts.sign_apology(
            draft=draft, staff=specialist, reason=draft.reason, new_due=draft.new_due, now=one_day
        )
    processing.refresh_from_db()
    assert processing.due_at == draft.new_due
    event = DossierEvent.objects.get(dossier=processing, action=Action.EXTEND)
    assert signed.event == event and event.reason == draft.reason
    assert DossierDocument.objects.filter(dossier=processing, kind=DocumentKind.APOLOGY, event=event).exists()
    with pytest.raises(Exception, match="đã được ký"):
        alerts.sign_apology(draft=draft, staff=specialist, reason="x", new_due=draft.new_due, now=one_day)
    # the promise moved: no second draft for the old one, a new one only if the new promise is at risk
    assert ApologyDraft.objects.filter(dossier=processing).count() == 1


def test_digest_goes_to_the_holders_and_the_heads(processing, specialist, head, desk, police_officer):
    other = StaffFactory(agency=police_officer.agency, roles=["agency_leader"])
    for staff, email in ((specialist, "ha@x.vn"), (head, "duc@x.vn"), (desk, "binh@x.vn"), (other, "o@x.vn")):
        staff.user.email = email
        staff.user.save(update_fields=["email"])
    risk.refresh(now=_at_left(processing, timedelta(hours=4)))
    recipients = alerts.digest_recipients()
    assert set(recipients) == {specialist, head}
    now = _at_left(processing, timedelta(hours=3))
    assert alerts.send_digest(now=now) == 2
    assert alerts.send_digest(now=now) == 2  # the outbox key: nothing more is queued
    messages = OutboxMessage.objects.filter(idempotency_key__startswith="risk-digest:")
    assert sorted(m.recipient for m in messages) == ["duc@x.vn", "ha@x.vn"]
    assert processing.code in messages[0].body


def test_paused_and_finished_dossiers_are_not_scored(processing, specialist):
    services.request_supplement(
        dossier=processing,
        actor=services.Actor.officer(specialist),
        reasons=["Thiếu bản vẽ"],
        now=processing.received_at + timedelta(hours=2),
    )
    assert risk.refresh(now=processing.received_at + timedelta(hours=3)) == 0
    assert not RiskScore.objects.exists()
    assert DossierStep.objects.filter(dossier=processing, state=StepState.ACTIVE).exists()


def test_the_refresh_task_scores_and_drafts(processing, settings):
    from unittest import mock

    from motcua.reports import tasks

    assert settings.CELERY_BEAT_SCHEDULE["refresh-risk-scores"]["task"] == "reports.refresh_risk"
    assert settings.CELERY_BEAT_SCHEDULE["daily-risk-digest"]["task"] == "reports.risk_digest"
    with mock.patch(
        "motcua.reports.tasks.timezone.now", return_value=_at_left(processing, timedelta(hours=6))
    ):
        assert tasks.refresh_risk.delay().get() == 1  # eager here, as in the embedded default
    assert ApologyDraft.objects.filter(dossier=processing).count() == 1
