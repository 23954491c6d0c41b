"""Brute force and throttles, seen from outside (part of `make security-check`). The lockout and the
throttles themselves, and their detailed tests, belong to the abuse work (django-axes, DRF throttles);
these checks start running as soon as those are configured, and fail if guessing or hammering works."""

import base64

import pytest
from django.conf import settings

from motcua.org.tests.factories import StaffFactory

pytestmark = [pytest.mark.security, pytest.mark.django_db]

PASSWORD = "motcua-dung-mat-khau"


@pytest.mark.skipif(
    "axes" not in settings.INSTALLED_APPS, reason="login lockout (django-axes) not configured yet"
)
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
    if "rest_framework.authentication.BasicAuthentication" in settings.REST_FRAMEWORK.get(
        "DEFAULT_AUTHENTICATION_CLASSES", ["rest_framework.authentication.BasicAuthentication"]
    ):
        pytest.skip("HTTP Basic still on (DRF's default) until the abuse work turns it off")
    staff = StaffFactory()
    staff.user.set_password(PASSWORD)
    staff.user.save()
    token = base64.b64encode(f"{staff.user.username}:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/dossiers/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code in (401, 403)


@pytest.mark.skipif(
    not (settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES") or {}).get("public_lookup"),
    reason="no rate for the public lookup in these settings (the throttle tests set their own)",
)
def test_hammering_the_public_lookup_is_throttled(client):
    statuses = [client.get("/api/v1/tracking/000.00.00.H26-261202-0001/").status_code for _ in range(300)]
    assert 429 in statuses
