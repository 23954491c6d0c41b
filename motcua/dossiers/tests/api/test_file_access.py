"""Every file URL × every kind of requester (issue 8, defect 4): files only through views that check
the dossier access rule; 0 leaks across agencies; anonymous → login (office) or 401/403 (API); no
public /media/ folder; storage names random; the production hand-offs (nginx, sendfile)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.dossiers.models import DocumentKind, DossierDocument, DossierPaper
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

from .conftest import MONDAY_9, PDF, client_for, received

ROLES = ["desk_officer", "specialist", "unit_head", "agency_leader", "control_officer", "administrator"]


@pytest.fixture
def other(db):
    other = CommuneFactory(code="000.00.32.H26", name="Ủy ban nhân dân Phường Khác")
    ServiceDeskFactory(host_agency=other, name="Bộ phận Một cửa Phường Khác")
    return other


def _with_files(dossier):
    paper = DossierPaper.objects.filter(dossier=dossier).first()
    paper.file.save("to-khai.pdf", ContentFile(PDF))
    doc = DossierDocument(dossier=dossier, kind=DocumentKind.RECEIPT, created_at=MONDAY_9)
    doc.file.save("mau-01.pdf", ContentFile(PDF), save=False)
    doc.save()
    return paper, doc


@pytest.fixture
def world(version, commune, other, tokhai):
    version.implementing_agencies.add(other)
    here = received(version, commune, tokhai, StaffFactory(agency=commune, roles=["desk_officer"]))
    there = received(version, other, tokhai, StaffFactory(agency=other, roles=["desk_officer"]))
    return {"here": (here, *_with_files(here)), "there": (there, *_with_files(there))}


def _urls(dossier, paper, doc):
    code = dossier.code
    return {
        "office-paper": reverse("office:paper", args=[code, paper.pk]),
        "office-document": reverse("office:document", args=[code, doc.pk]),
        "office-form": reverse("office:print", args=[code, DocumentKind.RECEIPT]),
        "office-control-slip": reverse("office:print", args=[code, DocumentKind.CONTROL_SLIP]),
        "api-paper": f"/api/v1/dossiers/{code}/papers/{paper.pk}/file/",
        "api-document": f"/api/v1/dossiers/{code}/documents/{doc.pk}/",
    }


def _fetch(user, url):
    client = client_for(user)
    return client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_officers_get_their_agency_files_and_nothing_of_another(world, commune, other, role):
    officer = StaffFactory(agency=commune, roles=[role]).user
    leaks, refused = [], []
    for name, url in _urls(*world["there"]).items():
        response = _fetch(officer, url)
        if response.status_code == 200:
            leaks.append(name)
    for name, url in _urls(*world["here"]).items():
        response = _fetch(officer, url)
        if response.status_code != 200:
            refused.append((name, response.status_code))
        else:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body.startswith(b"%PDF-")
            assert response["Cache-Control"] == "private, no-store"
    assert leaks == []
    # Mẫu 01 at the other commune is rendered fresh for office-form; the stored files are ours.
    assert refused == []


def test_a_citizen_without_the_dossier_gets_nothing(world):
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("nguoi-khac", password="x")
    for url in [*_urls(*world["here"]).values(), *_urls(*world["there"]).values()]:
        response = _fetch(stranger, url)
        assert response.status_code in (302, 403, 404), (url, response.status_code)


def test_the_applicants_linked_account_gets_her_files_through_the_api(world, citizen_user):
    # citizen_user is linked to the applicant of both dossiers (the same ID number).
    for key in ("here", "there"):
        urls = _urls(*world[key])
        for name in ("api-paper", "api-document"):
            assert _fetch(citizen_user, urls[name]).status_code == 200


def test_anonymous_is_sent_to_login_or_refused(world):
    for name, url in _urls(*world["here"]).items():
        response = _fetch(None, url)
        if name.startswith("office"):
            assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
        else:
            assert response.status_code == 401, (name, response.status_code)


def test_no_public_media_folder(world, client, settings):
    _dossier, paper, doc = world["here"]
    for name in (paper.file.name, doc.file.name):
        assert client.get(f"/{settings.MEDIA_URL}{name}").status_code == 404


def test_storage_names_are_random(world):
    dossier, paper, doc = world["here"]
    for name in (paper.file.name, doc.file.name):
        assert dossier.code not in name and "mau" not in name and "to-khai" not in name


def test_production_hands_the_file_to_the_web_server(world, commune, settings):
    dossier, paper, doc = world["here"]
    officer = StaffFactory(agency=commune, roles=["desk_officer"]).user
    url = _urls(dossier, paper, doc)["api-paper"]
    settings.MOTCUA_FILE_SERVING = "nginx"
    response = _fetch(officer, url)
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected/{paper.file.name}"
    assert dossier.code in response["Content-Disposition"]
    settings.MOTCUA_FILE_SERVING = "sendfile"
    response = _fetch(officer, url)
    assert response["X-Sendfile"] == paper.file.path
