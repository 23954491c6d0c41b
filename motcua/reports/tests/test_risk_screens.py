"""The at-risk, bottleneck and event-log screens and API: who may ask, and what answers (issue 12)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse

from motcua.calendars.services import calendar_for
from motcua.org.tests.factories import StaffFactory
from motcua.reports import alerts, risk


def _at_left(dossier, left):
    cal = calendar_for(dossier.agency)
    return cal.add_working_time(dossier.received_at, cal.elapsed(dossier.received_at, dossier.due_at) - left)


@pytest.fixture
def scored(processing):
    now = _at_left(processing, timedelta(hours=6))
    risk.refresh(now=now)
    alerts.draft_apologies(now=now)
    return processing


def test_api_lists_the_holders_scores(client, scored, specialist, head):
    client.force_login(specialist.user)
    mine = client.get("/api/v1/at-risk/?scope=mine").json()["results"]
    assert [r["dossier"] for r in mine] == [scored.code]
    assert mine[0]["probability"] == 1.0 and mine[0]["step"] == "Thẩm định hồ sơ"
    client.force_login(head.user)
    assert client.get("/api/v1/at-risk/?scope=mine").json()["results"] == []
    assert len(client.get("/api/v1/at-risk/?scope=all").json()["results"]) == 1
    bad = client.get("/api/v1/at-risk/?scope=everyone")
    assert bad.status_code == 400 and bad.json()["field"] == "scope"


def test_screen_lists_and_signs_the_draft(client, scored, specialist, django_capture_on_commit_callbacks):
    client.force_login(specialist.user)
    page = client.get(reverse("reports:at-risk"))
    assert page.status_code == 200 and scored.code in page.content.decode()
    (draft,) = alerts.drafts_for(specialist.user)
    signing_time = _at_left(scored, timedelta(hours=5))
    with (
        mock.patch("motcua.reports.screens.risk_views.timezone.now", return_value=signing_time),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reports:apology-sign", args=[draft.pk]),
            {"reason": "Cần xác minh thêm.", "new_due": draft.new_due.isoformat()},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    scored.refresh_from_db()
    assert draft.event is not None and scored.due_at == draft.new_due


def test_the_dossier_page_offers_its_draft_and_signing_there_returns_to_it(
    client, scored, specialist, django_capture_on_commit_callbacks
):
    client.force_login(specialist.user)
    page_url = reverse("office:dossier", args=[scored.code])
    (draft,) = alerts.drafts_for(specialist.user)
    page = client.get(page_url).content.decode()
    assert f'id="mau-04-{draft.pk}"' in page and f'name="next" value="{page_url}"' in page
    signing_time = _at_left(scored, timedelta(hours=5))
    with (
        mock.patch("motcua.reports.screens.risk_views.timezone.now", return_value=signing_time),
        django_capture_on_commit_callbacks(execute=True),
    ):
        back = client.post(
            reverse("reports:apology-sign", args=[draft.pk]),
            {"reason": "Cần xác minh thêm.", "new_due": draft.new_due.isoformat(), "next": page_url},
        )
        elsewhere = client.post(
            reverse("reports:apology-sign", args=[draft.pk]),
            {"reason": "x", "new_due": draft.new_due.isoformat(), "next": "https://evil.example/"},
        )
    assert back.status_code == 302 and back["Location"] == page_url
    # Another site is never a destination; the draft is signed, so the second post finds none.
    assert elsewhere.status_code in (302, 404) and "evil" not in elsewhere.get("Location", "")
    assert "mau-04-" not in client.get(page_url).content.decode()  # signed: no longer offered


def test_event_log_only_for_the_control_office(client, scored, head):
    params = f"?unit={scored.agency.code}&from=2026-11-01&to=2026-12-31&kind=csv"
    client.force_login(head.user)
    refused = client.get("/api/v1/event-log/" + params)
    assert refused.status_code == 403 and refused.json()["code"] == "report_forbidden"
    control = StaffFactory(agency=scored.agency, roles=["control_officer"])
    client.force_login(control.user)
    response = client.get("/api/v1/event-log/" + params)
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("case_id,activity") and scored.code in body
    assert client.get("/api/v1/event-log/?unit=" + scored.agency.code).json()["field"] in ("from", "to")


def test_bottlenecks_api_and_page(client, scored, head):
    client.force_login(head.user)
    params = f"?unit={scored.agency.code}&from=2026-11-01&to=2026-12-31"
    data = client.get("/api/v1/bottlenecks/" + params).json()
    assert {"step", "officer", "unit", "handover", "paths"} <= set(data)
    page = client.get(reverse("reports:bottlenecks") + params)
    assert page.status_code == 200


def test_signing_after_the_promise_is_refused_by_the_extend_command(client, scored, specialist):
    """The command's own check answers (extend before the due time): the draft stays unsigned."""
    client.force_login(specialist.user)
    (draft,) = alerts.drafts_for(specialist.user)
    too_late = scored.due_at + timedelta(hours=1)
    with mock.patch("motcua.reports.screens.risk_views.timezone.now", return_value=too_late):
        response = client.post(
            reverse("reports:apology-sign", args=[draft.pk]),
            {"reason": "x", "new_due": draft.new_due.isoformat()},
            follow=True,
        )
    assert "Phải gia hạn trước khi hết hạn" in response.content.decode()
    draft.refresh_from_db()
    assert draft.event is None
