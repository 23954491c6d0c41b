"""POST /api/v1/dossiers/{code}/supplement/: the papers the applicant brings, as JSON (base64 files)
or multipart (the JSON in `data`, files in parts), checked like an intake's."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services
from motcua.dossiers.models import Dossier, DossierEvent, DossierPaper, DossierPause
from motcua.dossiers.states import Action, State

from .conftest import EXE, MONDAY_9, PDF, PNG, b64, client_for, online_payload, post_json, received

URL = "/api/v1/dossiers/"


def url(dossier):
    return f"{URL}{dossier.code}/supplement/"


@pytest.fixture
def asked(version, commune, tokhai, desk):
    """Received at the desk, then asked to bring the form signed."""
    dossier = received(version, commune, tokhai, desk)
    return services.request_supplement(
        dossier=dossier,
        actor=services.Actor.officer(desk),
        reasons=[{"what": "Tờ khai", "reason": "thiếu chữ ký"}],
        now=MONDAY_9,
    )


def nothing_written(dossier):
    return (
        Dossier.objects.get(pk=dossier.pk).state == State.SUPPLEMENT_REQUESTED
        and not DossierEvent.objects.filter(dossier=dossier, action=Action.SUPPLEMENT).exists()
        and not DossierPaper.objects.filter(dossier=dossier, supplement_number__isnull=False).exists()
        and DossierPause.objects.get(dossier=dossier).ended_at is None
    )


def test_papers_sent_as_json_are_stored_and_recorded(asked, desk, tokhai):
    papers = [
        {"requirement": tokhai.pk, "kind": "original", "file_name": "tờ khai.png", "file_base64": b64(PNG)},
        {"name": "Bản sao giấy chứng sinh", "kind": "copy", "count": 2},
    ]
    response = post_json(client_for(desk.user), url(asked), {"papers": papers})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == State.RECEIVED
    brought = [p for p in body["papers"] if p["supplement_number"] == 1]
    assert [(p["requirement"], p["name"], p["kind"], p["count"], p["source"]) for p in brought] == [
        (tokhai.pk, "Tờ khai", "original", 1, "scanned"),
        (None, "Bản sao giấy chứng sinh", "copy", 2, "paper"),
    ]
    event = body["events"][-1]
    assert event["action"] == "supplement"
    assert event["data"]["number"] == 1
    assert [(p["id"], p["name"]) for p in event["data"]["papers"]] == [(p["id"], p["name"]) for p in brought]
    scan = DossierPaper.objects.get(pk=brought[0]["id"])
    assert scan.file.name.endswith(".png") and scan.file.read() == PNG
    download = client_for(desk.user).get(brought[0]["download_url"])
    assert b"".join(download.streaming_content) == PNG


def test_papers_sent_as_multipart_are_stored(asked, desk, tokhai):
    data = {"papers": [{"requirement": tokhai.pk, "kind": "original", "upload": "scan1"}]}
    response = client_for(desk.user).post(
        url(asked),
        {"data": json.dumps(data), "scan1": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    paper = DossierPaper.objects.get(dossier=asked, supplement_number=1)
    assert (paper.source, paper.file.read()) == ("scanned", PDF)


def test_no_paper_is_a_400_naming_what_was_asked(asked, desk):
    for body in ({}, {"papers": []}):
        response = post_json(client_for(desk.user), url(asked), body)
        assert response.status_code == 400
        assert response.json()["code"] == "supplement_empty"  # the service's stable code
        assert response.json()["field"] == "papers"
        assert response.json()["errors"]["papers"] == [
            "Yêu cầu bổ sung đã nêu: Tờ khai. Nhập ít nhất một giấy tờ người nộp mang đến bổ sung."
        ]
    assert nothing_written(asked)


def test_a_requirement_of_another_procedure_is_a_400(asked, desk, commune):
    other = published_version(
        code="9.000001", implementing_agencies=[commune], requirements=[{"name": "Đơn"}]
    )
    papers = [{"requirement": other.requirements.get().pk, "kind": "original"}]
    response = post_json(client_for(desk.user), url(asked), {"papers": papers})
    assert response.status_code == 400
    assert "requirement" in response.json()["errors"]["papers"]["0"]
    assert nothing_written(asked)


def test_a_disguised_file_is_refused_with_a_clear_message(asked, desk, tokhai):
    papers = [
        {"requirement": tokhai.pk, "kind": "original", "file_name": "to-khai.pdf", "file_base64": b64(EXE)}
    ]
    response = post_json(client_for(desk.user), url(asked), {"papers": papers})
    assert response.status_code == 400
    message = response.json()["errors"]["papers"]["0"]["file"][0]
    assert "to-khai.pdf" in message and "PDF, JPEG, PNG" in message
    # The same check for a multipart part.
    data = {"papers": [{"requirement": tokhai.pk, "kind": "original", "upload": "scan1"}]}
    response = client_for(desk.user).post(
        url(asked),
        {"data": json.dumps(data), "scan1": SimpleUploadedFile("to-khai.pdf", EXE, "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]["papers"]["0"]
    assert nothing_written(asked)


def test_an_oversized_file_is_refused(asked, desk, tokhai, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    papers = [{"requirement": tokhai.pk, "kind": "original", "file_base64": b64(PDF + b"0" * 2048)}]
    response = post_json(client_for(desk.user), url(asked), {"papers": papers})
    assert response.status_code == 400
    assert "quá lớn" in response.json()["errors"]["papers"]["0"]["file"][0]
    assert nothing_written(asked)


def test_multipart_without_its_json_or_its_part_is_a_400(asked, desk, tokhai):
    client = client_for(desk.user)
    response = client.post(url(asked), {"scan1": SimpleUploadedFile("a.pdf", PDF)}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"
    data = {"papers": [{"requirement": tokhai.pk, "kind": "original", "upload": "scan9"}]}
    response = client.post(url(asked), {"data": json.dumps(data)}, format="multipart")
    assert response.status_code == 400
    assert "upload" in response.json()["errors"]["papers"]["0"]
    assert nothing_written(asked)


def test_the_applicant_supplements_online_with_a_file_for_each_paper(version, tokhai, desk, citizen_user):
    client = client_for(citizen_user)
    code = post_json(client, URL, online_payload(version, tokhai)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    services.request_supplement(
        dossier=dossier, actor=services.Actor.officer(desk), reasons=["Tờ khai: ảnh chụp mờ"], now=MONDAY_9
    )
    response = post_json(client, url(dossier), {"papers": [{"requirement": tokhai.pk, "kind": "electronic"}]})
    assert response.status_code == 400
    assert "file" in response.json()["errors"]["papers"]["0"]
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUPPLEMENT_REQUESTED
    papers = [
        {"requirement": tokhai.pk, "kind": "electronic", "file_name": "ro.pdf", "file_base64": b64(PDF)}
    ]
    response = post_json(client, url(dossier), {"papers": papers})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == State.SUBMITTED
    paper = DossierPaper.objects.get(dossier=dossier, supplement_number=1)
    assert (paper.source, paper.file.read()) == ("uploaded", PDF)


def test_a_dossier_not_waiting_for_a_supplement_is_a_409_whatever_the_body(version, commune, tokhai, desk):
    dossier = received(version, commune, tokhai, desk)
    response = post_json(client_for(desk.user), url(dossier), {"papers": [{"name": "x", "kind": "copy"}]})
    assert response.status_code == 409
    assert not DossierPaper.objects.filter(dossier=dossier, supplement_number__isnull=False).exists()


def test_the_schema_documents_both_bodies(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    body = schema["paths"]["/api/v1/dossiers/{code}/supplement/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    papers = schema["components"]["schemas"]["Supplement"]["properties"]["papers"]
    assert papers["items"]["$ref"].endswith("/PaperInput")
