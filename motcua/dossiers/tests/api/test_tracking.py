"""The public status lookup: anonymous; the state only by code; details (never the ID number, phone
or address) only with the last four digits of the applicant's ID number or phone; throttled."""

import pytest

from motcua.core.testing import query_budget
from motcua.dossiers import services

from .conftest import MONDAY_9, client_for, received, submitted

PERSONAL = ["Trần Thị Lan", "001190012345", "0912345678", "Phố Huế", "lan@example.vn"]
ID_LAST4, PHONE_LAST4 = "2345", "5678"
STATE_ONLY = {"code", "state", "state_label", "paused", "verified"}


@pytest.fixture
def dossier(version, commune, tokhai, desk):
    d = received(version, commune, tokhai, desk)
    applicant = d.applicant
    applicant.address, applicant.email = "12 Phố Huế, Hà Nội", "lan@example.vn"
    applicant.save()
    return d


def test_a_code_alone_gives_the_state_only(dossier):
    response = client_for().get(f"/api/v1/tracking/{dossier.code}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == STATE_ONLY
    assert (body["state"], body["verified"]) == (2, False)
    # HTTP caches may keep it but ask again each time (the throttle counts, a change shows at once).
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("last4", ["0000", "234", "12345", "abcd", "2344"])
def test_wrong_digits_give_the_state_only(dossier, last4):
    body = client_for().get(f"/api/v1/tracking/{dossier.code}/", {"last4": last4}).json()
    assert set(body) == STATE_ONLY


@pytest.mark.parametrize("last4", [ID_LAST4, PHONE_LAST4])
def test_the_api_answers_with_the_last_four_digits_without_personal_data(dossier, version, commune, last4):
    response = client_for().get(f"/api/v1/tracking/{dossier.code}/", {"last4": last4})
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
    assert (body["verified"], body["applicant_name"]) == (True, "T. T. Lan")
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_the_holder_is_the_agency_of_the_active_step(dossier, everyone):
    from motcua.org.tests.factories import CommuneFactory

    partner = CommuneFactory(code="000.00.34.H26")
    officer = services.Actor.officer(everyone)
    d = services.start_processing(dossier=dossier, actor=officer, now=MONDAY_9)
    services.transfer(dossier=d, actor=officer, agency=partner, work="Xác minh", budget=1, now=MONDAY_9)
    body = client_for().get(f"/api/v1/tracking/{dossier.code}/", {"last4": ID_LAST4}).json()
    assert body["state"] == 4
    assert body["held_by"] == [{"code": partner.code, "name": partner.name}]


def test_lowercase_codes_are_found_and_unknown_ones_are_404(dossier):
    assert client_for().get(f"/api/v1/tracking/{dossier.code.lower()}/").status_code == 200
    response = client_for().get("/api/v1/tracking/000.00.31.H26-261116-0404/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_online_submission_not_yet_received(version, commune, tokhai):
    d = submitted(version, commune, tokhai)
    body = client_for().get(f"/api/v1/tracking/{d.code}/", {"last4": ID_LAST4}).json()
    assert (body["state"], body["received_at"], body["due_at"]) == (1, None, None)
    assert body["desk"]["name"] == "Bộ phận Một cửa Phường Thử nghiệm"  # the agency's desk


def test_the_lookup_costs_one_query_and_the_desk(dossier):
    with query_budget("api.tracking.lookup"):  # the dossier's values; its desk (reference cache off in tests)
        assert client_for().get(f"/api/v1/tracking/{dossier.code}/", {"last4": ID_LAST4}).status_code == 200


def test_with_the_reference_cache_the_desk_is_not_asked_again(dossier, settings):
    from motcua.core.refcache import clear_all

    settings.MOTCUA_REFERENCE_CACHE_SECONDS = 60
    clear_all()
    url = f"/api/v1/tracking/{dossier.code}/?last4={ID_LAST4}"
    first = client_for().get(url).json()
    with query_budget("api.tracking.lookup.reference_cache"):
        again = client_for().get(url).json()
    assert again["desk"] == first["desk"] and again["desk"]["name"]
    clear_all()


def test_the_page_shows_the_state_and_asks_for_the_digits(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Được tiếp nhận" in text and 'name="last4"' in text
    assert "19/11/2026" not in text and "Bộ phận Một cửa Phường Thử nghiệm" not in text
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in text and "Cookie" not in response.get("Vary", "")
    response = client.get(f"/tra-cuu/{dossier.code}/", {"last4": "0000"})
    assert "Bốn số cuối không khớp" in response.content.decode()


def test_the_page_shows_the_status_without_personal_data(client, dossier):
    response = client.get(f"/tra-cuu/{dossier.code}/", {"last4": PHONE_LAST4})
    assert response.status_code == 200
    text = response.content.decode()
    assert dossier.code in text
    assert "Được tiếp nhận" in text
    assert "09:00, 19/11/2026" in text  # the promised time
    assert "Bộ phận Một cửa Phường Thử nghiệm" in text
    for value in PERSONAL:
        assert value not in text
    assert "T. T. Lan" in text
    assert "no-store" in response["Cache-Control"]


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


@pytest.fixture
def low_rates(settings):
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"public_lookup": "3/minute", "submission": "2/minute"},
    }
    cache.clear()
    yield
    cache.clear()


def test_the_api_lookup_is_throttled_per_address(dossier, low_rates):
    client = client_for()
    for _ in range(3):
        assert client.get(f"/api/v1/tracking/{dossier.code}/").status_code == 200
    response = client.get(f"/api/v1/tracking/{dossier.code}/", HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["code"] == "throttled" and "Quá nhiều yêu cầu" in body["detail"]
    # Another address is counted apart.
    assert client.get(f"/api/v1/tracking/{dossier.code}/", REMOTE_ADDR="10.0.0.8").status_code == 200


def test_the_lookup_page_is_throttled_too(client, dossier, low_rates):
    for _ in range(3):
        assert client.get(f"/tra-cuu/{dossier.code}/").status_code == 200
    response = client.get(f"/tra-cuu/{dossier.code}/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Quá nhiều yêu cầu" in response.content.decode()
