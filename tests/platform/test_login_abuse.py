"""Password guessing (issue 8, defect 5): on every login path, 30 wrong passwords and then the
right one is refused; HTTP Basic no longer authenticates an API request at all."""

import base64

import pytest
from django.contrib.auth import get_user_model

from motcua.org.tests.factories import StaffFactory, UserFactory

PASSWORD = "motcua-test"
pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return StaffFactory(roles=["desk_officer"]).user


def _guess(client, url, username, *, times=30):
    for i in range(times):
        client.post(url, {"username": username, "password": f"sai-{i}"})


@pytest.mark.parametrize(
    "url",
    ["/can-bo/dang-nhap/", "/admin/login/", "/api/auth/login/"],
    ids=["office", "admin", "api"],
)
def test_thirty_wrong_passwords_then_the_right_one_is_refused(client, officer, url):
    if url.startswith("/admin/"):
        officer.is_staff = True
        officer.save(update_fields=["is_staff"])
    _guess(client, url, officer.username)
    response = client.post(url, {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    if url.startswith("/api/"):
        body = response.json()
        assert body["code"] == "login_locked"
        assert "Đăng nhập sai quá nhiều lần" in body["detail"]
    else:
        assert "Tạm khóa đăng nhập" in response.content.decode()


def test_the_lockout_is_per_username_and_address(client, officer):
    other = UserFactory()
    _guess(client, "/can-bo/dang-nhap/", officer.username)
    # Another account from the same address still logs in ...
    response = client.post("/can-bo/dang-nhap/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    # ... and so does the guessed account from another address.
    response = client.post(
        "/can-bo/dang-nhap/", {"username": officer.username, "password": PASSWORD}, REMOTE_ADDR="10.9.8.7"
    )
    assert response.status_code == 302


def test_a_forwarded_for_header_does_not_change_the_address(client, officer):
    for i in range(30):
        client.post(
            "/can-bo/dang-nhap/",
            {"username": officer.username, "password": f"sai-{i}"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{i}",
        )
    response = client.post(
        "/can-bo/dang-nhap/",
        {"username": officer.username, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.1.1.1",
    )
    assert response.status_code == 429


def test_a_few_mistakes_do_not_lock(client, officer, settings):
    _guess(client, "/can-bo/dang-nhap/", officer.username, times=settings.AXES_FAILURE_LIMIT - 1)
    response = client.post("/can-bo/dang-nhap/", {"username": officer.username, "password": PASSWORD})
    assert response.status_code == 302


def test_http_basic_does_not_authenticate_the_api(client, officer):
    token = base64.b64encode(f"{officer.username}:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/dossiers/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code in (401, 403)
    assert get_user_model().objects.filter(pk=officer.pk, last_login__isnull=True).exists()
