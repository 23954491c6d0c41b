"""GET /api/v1/dossiers/ and /api/v1/dossiers/{code}/: scope, filters, detail, files, query budgets."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.core.testing import query_budget
from motcua.dossiers import services
from motcua.dossiers.models import DocumentKind, Dossier, DossierDocument
from motcua.dossiers.states import State
from motcua.org.tests.factories import CommuneFactory

from .conftest import MONDAY_9, PDF, client_for, intake, received, staff, submitted

URL = "/api/v1/dossiers/"

# Query budgets (motcua/query_counts.json, an officer signed in with a session, as in production):
# api.dossiers.list: session, user with staff (org.auth.StaffBackend), roles, the inter-agency
# dossiers held (selectors._officer_scope), count, page = 6;
# api.dossiers.detail: session, user with staff, roles, held, dossier (select_related), papers,
# steps, pauses, events, documents = 10.


def codes(response):
    return [d["code"] for d in response.json()["results"]]


def test_officers_see_their_agency_only(version, commune, tokhai, desk):
    mine = received(version, commune, tokhai, desk)
    other = staff(CommuneFactory(code="000.00.32.H26"), "desk_officer")
    assert codes(client_for(desk.user).get(URL)) == [mine.code]
    assert codes(client_for(other.user).get(URL)) == []


def test_a_session_login_works_like_a_token(version, commune, tokhai, desk, client):
    # Under session login request.user is a lazy wrapper around the user: the API must cope.
    mine = received(version, commune, tokhai, desk)
    client.force_login(desk.user)
    assert codes(client.get(URL)) == [mine.code]
    assert client.get(f"{URL}{mine.code}/").status_code == 200


def test_anonymous_clients_see_no_list(version, commune, tokhai, desk):
    received(version, commune, tokhai, desk)
    assert client_for().get(URL).status_code in (401, 403)


def test_filters(version, commune, tokhai, desk, frozen):
    officer = services.Actor.officer(desk)
    early = received(version, commune, tokhai, desk, now=MONDAY_9 - timedelta(days=14))
    late = received(version, commune, tokhai, desk, now=MONDAY_9)
    online = submitted(version, commune, tokhai)
    post = services.receive_at_desk(
        officer=desk,
        intake=intake(
            version,
            commune,
            tokhai,
            channel=3,
            postal_item_number="EB1",
            applicant=services.ApplicantData(kind="0", full_name="Phạm Văn Cường", id_number="001085012347"),
        ),
        now=MONDAY_9,
    )
    services.request_supplement(dossier=late, actor=officer, reasons=["x"], now=MONDAY_9)
    client = client_for(desk.user)

    def q(**params):
        return sorted(codes(client.get(URL, params)))

    assert q(state=1) == [online.code]
    assert client.get(URL + "?state=1&state=5").json()["count"] == 2
    assert q(channel=3) == [post.code]
    assert q(channel=2) == [online.code]
    assert len(q(procedure=version.procedure.code)) == 4
    assert q(procedure="1.000894") == []
    assert len(q(agency=commune.code)) == 4
    assert q(received_to=(MONDAY_9 - timedelta(days=1)).date().isoformat()) == [early.code]
    assert sorted(q(received_from=MONDAY_9.date().isoformat())) == sorted([late.code, post.code])
    # early was due three working days after 2/11: overdue now, nothing else is.
    assert q(overdue="true") == [early.code]
    assert early.code not in q(overdue="false")
    assert q(due_before=(MONDAY_9 - timedelta(days=1)).isoformat()) == [early.code]
    assert q(search=post.code) == [post.code]
    assert q(search="phạm văn") == [post.code]
    assert q(search="001085012347") == [post.code]
    assert q(search=commune.code + "-261116") == sorted([late.code, post.code, online.code])
    assert client.get(URL, {"state": 99}).status_code == 400


def test_ordering(version, commune, tokhai, desk):
    a = received(version, commune, tokhai, desk, now=MONDAY_9)
    b = received(version, commune, tokhai, desk, now=MONDAY_9 + timedelta(hours=1))
    client = client_for(desk.user)
    assert codes(client.get(URL)) == [b.code, a.code]
    assert codes(client.get(URL, {"ordering": "due_at"})) == [a.code, b.code]


def test_detail_has_papers_steps_events_documents_and_allowed_actions(version, commune, tokhai, desk, leader):
    dossier = received(version, commune, tokhai, desk)
    document = DossierDocument(dossier=dossier, kind=DocumentKind.RECEIPT, created_at=MONDAY_9)
    document.file.save("bien-nhan.pdf", ContentFile(PDF), save=True)
    body = client_for(desk.user).get(f"{URL}{dossier.code}/").json()
    assert body["procedure"] == {"code": version.procedure.code, "name": version.name, "version": 1}
    assert body["agency"]["code"] == commune.code
    assert body["applicant"]["full_name"] == "Trần Thị Lan"
    assert [p["name"] for p in body["papers"]] == ["Tờ khai"]
    assert [e["action_label"] for e in body["events"]] == ["Tiếp nhận"]
    assert body["events"][0]["to_state_label"] == "Được tiếp nhận"
    receipt = next(d for d in body["documents"] if d["id"] == document.pk)
    assert receipt["kind_label"].startswith("Mẫu 01")
    actions = {a["action"] for a in body["allowed_actions"]}
    assert {"start_processing", "request_supplement", "withdraw"} <= actions
    assert "resolve" not in actions
    assert body["allowed_actions"][0]["url"].startswith(f"{URL}{dossier.code}/")
    leader_actions = {
        a["action"] for a in client_for(leader.user).get(f"{URL}{dossier.code}/").json()["allowed_actions"]
    }
    assert "stop" in leader_actions and "start_processing" not in leader_actions
    download = client_for(desk.user).get(receipt["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    other = staff(CommuneFactory(code="000.00.32.H26"), "desk_officer")
    assert client_for(other.user).get(receipt["download_url"]).status_code == 403


def test_unknown_code_is_a_404(desk):
    response = client_for(desk.user).get(f"{URL}000.00.31.H26-261116-0404/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_budget_does_not_grow_with_the_page(version, commune, tokhai, desk):
    client = client_for(desk.user)
    received(version, commune, tokhai, desk)
    one = count_queries(client, URL)
    for _ in range(19):
        received(version, commune, tokhai, desk)
    with query_budget("api.dossiers.list"):
        response = client.get(URL)
    assert response.json()["count"] == 20
    assert count_queries(client, URL) == one


def test_detail_query_budget_does_not_grow_with_the_history(version, commune, tokhai, desk, everyone):
    client = client_for(desk.user)
    dossier = received(version, commune, tokhai, desk)
    url = f"{URL}{dossier.code}/"
    small = count_queries(client, url)
    officer = services.Actor.officer(everyone)
    for _ in range(5):
        services.request_supplement(dossier=dossier, actor=officer, reasons=["x"], now=MONDAY_9)
        papers = [services.PaperData(name=tokhai.name, kind="original", requirement_id=tokhai.pk)]
        services.supplement(dossier=dossier, actor=officer, papers=papers, now=MONDAY_9 + timedelta(hours=1))
    dossier = services.start_processing(dossier=dossier, actor=officer, now=MONDAY_9)
    for n in range(5):
        doc = DossierDocument(dossier=dossier, kind=DocumentKind.STEP_FILE, created_at=MONDAY_9)
        doc.file.save(f"t{n}.pdf", ContentFile(PDF), save=True)
    assert Dossier.objects.get(pk=dossier.pk).state == State.PROCESSING
    with query_budget("api.dossiers.detail"):
        client.get(url)
    assert count_queries(client, url) == small


@pytest.mark.parametrize("n", [1, 20])
def test_citizen_list_budget(version, commune, tokhai, citizen_user, n):
    for _ in range(n):
        submitted(version, commune, tokhai, user=citizen_user)
    client = client_for(citizen_user)
    # session, user (no staff record: the same query says so), count, page
    with query_budget("api.dossiers.list.citizen"):
        response = client.get(URL)
    assert response.json()["count"] == n
