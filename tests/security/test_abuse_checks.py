"""Brute force and throttles, seen from outside (part of `make security-check`): they fail if guessing
or hammering works. The lockout (django-axes) and the throttles have their detailed tests beside their
code (tests/platform/test_login_abuse.py, motcua/dossiers/tests/api/test_throttles.py)."""

import base64

import pytest
from django.conf import settings
from django.core.cache import cache

from motcua.org.tests.factories import StaffFactory

pytestmark = [pytest.mark.security, pytest.mark.django_db]

PASSWORD = "motcua-dung-mat-khau"


def test_thirty_wrong_passwords_lock_the_account_out(client):
    staff = StaffFactory()
    staff.user.set_password(PASSWORD)
    staff.user.save()
    for _ in range(30):
        client.post("/can-bo/dang-nhap/", {"username": staff.user.username, "password": "sai-mat-khau"})
    client.post("/can-bo/dang-nhap/", {"username": staff.user.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # the right password, too late: still locked out


def test_the_api_refuses_http_basic(client):
    """A script must not guess passwords on the API without a CSRF token (issue 8, defect 5)."""
    assert "rest_framework.authentication.BasicAuthentication" not in settings.REST_FRAMEWORK.get(
        "DEFAULT_AUTHENTICATION_CLASSES", ["rest_framework.authentication.BasicAuthentication"]
    )
    staff = StaffFactory()
    staff.user.set_password(PASSWORD)
    staff.user.save()
    token = base64.b64encode(f"{staff.user.username}:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/dossiers/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code in (401, 403)


@pytest.fixture
def production_rates(settings):
    """The production settings' rates (the test settings turn throttling off so counts do not carry
    from one test to the next)."""
    from motcua.settings import base

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    }
    cache.clear()
    yield
    cache.clear()


def test_hammering_the_public_lookup_is_throttled(client, production_rates):
    statuses = [client.get("/api/v1/tracking/000.00.00.H26-261202-0001/").status_code for _ in range(300)]
    assert 429 in statuses
