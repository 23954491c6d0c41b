"""The admin screens of the events: a staff user's subscription (its secret shown once), the
delivery log filtered by subscription, the replay of a dead notification."""

import pytest
from django.db import transaction

from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.webhooks import channels, services
from motcua.integrations.webhooks.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def test_a_staff_user_subscribes_in_the_admin_and_sees_the_secret_once(admin_client):
    answer = admin_client.post(
        "/admin/integrations/subscription/add/",
        {
            "label": "Kho lưu trữ",
            "callback_url": "https://archive.example.vn/hook",
            "channels": '[{"channel": "dossier-result-ready"}]',
            "active": "on",
        },
        follow=True,
    )
    subscription = Subscription.objects.get()
    assert subscription.user == admin_client.user and subscription.application is None
    assert subscription.secret in answer.content.decode()
    assert (
        subscription.secret
        not in admin_client.get(
            f"/admin/integrations/subscription/{subscription.pk}/change/"
        ).content.decode()
    )
    refused = admin_client.post(
        "/admin/integrations/subscription/add/",
        {
            "label": "x",
            "callback_url": "https://10.0.0.1/hook",
            "channels": '[{"channel": "dossier-received"}]',
        },
    )
    assert refused.status_code == 200 and Subscription.objects.count() == 1


def test_the_delivery_log_is_filtered_by_subscription_and_a_dead_one_is_replayed(admin_client):
    owner = services.Owner(user=admin_client.user)
    wanted = [{"channel": channels.DOSSIER_STATE_CHANGED}]
    first, _ = services.create_subscription(
        owner=owner, callback_url="https://a.example.vn/", channels=wanted
    )
    second, _ = services.create_subscription(
        owner=owner, callback_url="https://b.example.vn/", channels=wanted
    )
    with transaction.atomic():
        services.publish(
            channel=channels.DOSSIER_STATE_CHANGED,
            resource="dossier",
            event_type="receive",
            resource_key="H26-0001",
            payload={"code": "H26-0001"},
            event_key="e1",
        )
    services.update_subscription(subscription=first, active=False)
    dead = Delivery.objects.get(payload__subscription=first.pk)
    dispatch.send_delivery(delivery_id=dead.pk)
    dead.refresh_from_db()
    assert dead.status == Delivery.Status.DEAD

    page = admin_client.get(f"/admin/integrations/webhookdelivery/?subscription={first.pk}")
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [dead]  # not the second subscription's
    assert Delivery.objects.filter(payload__subscription=second.pk).count() == 1
    admin_client.post(
        "/admin/integrations/webhookdelivery/",
        {"action": "replay", "_selected_action": [dead.pk]},
    )
    dead.refresh_from_db()
    assert dead.status == Delivery.Status.PENDING and dead.replayed_by == admin_client.user
    assert admin_client.get("/admin/integrations/subscription/").status_code == 200
