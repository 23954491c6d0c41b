"""POST /api/v1/dossiers/: desk and postal intake by officers, online submission by citizens."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.testing import query_budget
from motcua.dossiers.models import Dossier, DossierEvent, DossierPaper
from motcua.dossiers.states import Channel, State
from motcua.dossiers.tests.factories import citizen_account

from .conftest import EXE, PDF, PNG, b64, client_for, online_payload, payload, post_json, staff

URL = "/api/v1/dossiers/"


def someone_else(version, tokhai):
    """Another citizen's account (Lê Văn Bình, verified) and an online submission of theirs."""
    user = citizen_account(full_name="Lê Văn Bình", id_number="001090012346", date_of_birth=None)
    data = online_payload(version, tokhai)
    data["applicant"].update(full_name="Lê Văn Bình", id_number="001090012346", date_of_birth="1990-01-01")
    return user, data


def nothing_written():
    return not Dossier.objects.exists() and not DossierEvent.objects.exists()


def test_desk_intake_codes_receives_and_promises(version, tokhai, desk):
    response = post_json(client_for(desk.user), URL, payload(version, tokhai))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["code"] == "000.00.31.H26-261116-0001"
    assert body["state"] == State.RECEIVED
    assert body["channel"] == Channel.DESK
    assert body["due_at"] == body["original_due_at"] == "2026-11-19T09:00:00+07:00"  # 3 working days
    assert response["Location"].endswith(f"/api/v1/dossiers/{body['code']}/")
    # The whole record is where Location points; the 201 is the short answer.
    assert "events" not in body
    record = client_for(desk.user).get(response["Location"]).json()
    assert record["applicant"]["id_number"] == "001190012345"
    assert [p["source"] for p in record["papers"]] == ["paper"]
    assert [e["action"] for e in record["events"]] == ["receive"]


def test_the_201_is_rendered_from_what_was_written_without_reading_back(version, tokhai, desk):
    client = client_for(desk.user)
    post_json(client, URL, payload(version, tokhai))  # the first of the day creates the day's counter
    data = payload(version, tokhai)
    data["applicant"]["id_number"] = "001190012346"
    # Budget (reference cache off, as in all tests): session, user with staff, roles, version with
    # cases, requirements and implementing agencies (4), agency; then, inside the transaction (here a
    # savepoint: 2), the applicant (looked up, then created with its creation event: 3), counter,
    # dossier, papers, event and the outbox rows of the e-mail and the SMS (insert in a savepoint:
    # 3 each) = 23; the national portal's sync record (the fees and the stream's last sequence
    # looked up, the insert in a savepoint: 5) = 28; whether any subscriber listens (1) = 29. With
    # the reference cache on (production), 24.
    with query_budget("api.dossiers.create.desk") as captured:
        response = post_json(client, URL, data)
    assert response.status_code == 201, response.json()
    reads_back = [  # the person's lookup by ID number comes before the writes: not a read-back
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and '"dossiers_' in q["sql"]
        and 'FROM "dossiers_applicant"' not in q["sql"]
    ]
    assert reads_back == []


def test_postal_intake_needs_the_item_number(version, tokhai, desk):
    client = client_for(desk.user)
    response = post_json(client, URL, payload(version, tokhai, channel=3))
    assert response.status_code == 400
    assert response.json()["code"] == "postal_item_number_required"  # the stable code (issue 9)
    assert "postal_item_number" in response.json()["errors"]
    assert nothing_written()
    response = post_json(client, URL, payload(version, tokhai, channel=3, postal_item_number="EB123456789VN"))
    assert response.status_code == 201
    assert (response.json()["channel"], response.json()["postal_item_number"]) == (3, "EB123456789VN")


def test_officers_do_not_submit_online(version, tokhai, desk):
    response = post_json(client_for(desk.user), URL, payload(version, tokhai, channel=2))
    assert response.status_code == 400
    assert "channel" in response.json()["errors"]
    assert nothing_written()


def test_only_desk_officers_receive(version, tokhai, specialist):
    response = post_json(client_for(specialist.user), URL, payload(version, tokhai))
    assert response.status_code == 403
    assert response.json()["code"] == "desk_only"
    assert nothing_written()


def test_a_desk_officer_of_another_agency_cannot_receive(version, tokhai, commune):
    from motcua.org.tests.factories import CommuneFactory

    other = staff(CommuneFactory(code="000.00.32.H26"), "desk_officer")
    response = post_json(client_for(other.user), URL, payload(version, tokhai))
    assert response.status_code == 400
    assert "agency" in response.json()["errors"]
    assert nothing_written()


def test_a_wrong_personal_id_is_named_and_nothing_is_written(version, tokhai, desk):
    data = payload(version, tokhai)
    data["applicant"]["id_number"] = "12345"
    response = post_json(client_for(desk.user), URL, data)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "id_number" in body["errors"]["applicant"]
    assert body["detail"]
    assert nothing_written()


def test_a_wrong_tax_code_is_named(version, tokhai, desk):
    data = payload(version, tokhai)
    data["applicant"] = {
        "kind": "1",
        "full_name": "Nguyễn Văn An",
        "organisation": "Công ty TNHH A",
        "tax_code": "0101234568",
    }
    response = post_json(client_for(desk.user), URL, data)
    assert response.status_code == 400
    assert "tax_code" in response.json()["errors"]["applicant"]
    assert nothing_written()


def test_an_organisation_with_a_valid_tax_code_is_received(version, tokhai, desk):
    data = payload(version, tokhai)
    data["applicant"] = {
        "kind": "1",
        "full_name": "Nguyễn Văn An",
        "organisation": "Công ty TNHH A",
        "tax_code": "0100109106",
    }
    response = post_json(client_for(desk.user), URL, data)
    assert response.status_code == 201, response.json()
    assert Dossier.objects.get(code=response.json()["code"]).applicant.tax_code == "0100109106"


def test_a_missing_mandatory_paper_is_named(version, tokhai, desk):
    response = post_json(client_for(desk.user), URL, payload(version, tokhai, papers=[]))
    assert response.status_code == 400
    assert response.json()["errors"]["papers"] == ["Thiếu giấy tờ bắt buộc: Tờ khai."]
    assert nothing_written()


def test_a_paper_of_another_procedure_is_refused(version, tokhai, desk):
    data = payload(version, tokhai, papers=[{"requirement": 999999, "kind": "original"}])
    response = post_json(client_for(desk.user), URL, data)
    assert response.status_code == 400
    assert "requirement" in response.json()["errors"]["papers"]["0"]


def test_an_unknown_procedure_or_agency_is_named(version, tokhai, desk):
    response = post_json(
        client_for(desk.user), URL, payload(version, tokhai, procedure="9.999999", agency="X")
    )
    assert response.status_code == 400
    assert {"procedure", "agency"} <= set(response.json()["errors"])


def test_a_scan_sent_as_base64_is_stored_with_its_real_type(version, tokhai, desk):
    papers = [
        {"requirement": tokhai.pk, "kind": "original", "file_name": "tờ khai.png", "file_base64": b64(PNG)}
    ]
    response = post_json(client_for(desk.user), URL, payload(version, tokhai, papers=papers))
    assert response.status_code == 201, response.json()
    paper = DossierPaper.objects.get()
    assert paper.source == "scanned"
    assert paper.file.name.endswith(".png")
    assert paper.file.read() == PNG
    record = client_for(desk.user).get(response["Location"]).json()
    assert record["papers"][0]["download_url"].endswith(f"/papers/{paper.pk}/file/")


def test_a_scan_sent_as_multipart_is_stored(version, tokhai, desk):
    data = payload(
        version, tokhai, papers=[{"requirement": tokhai.pk, "kind": "original", "upload": "scan1"}]
    )
    response = client_for(desk.user).post(
        URL,
        {"data": json.dumps(data), "scan1": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    paper = DossierPaper.objects.get()
    assert paper.file.read() == PDF
    record = client_for(desk.user).get(response["Location"]).json()
    download = client_for(desk.user).get(record["papers"][0]["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_a_multipart_part_that_is_not_there_is_named(version, tokhai, desk):
    data = payload(
        version, tokhai, papers=[{"requirement": tokhai.pk, "kind": "original", "upload": "scan9"}]
    )
    response = client_for(desk.user).post(URL, {"data": json.dumps(data)}, format="multipart")
    assert response.status_code == 400
    assert "upload" in response.json()["errors"]["papers"]["0"]
    assert nothing_written()


def test_a_disguised_file_is_refused_with_a_clear_message(version, tokhai, desk):
    papers = [
        {"requirement": tokhai.pk, "kind": "original", "file_name": "to-khai.pdf", "file_base64": b64(EXE)}
    ]
    response = post_json(client_for(desk.user), URL, payload(version, tokhai, papers=papers))
    assert response.status_code == 400
    message = response.json()["errors"]["papers"]["0"]["file"][0]
    assert "to-khai.pdf" in message and "PDF, JPEG, PNG" in message
    assert nothing_written()


def test_a_disguised_multipart_file_is_refused(version, tokhai, desk):
    data = payload(
        version, tokhai, papers=[{"requirement": tokhai.pk, "kind": "original", "upload": "scan1"}]
    )
    response = client_for(desk.user).post(
        URL,
        {"data": json.dumps(data), "scan1": SimpleUploadedFile("to-khai.pdf", EXE, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]["papers"]["0"]
    assert nothing_written()


def test_an_oversized_file_is_refused(version, tokhai, desk, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    big = PDF + b"0" * 2048
    for papers, kwargs in (
        ([{"requirement": tokhai.pk, "kind": "original", "file_base64": b64(big)}], {}),
        ([{"requirement": tokhai.pk, "kind": "original", "upload": "scan1"}], {"scan1": big}),
    ):
        data = payload(version, tokhai, papers=papers)
        if kwargs:
            response = client_for(desk.user).post(
                URL,
                {"data": json.dumps(data), "scan1": SimpleUploadedFile("big.pdf", big, "application/pdf")},
                format="multipart",
            )
        else:
            response = post_json(client_for(desk.user), URL, data)
        assert response.status_code == 400
        assert "quá lớn" in response.json()["errors"]["papers"]["0"]["file"][0]
    assert nothing_written()


def test_bad_base64_is_refused(version, tokhai, desk):
    papers = [{"requirement": tokhai.pk, "kind": "original", "file_base64": "%%%not base64%%%"}]
    response = post_json(client_for(desk.user), URL, payload(version, tokhai, papers=papers))
    assert response.status_code == 400
    assert "base64" in response.json()["errors"]["papers"]["0"]["file"][0]


def test_malformed_json_is_a_400(desk):
    response = client_for(desk.user).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


# ---------------------------------------------------------------------------------------------
# Online


def test_an_anonymous_online_submission_is_refused_with_a_401(version, tokhai):
    response = post_json(client_for(), URL, online_payload(version, tokhai))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"]
    assert nothing_written()


def test_a_citizens_online_submission_waits_for_the_desk(version, tokhai, citizen_user):
    response = post_json(client_for(citizen_user), URL, online_payload(version, tokhai))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["channel"], body["due_at"]) == (State.SUBMITTED, Channel.ONLINE, None)
    assert [p["source"] for p in body["papers"]] == ["uploaded"]
    dossier = Dossier.objects.get(code=body["code"])
    assert [p.pk for p in dossier.papers.all()] == [p["id"] for p in body["papers"]]
    assert [e.action for e in dossier.events.all()] == ["submit"]


def test_an_online_submission_needs_every_file(version, tokhai, citizen_user):
    response = post_json(client_for(citizen_user), URL, payload(version, tokhai))
    assert response.status_code == 400
    assert "file" in response.json()["errors"]["papers"]["0"]
    assert nothing_written()


def test_a_citizen_cannot_submit_at_the_desk_channel(version, tokhai, citizen_user):
    response = post_json(client_for(citizen_user), URL, online_payload(version, tokhai, channel=1))
    assert response.status_code == 400
    assert "channel" in response.json()["errors"]


def test_a_citizen_sees_what_they_submitted(version, tokhai, citizen_user):
    client = client_for(citizen_user)
    code = post_json(client, URL, online_payload(version, tokhai)).json()["code"]
    other, theirs = someone_else(version, tokhai)
    assert post_json(client_for(other), URL, theirs).status_code == 201  # someone else's
    listed = client.get(URL).json()
    assert [d["code"] for d in listed["results"]] == [code]
    assert client.get(f"{URL}{code}/").status_code == 200


# ---------------------------------------------------------------------------------------------
# Idempotency


def test_a_retried_submission_returns_the_same_dossier(version, tokhai, citizen_user):
    client = client_for(citizen_user)
    first = post_json(client, URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="abc-123")
    again = post_json(client, URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="abc-123")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["code"] == again.json()["code"]
    assert again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1


def test_a_key_reused_for_another_body_is_refused(version, tokhai, citizen_user):
    client = client_for(citizen_user)
    post_json(client, URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="abc-123")
    other = online_payload(version, tokhai)
    other["applicant"]["full_name"] = "Lê Văn Bình"
    other["applicant"]["id_number"] = "001090012346"
    other["applicant"]["date_of_birth"] = "1990-01-01"
    response = post_json(client, URL, other, HTTP_IDEMPOTENCY_KEY="abc-123")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1


def test_keys_are_per_client(version, tokhai, citizen_user):
    other_user, theirs = someone_else(version, tokhai)
    a = post_json(client_for(citizen_user), URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="same")
    b = post_json(client_for(other_user), URL, theirs, HTTP_IDEMPOTENCY_KEY="same")
    assert (a.status_code, b.status_code) == (201, 201)
    assert a.json()["code"] != b.json()["code"]


def test_a_failed_first_attempt_leaves_the_key_free(version, tokhai, citizen_user):
    client = client_for(citizen_user)
    bad = online_payload(version, tokhai)
    bad["applicant"]["id_number"] = "1"
    assert post_json(client, URL, bad, HTTP_IDEMPOTENCY_KEY="k2").status_code == 400
    assert (
        post_json(client, URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="k2").status_code == 201
    )


# Desk intake: an officer's client retrying a POST never receives the dossier twice.


def test_a_retried_desk_intake_returns_the_same_dossier(version, tokhai, desk):
    client = client_for(desk.user)
    first = post_json(client, URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="desk-1")
    again = post_json(client, URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="desk-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert "Idempotent-Replayed" not in first
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["code"] == first.json()["code"]
    assert again.json()["state"] == State.RECEIVED
    assert again.json()["due_at"] == first.json()["due_at"]
    assert [p["id"] for p in again.json()["papers"]] == [p["id"] for p in first.json()["papers"]]
    assert again["Location"] == first["Location"]
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1
    assert Dossier.objects.get().idempotency_key == f"api:{desk.user.pk}:desk-1"


def test_a_desk_key_reused_for_another_body_is_refused(version, tokhai, desk):
    client = client_for(desk.user)
    post_json(client, URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="desk-1")
    other = payload(version, tokhai)
    other["applicant"]["full_name"] = "Lê Văn Bình"
    other["applicant"]["id_number"] = "001090012346"
    other["applicant"]["date_of_birth"] = "1990-01-01"
    postal = payload(version, tokhai, channel=3, postal_item_number="EB123456789VN")
    copies = payload(version, tokhai, papers=[{"requirement": tokhai.pk, "kind": "copy", "count": 2}])
    for body in (other, postal, copies):
        response = post_json(client, URL, body, HTTP_IDEMPOTENCY_KEY="desk-1")
        assert response.status_code == 422, body
        assert response.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == 1


def test_desk_keys_are_per_officer(version, tokhai, desk, commune, citizen_user):
    colleague = staff(commune, "desk_officer")
    a = post_json(client_for(desk.user), URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="same")
    b = post_json(client_for(colleague.user), URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="same")
    c = post_json(client_for(citizen_user), URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="same")
    assert (a.status_code, b.status_code, c.status_code) == (201, 201, 201)
    assert len({a.json()["code"], b.json()["code"], c.json()["code"]}) == 3


def test_a_failed_desk_attempt_leaves_the_key_free(version, tokhai, desk):
    client = client_for(desk.user)
    refused = post_json(client, URL, payload(version, tokhai, papers=[]), HTTP_IDEMPOTENCY_KEY="desk-2")
    assert refused.status_code == 400
    assert nothing_written()
    response = post_json(client, URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="desk-2")
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response


def test_a_desk_retry_costs_no_write(version, tokhai, desk):
    client = client_for(desk.user)
    post_json(client, URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="desk-3")
    with query_budget("api.dossiers.create.desk_retry") as captured:
        again = post_json(client, URL, payload(version, tokhai), HTTP_IDEMPOTENCY_KEY="desk-3")
    assert again.status_code == 200
    writes = [
        q["sql"] for q in captured.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert [sql for sql in writes if "dossiers_" in sql] == []


def test_the_key_is_documented_for_desk_intake_too(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    header = next(p for p in schema["paths"][URL]["post"]["parameters"] if p["name"] == "Idempotency-Key")
    assert "Bộ phận Một cửa" in header["description"] and "Idempotent-Replayed" in header["description"]


@pytest.mark.parametrize("key", ["x" * 101])
def test_an_overlong_key_is_refused(version, tokhai, key, citizen_user):
    response = post_json(
        client_for(citizen_user), URL, online_payload(version, tokhai), HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert nothing_written()
