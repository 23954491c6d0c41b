import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from motcua.integrations.models import OutboxMessage

pytestmark = pytest.mark.django_db

FORM = {
    "channel": "email",
    "contact": "anna@example.org",
    "full_name": "Anna Schmidt",
    "password": "ein-langes-passwort",
}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _register(client, form=FORM):
    answer = client.post("/dang-ky/", form)
    assert answer.status_code == 302, answer.content.decode()
    message = OutboxMessage.objects.get(channel=form["channel"])
    code = re.search(r"\b(\d{6})\b", message.body).group(1)
    return answer["Location"], code, message


def test_registration_sends_a_code_through_the_outbox_and_creates_the_account_on_it(client):
    confirm_url, code, message = _register(client)
    assert message.channel == "email"
    assert not get_user_model().objects.filter(username="anna@example.org").exists()
    answer = client.post(confirm_url, {"code": code})
    assert answer.status_code == 302 and answer["Location"] == "/tai-khoan/"
    user = get_user_model().objects.get(username="anna@example.org")
    assert user.email == "anna@example.org" and user.check_password(FORM["password"])
    # A local account is not e-ID verified.
    assert "chưa được xác thực bằng VNeID" in client.get("/tai-khoan/").content.decode()


def test_sms_registration(client):
    _confirm_url, _code, message = _register(client, {**FORM, "channel": "sms", "contact": "0912000111"})
    assert message.channel == "sms"


def test_wrong_codes_end_the_registration(client):
    confirm_url, code, _message = _register(client)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert client.post(confirm_url, {"code": wrong}).status_code == 200
    # Even the right code is too late now.
    client.post(confirm_url, {"code": code})
    assert not get_user_model().objects.filter(username="anna@example.org").exists()


def test_invalid_contact_is_refused(client):
    answer = client.post("/dang-ky/", {**FORM, "contact": "not-an-address"})
    assert answer.status_code == 200
    assert not OutboxMessage.objects.exists()


def test_password_login_of_a_local_account_and_lockout(client, settings):
    get_user_model().objects.create_user("anna@example.org", password=FORM["password"])
    ok = client.post("/dang-nhap/mat-khau/", {"username": "anna@example.org", "password": FORM["password"]})
    assert ok.status_code == 302 and ok["Location"] == "/tai-khoan/"
    client.post("/dang-xuat/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/dang-nhap/mat-khau/", {"username": "anna@example.org", "password": "wrong"})
    locked = client.post(
        "/dang-nhap/mat-khau/", {"username": "anna@example.org", "password": FORM["password"]}
    )
    assert "_auth_user_id" not in client.session
    assert locked.status_code in (403, 429)
