"""The public status lookup: anonymous, cacheable, and with no personal data."""

import pytest

from motcua.core.testing import query_budget
from motcua.dossiers import services

from .conftest import MONDAY_9, client_for, received, submitted

PERSONAL = ["Trần Thị Lan", "001190012345", "0912345678", "Phố Huế", "lan@example.vn"]


@pytest.fixture
def dossier(version, commune, tokhai, desk):
    d = received(version, commune, tokhai, desk)
    applicant = d.applicant
    applicant.address, applicant.email = "12 Phố Huế, Hà Nội", "lan@example.vn"
    applicant.save()
    return d


def test_the_api_answers_anyone_without_personal_data(dossier, version, commune):
    response = client_for().get(f"/api/v1/tracking/{dossier.code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == dossier.code
    assert (body["state"], body["state_label"]) == (2, "Được tiếp nhận")
    assert body["procedure"] == {"code": version.procedure.code, "name": version.name}
    assert body["agency"]["code"] == commune.code
    assert body["desk"]["name"] == "Bộ phận Một cửa Phường Thử nghiệm"
    assert body["received_at"] == "2026-11-16T09:00:00+07:00"
    assert body["due_at"] == "2026-11-19T09:00:00+07:00"
    assert body["last_event_at"] == "2026-11-16T09:00:00+07:00"
    assert body["held_by"] == [{"code": commune.code, "name": commune.name}]
    text = response.content.decode()
    for value in PERSONAL:
        assert value not in text
    assert "applicant" not in body
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_the_holder_is_the_agency_of_the_active_step(dossier, everyone):
    from motcua.org.tests.factories import CommuneFactory

    partner = CommuneFactory(code="000.00.34.H26")
    officer = services.Actor.officer(everyone)
    d = services.start_processing(dossier=dossier, actor=officer, now=MONDAY_9)
    services.transfer(dossier=d, actor=officer, agency=partner, work="Xác minh", budget=1, now=MONDAY_9)
    body = client_for().get(f"/api/v1/tracking/{dossier.code}/").json()
    assert body["state"] == 4
    assert body["held_by"] == [{"code": partner.code, "name": partner.name}]


def test_lowercase_codes_are_found_and_unknown_ones_are_404(dossier):
    assert client_for().get(f"/api/v1/tracking/{dossier.code.lower()}/").status_code == 200
    response = client_for().get("/api/v1/tracking/000.00.31.H26-261116-0404/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_online_submission_not_yet_received(version, commune, tokhai):
    d = submitted(version, commune, tokhai)
    body = client_for().get(f"/api/v1/tracking/{d.code}/").json()
    assert (body["state"], body["received_at"], body["due_at"]) == (1, None, None)
    assert body["desk"]["name"] == "Bộ phận Một cửa Phường Thử nghiệm"  # the agency's desk


def test_the_lookup_costs_one_query_and_the_desk(dossier):
    with query_budget("api.tracking.lookup"):  # the dossier's values; its desk (reference cache off in tests)
        assert client_for().get(f"/api/v1/tracking/{dossier.code}/").status_code == 200


def test_with_the_reference_cache_the_desk_is_not_asked_again(dossier, settings):
    from motcua.core.refcache import clear_all

    settings.MOTCUA_REFERENCE_CACHE_SECONDS = 60
    clear_all()
    first = client_for().get(f"/api/v1/tracking/{dossier.code}/").json()
    with query_budget("api.tracking.lookup.reference_cache"):
        again = client_for().get(f"/api/v1/tracking/{dossier.code}/").json()
    assert again["desk"] == first["desk"] and again["desk"]["name"]
    clear_all()


def test_the_page_shows_the_status_without_personal_data(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert dossier.code in text
    assert "Được tiếp nhận" in text
    assert "09:00, 19/11/2026" in text  # the promised time
    assert "Bộ phận Một cửa Phường Thử nghiệm" in text
    for value in PERSONAL:
        assert value not in text
    assert "max-age=60" in response["Cache-Control"]


def test_the_receipt_qr_url_without_slash_reaches_the_page(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}", follow=True)
    assert response.status_code == 200
    assert dossier.code in response.content.decode()


def test_the_form_redirects_to_the_code(client, dossier):
    assert client.get("/tra-cuu/").status_code == 200
    response = client.get("/tra-cuu/", {"code": f"  {dossier.code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/tra-cuu/{dossier.code}/"


def test_an_unknown_code_is_said_plainly(client, db):
    response = client.get("/tra-cuu/000.00.31.H26-261116-0404/")
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã 000.00.31.H26-261116-0404" in response.content.decode()


def test_the_page_in_english(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
