"""`/api/v1/subscriptions/`: OAuth2 bearer tokens with the scope "events" only; a client sees and
changes its own subscriptions; the secret is returned once; the delivery log."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model

from motcua.integrations.webhooks import channels, services
from motcua.integrations.webhooks.models import Subscription

pytestmark = pytest.mark.django_db
URL = "/api/v1/subscriptions/"
HOOK = "https://erp.example.vn/motcua/events"


def machine(name, scope="events"):
    application = get_application_model().objects.create(
        name=name,
        client_type="confidential",
        authorization_grant_type="client-credentials",
    )
    get_access_token_model().objects.create(
        application=application,
        token=f"token-{name}",
        scope=scope,
        expires=timezone.now() + dt.timedelta(hours=1),
    )
    return application, {"Authorization": f"Bearer token-{name}"}


def body(**overrides):
    data = {
        "label": "ERP tỉnh",
        "callback_url": HOOK,
        "channels": [{"channel": channels.DOSSIER_STATE_CHANGED, "filters": {"agency": ["000.00.41.H26"]}}],
    }
    data.update(overrides)
    return data


def test_without_a_token_401_and_a_persons_session_does_not_serve(client, django_user_model):
    answer = client.get(URL)
    assert answer.status_code == 401 and answer.headers["WWW-Authenticate"].startswith("Bearer")
    client.force_login(django_user_model.objects.create(username="admin", is_staff=True, is_superuser=True))
    assert client.get(URL).status_code == 401


def test_a_token_without_the_events_scope_is_403(client):
    _, auth = machine("reports", scope="reports:read dossiers:read")
    assert client.get(URL, headers=auth).status_code == 403
    assert client.post(URL, body(), content_type="application/json", headers=auth).status_code == 403
    assert not Subscription.objects.exists()


def test_create_returns_the_secret_once_and_the_client_manages_its_own(client):
    application, auth = machine("erp")
    created = client.post(URL, body(), content_type="application/json", headers=auth)
    assert created.status_code == 201, created.content
    data = created.json()
    subscription = Subscription.objects.get()
    assert data["secret"] == subscription.secret and len(data["secret"]) >= 40
    assert subscription.application == application and subscription.active
    assert data["channels"] == [
        {"channel": "dossier-state-changed", "filters": {"agency": ["000.00.41.H26"]}}
    ]

    listed = client.get(URL, headers=auth).json()
    assert [s["id"] for s in listed["results"]] == [subscription.pk]
    assert "secret" not in listed["results"][0]
    one = client.get(f"{URL}{subscription.pk}/", headers=auth).json()
    assert "secret" not in one and one["callback_url"] == HOOK

    paused = client.patch(
        f"{URL}{subscription.pk}/", {"active": False}, content_type="application/json", headers=auth
    )
    assert paused.status_code == 200 and paused.json()["active"] is False
    subscription.refresh_from_db()
    assert subscription.active is False

    renewed = client.post(f"{URL}{subscription.pk}/secret/", headers=auth)
    subscription.refresh_from_db()
    assert renewed.status_code == 200 and renewed.json()["secret"] == subscription.secret != data["secret"]

    # Another client neither sees nor changes it.
    _, other = machine("other")
    assert client.get(URL, headers=other).json()["results"] == []
    assert client.get(f"{URL}{subscription.pk}/", headers=other).status_code == 404
    assert client.delete(f"{URL}{subscription.pk}/", headers=other).status_code == 404
    assert client.delete(f"{URL}{subscription.pk}/", headers=auth).status_code == 204
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, code",
    [
        ({"callback_url": "http://erp.example.vn/hook"}, "callback_url", "unsafe_callback_url"),
        ({"callback_url": "https://192.168.1.10/hook"}, "callback_url", "unsafe_callback_url"),
        ({"channels": [{"channel": "dossier-deleted"}]}, "channels", "invalid_choice"),
        ({"channels": []}, "channels", "min_length"),
        (
            {"channels": [{"channel": channels.FEEDBACK_ANSWERED, "filters": {"procedure": ["1.013225"]}}]},
            "channels",
            "unknown_filter",
        ),
    ],
)
def test_an_invalid_subscription_is_refused_with_its_code(client, overrides, field, code):
    _, auth = machine("erp")
    answer = client.post(URL, body(**overrides), content_type="application/json", headers=auth)
    assert answer.status_code == 400, answer.content
    assert answer.json()["field"] == field and code in str(answer.json()["error_codes"])
    assert not Subscription.objects.exists()


def test_the_delivery_log_lists_the_subscriptions_notifications(client):
    application, auth = machine("erp")
    subscription, _ = services.create_subscription(
        owner=services.Owner(application=application), callback_url=HOOK, channels=body()["channels"]
    )
    with transaction.atomic():
        services.publish(
            channel=channels.DOSSIER_STATE_CHANGED,
            resource="dossier",
            event_type="receive",
            resource_key="000.00.41.H26-261116-0001",
            payload={"code": "000.00.41.H26-261116-0001", "status": 2},
            event_key="event-1",
            agency_code="000.00.41.H26",
        )
    log = client.get(f"{URL}{subscription.pk}/deliveries/", headers=auth)
    assert log.status_code == 200
    (row,) = log.json()["results"]
    assert row["resource_key"] == "000.00.41.H26-261116-0001" and row["status"] == "pending"
    assert row["channel"] == "dossier-state-changed" and row["notification"]["data"]["status"] == 2
    assert row["notification_id"] == row["notification"]["id"]
    _, other = machine("other")
    assert client.get(f"{URL}{subscription.pk}/deliveries/", headers=other).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [
        {"callback_url": "https://erp.example.vn/\x00hook"},
        {"callback_url": "https://" + "a" * 600 + ".vn/"},
        {"callback_url": "https://erp example.vn/"},
        {"label": "x\x00y"},
        {"channels": [{"channel": "dossier-received", "filters": {"agency": ["\x00"]}}]},
        {"channels": [{"channel": "dossier-received", "filters": {"agency": ["9" * 5000]}}]},
        {"channels": "dossier-received"},
        {"channels": [{"channel": "dossier-received"}] * 11},
    ],
)
def test_hostile_input_is_a_400_never_a_500(client, overrides):
    _, auth = machine("erp")
    answer = client.post(URL, body(**overrides), content_type="application/json", headers=auth)
    assert answer.status_code == 400, answer.content
    assert client.get(f"{URL}{'9' * 40}/", headers=auth).status_code == 404
    assert client.get(f"{URL}999999999999999999/", headers=auth).status_code == 404
