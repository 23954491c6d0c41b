import datetime as dt
import time
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation

from motcua.dossiers import applicants
from motcua.dossiers.models import Applicant, ApplicantEvent
from motcua.integrations.vneid import identities
from motcua.integrations.vneid.simulator import keys
from motcua.portal.accounts.backends import VNeIDBackend

pytestmark = pytest.mark.django_db

AN = identities.FIXED[0]
ORG = identities.FIXED[2]


def _start(client):
    answer = client.get("/dang-nhap/vneid/")
    assert answer.status_code == 302
    target = urlsplit(answer["Location"])
    assert target.path == "/mo-phong/vneid/authorize"
    return {k: v[0] for k, v in parse_qs(target.query).items()}


def _consent(client, params, id_number):
    page = client.get("/mo-phong/vneid/authorize", params)
    assert page.status_code == 200
    answer = client.post("/mo-phong/vneid/authorize", {**params, "identity": id_number})
    assert answer.status_code == 302
    callback = urlsplit(answer["Location"])
    assert callback.path == "/dang-nhap/vneid/callback/"
    return {k: v[0] for k, v in parse_qs(callback.query).items()}


def _login(client, id_number=AN.id_number):
    params = _start(client)
    back = _consent(client, params, id_number)
    return client.get("/dang-nhap/vneid/callback/", back)


def test_login_page_offers_vneid_first(client, provider):
    page = client.get("/dang-nhap/")
    assert page.status_code == 200
    assert "/dang-nhap/vneid/" in page.content.decode()


def test_authorisation_request_carries_state_nonce_and_pkce_s256(client, provider):
    params = _start(client)
    assert params["code_challenge_method"] == "S256"
    assert params["state"] and params["nonce"] and params["code_challenge"]
    assert params["client_id"] == settings.OIDC_RP_CLIENT_ID


def test_full_redirect_flow_creates_linked_account_and_verified_session(client, provider):
    answer = _login(client)
    assert answer.status_code == 302 and answer["Location"] == "/tai-khoan/"
    person = Applicant.objects.get(id_number=AN.id_number)
    assert person.user is not None and person.full_name == AN.full_name
    assert person.date_of_birth == AN.date_of_birth and person.phone == AN.phone
    assert ApplicantEvent.objects.filter(applicant=person, source="e_id").exists()
    assert client.session["vneid_verified"] is True
    profile = client.get("/tai-khoan/").content.decode()
    assert AN.full_name in profile and AN.address in profile
    assert AN.id_number not in profile and AN.id_number[-4:] in profile


def test_second_login_reuses_the_linked_account(client, provider):
    _login(client)
    client.post("/dang-xuat/")
    _login(client)
    assert get_user_model().objects.filter(applicant_profiles__id_number=AN.id_number).count() == 1
    assert get_user_model().objects.count() == 1


def test_existing_linked_citizen_logs_into_their_account(client, provider):
    # The demo's `congdan`: a person from the dossiers, linked, registered with the simulator.
    user = get_user_model().objects.create_user("congdan")
    applicants.verified_login(
        user=user,
        data={
            "id_number": "001190023456",
            "full_name": "Trần Thị Bình",
            "date_of_birth": dt.date(1990, 11, 2),
        },
    )
    _login(client, "001190023456")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_organisation_account_shows_the_organisation(client, provider):
    _login(client, ORG.id_number)
    profile = client.get("/tai-khoan/").content.decode()
    assert ORG.organisation in profile and ORG.tax_code in profile


def test_wrong_state_is_refused(client, provider):
    params = _start(client)
    back = _consent(client, params, AN.id_number)
    answer = client.get("/dang-nhap/vneid/callback/", {**back, "state": "forged"})
    assert answer.status_code == 302 and "loi=vneid" in answer["Location"]
    assert "_auth_user_id" not in client.session


def test_wrong_nonce_is_refused(client, provider):
    params = _start(client)
    back = _consent(client, params, AN.id_number)
    session = client.session
    session["oidc_states"][params["state"]]["nonce"] = "another-nonce"
    session.save()
    answer = client.get("/dang-nhap/vneid/callback/", back)
    assert "loi=vneid" in answer["Location"]
    assert "_auth_user_id" not in client.session
    assert not Applicant.objects.filter(id_number=AN.id_number).exists()


def test_pkce_verifier_mismatch_is_refused(client, provider):
    params = _start(client)
    back = _consent(client, params, AN.id_number)
    session = client.session
    session["oidc_states"][params["state"]]["code_verifier"] = "x" * 64
    session.save()
    answer = client.get("/dang-nhap/vneid/callback/", back)
    assert "loi=vneid" in answer["Location"]
    assert "_auth_user_id" not in client.session


def test_simulator_token_endpoint_refuses_a_replayed_code(client, provider):
    _login(client)
    # The same callback again: the state was consumed, the code was single-use.
    params = _start(client)
    back = _consent(client, params, AN.id_number)
    assert client.get("/dang-nhap/vneid/callback/", back).status_code == 302
    replay = provider.post(
        "http://testserver/mo-phong/vneid/token",
        data={
            "grant_type": "authorization_code",
            "code": back["code"],
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "client_secret": settings.OIDC_RP_CLIENT_SECRET,
            "redirect_uri": "http://testserver/dang-nhap/vneid/callback/",
            "code_verifier": "y" * 64,
        },
    )
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"


def _id_token(key=None, kid=None, **overrides):
    now = int(time.time())
    claims = {
        "iss": settings.MOTCUA_VNEID_ISSUER,
        "aud": settings.OIDC_RP_CLIENT_ID,
        "sub": AN.id_number,
        "iat": now,
        "exp": now + 300,
        "nonce": "n1",
        **overrides,
    }
    key = key or keys.signing_key()
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid or keys.key_id()})


def test_a_valid_id_token_passes(provider):
    assert VNeIDBackend().verify_token(_id_token(), nonce="n1")["sub"] == AN.id_number


def test_expired_id_token_is_refused(provider):
    past = int(time.time()) - 3600
    with pytest.raises(SuspiciousOperation):
        VNeIDBackend().verify_token(_id_token(iat=past - 300, exp=past), nonce="n1")


def test_id_token_signed_with_another_key_is_refused(provider):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Same kid as the provider's key, so only the signature can tell.
    with pytest.raises(SuspiciousOperation):
        VNeIDBackend().verify_token(_id_token(key=other), nonce="n1")


@pytest.mark.parametrize("claim", [{"iss": "http://evil.example"}, {"aud": "another-client"}])
def test_id_token_for_another_issuer_or_audience_is_refused(provider, claim):
    with pytest.raises(SuspiciousOperation):
        VNeIDBackend().verify_token(_id_token(**claim), nonce="n1")


def test_id_token_wrong_nonce_is_refused(provider):
    with pytest.raises(SuspiciousOperation):
        VNeIDBackend().verify_token(_id_token(), nonce="other")


def test_login_page_says_when_the_provider_is_down(client, provider_down):
    page = client.get("/dang-nhap/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "không phản hồi" in text and "/tra-cuu/" in text
    assert 'href="/dang-nhap/vneid/"' not in text
    # The start sends back to the explanation instead of to a dead provider.
    assert client.get("/dang-nhap/vneid/")["Location"] == "/dang-nhap/"
    assert client.get("/tra-cuu/").status_code == 200


def test_login_is_throttled(client, provider, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"portal_login": "2/minute"},
    }
    from rest_framework.settings import api_settings

    api_settings.reload()
    try:
        codes = [client.get("/dang-nhap/").status_code for _ in range(3)]
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
        api_settings.reload()
    assert codes == [200, 200, 429]


def test_account_page_requires_login(client):
    answer = client.get("/tai-khoan/")
    assert answer.status_code == 302 and answer["Location"].startswith("/dang-nhap/")


def test_simulator_discovery_and_jwks(client, provider):
    doc = client.get("/mo-phong/vneid/.well-known/openid-configuration").json()
    assert doc["issuer"] == settings.MOTCUA_VNEID_ISSUER
    assert doc["code_challenge_methods_supported"] == ["S256"]
    jwks = client.get("/mo-phong/vneid/jwks").json()
    assert jwks["keys"][0]["kid"] == keys.key_id() and jwks["keys"][0]["alg"] == "RS256"
    listing = client.get("/mo-phong/vneid/").content.decode()
    assert AN.full_name in listing and ORG.organisation in listing


def test_simulator_refuses_authorisation_without_pkce(client, provider):
    params = _start(client)
    params.pop("code_challenge")
    answer = client.get("/mo-phong/vneid/authorize", params)
    assert answer.status_code == 302 and "error=invalid_request" in answer["Location"]
