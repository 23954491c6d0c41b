"""The token endpoint (/o/token/): client credentials of a registered, unrevoked client only, the
scopes granted to it, errors in the OAuth2 shape, throttled; rotation and revocation at once."""

import hashlib
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from oauth2_provider.models import AccessToken
from rest_framework.test import APIClient

from motcua.machines import services
from motcua.machines.models import MachineClient
from motcua.org.tests.factories import CommuneFactory

from .helpers import TOKEN_URL, basic, machine_api, register, request_token, token

API = "/api/v1/dossiers/"


@pytest.fixture
def commune(db):
    return CommuneFactory(code="000.00.31.H26")


@pytest.fixture
def portal(commune):
    return register(grants=[(commune, ["dossiers:read", "sync"])])


def bearer(value: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {value}")
    return client


def test_good_credentials_get_a_bearer_token_with_the_granted_scopes(portal):
    response = request_token(portal)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert set(body["scope"].split()) == {"dossiers:read", "sync"}  # none asked: all granted
    assert "refresh_token" not in body
    assert bearer(body["access_token"]).get(API).status_code == 200


def test_the_secret_is_stored_hashed(portal):
    stored = MachineClient.objects.get().application.client_secret
    assert stored != portal.client_secret and portal.client_secret not in stored


def test_a_wrong_secret_is_invalid_client(portal):
    response = request_token(portal, secret="doan-mo")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_scope_not_granted_is_invalid_scope(portal):
    response = request_token(portal, "reports:read")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


@pytest.mark.parametrize(
    "grant",
    [
        {"grant_type": "password", "username": "admin", "password": "x"},
        {"grant_type": "authorization_code", "code": "abc", "redirect_uri": "https://example.vn/"},
    ],
)
def test_only_the_client_credentials_grant_exists(portal, grant):
    response = Client().post(
        TOKEN_URL, grant, HTTP_AUTHORIZATION=basic(portal.client_id, portal.client_secret)
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_a_revoked_client_gets_no_token_and_its_tokens_stop_at_once(portal):
    api = machine_api(portal)
    assert api.get(API).status_code == 200
    services.revoke_client(client=portal.client, now=timezone.now())
    assert api.get(API).status_code == 401
    response = request_token(portal)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_rotating_the_secret_retires_the_old_secret_and_its_tokens(portal):
    api = machine_api(portal)
    rotated = services.rotate_secret(client=portal.client, now=timezone.now())
    assert api.get(API).status_code == 401
    assert request_token(portal).status_code == 401
    assert request_token(rotated).status_code == 200


def checksum(value: str) -> str:
    """Tokens are stored hashed (RFC 9700 §4, `COMPLIANT_BCP_RFC9700_TOKEN_STORAGE`): find one by its sha256."""
    return hashlib.sha256(value.encode()).hexdigest()


def test_an_expired_token_is_refused(portal):
    value = token(portal)
    AccessToken.objects.filter(token_checksum=checksum(value)).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    assert bearer(value).get(API).status_code == 401


def test_an_unknown_token_is_refused(portal):
    assert bearer("khong-co-ma-nay").get(API).status_code == 401


def test_a_token_of_an_application_that_is_no_machine_client_is_refused(portal):
    from oauth2_provider.models import Application

    app = Application.objects.create(
        name="ngoài danh sách",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )
    AccessToken.objects.create(
        application=app, token="ma-ngoai", scope="dossiers:read", expires=timezone.now() + timedelta(hours=1)
    )
    assert bearer("ma-ngoai").get(API).status_code == 401


def test_the_token_endpoint_is_throttled_per_address(portal, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"machine_token": "2/minute"},
    }
    cache.clear()
    try:
        assert [request_token(portal, secret="sai").status_code for _ in range(2)] == [401, 401]
        response = request_token(portal)  # the right secret too: the address is counted
        assert response.status_code == 429
        assert response.json()["error"] == "slow_down"
        assert int(response["Retry-After"]) > 0
    finally:
        cache.clear()


def test_the_command_registers_a_client_and_prints_its_secret_once(commune, capsys):
    call_command(
        "create_machine_client", "Hệ thống báo cáo tỉnh", "--grant", f"{commune.code}=reports:read+subunits"
    )
    out = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines() if "=" in line)
    client = MachineClient.objects.get(application__client_id=out["client_id"])
    grant = client.grants.get()
    assert (grant.agency, grant.scopes, grant.include_subunits) == (commune, ["reports:read"], True)
    credentials = services.Credentials(
        client=client, client_id=out["client_id"], client_secret=out["client_secret"]
    )
    assert request_token(credentials).json()["scope"] == "reports:read"
    call_command("create_machine_client", "--revoke", out["client_id"])
    assert request_token(credentials).status_code == 401


def test_an_unknown_scope_is_not_granted(commune):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        register(grants=[(commune, ["dossiers:delete"])])
