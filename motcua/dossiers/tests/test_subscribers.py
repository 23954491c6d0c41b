"""A dossier's events reach the subscribers (issue 13): the channels of each event, what is sent
(no personal data), one notification per subscriber per event, in the event's transaction."""

from datetime import timedelta

import pytest

from motcua.dossiers import services
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.webhooks import channels
from motcua.integrations.webhooks import services as webhooks
from motcua.org.tests.factories import StaffFactory

from .test_services import MONDAY_9, intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriptions(django_user_model, commune):
    owner = webhooks.Owner(user=django_user_model.objects.create(username="integrator", is_staff=True))

    def subscribe(wanted):
        return webhooks.create_subscription(
            owner=owner, callback_url="https://erp.example.vn/hook", channels=wanted
        )[0]

    return {
        "all": subscribe([{"channel": c} for c in channels.CHANNELS]),
        "state": subscribe([{"channel": channels.DOSSIER_STATE_CHANGED}]),
        "results here": subscribe(
            [{"channel": channels.DOSSIER_RESULT_READY, "filters": {"agency": [commune.code]}}]
        ),
        "elsewhere": subscribe(
            [{"channel": channels.DOSSIER_STATE_CHANGED, "filters": {"agency": ["000.00.99.H26"]}}]
        ),
    }


def sent_to(subscription):
    rows = Delivery.objects.filter(payload__subscription=subscription.pk).order_by("pk")
    return [(d.topic, d.payload["notification"]["action"]) for d in rows]


def test_a_dossiers_life_is_told_to_each_subscriber_once_per_event(version, commune, subscriptions):
    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    leader = StaffFactory(agency=commune, roles=["agency_leader"])
    officer, approver = services.Actor.officer(desk), services.Actor.officer(leader)
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=officer, now=MONDAY_9 + timedelta(minutes=5))
    services.complete_step(
        dossier=dossier, actor=approver, step=dossier.steps.get(), now=MONDAY_9 + timedelta(hours=2)
    )
    services.resolve(dossier=dossier, actor=approver, now=MONDAY_9 + timedelta(days=1))

    assert sent_to(subscriptions["all"]) == [
        ("dossier-received", "receive"),
        ("dossier-state-changed", "start_processing"),
        ("dossier-result-ready", "resolve"),
    ]  # completing a step changes no national status: nothing to tell
    assert sent_to(subscriptions["state"]) == [
        ("dossier-state-changed", "receive"),
        ("dossier-state-changed", "start_processing"),
        ("dossier-state-changed", "resolve"),
    ]
    assert sent_to(subscriptions["results here"]) == [("dossier-result-ready", "resolve")]
    assert sent_to(subscriptions["elsewhere"]) == []
    # in order per dossier and subscriber: one stream each
    streams = set(
        Delivery.objects.filter(payload__subscription=subscriptions["all"].pk).values_list(
            "stream", flat=True
        )
    )
    assert streams == {f"s{subscriptions['all'].pk}:{dossier.code}"}

    resolved = Delivery.objects.filter(topic="dossier-result-ready").first().payload["notification"]
    data = resolved["data"]
    assert data["code"] == dossier.code and (data["status"], data["previousStatus"]) == (9, 4)
    assert data["agency"] == commune.code == resolved["attributes"]["agency"]
    assert data["procedure"] == version.procedure.code and data["intakeChannel"] == 1
    assert data["finishedAt"] and data["dueAt"] and data["eventAt"].startswith("2026-11-17T09:00")
    assert resolved["resourceUrl"].endswith(f"/api/v1/dossiers/{dossier.code}/")
    text = str(resolved)
    for personal in ("Trần Thị Lan", "001190012345", "0912345678", desk.full_name, leader.full_name):
        assert personal not in text


def test_nobody_listening_costs_one_query_and_queues_nothing(version, commune, django_assert_num_queries):
    from motcua.dossiers import subscribers

    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    event = dossier.events.get()
    with django_assert_num_queries(1):
        assert subscribers.on_event(dossier, event) == 0
    assert not Delivery.objects.filter(partner="webhook").exists()  # (the national portal's record is there)


def test_after_commit_the_subscriber_receives_it_signed(
    version, commune, django_user_model, django_capture_on_commit_callbacks
):
    from motcua.integrations.webhooks.simulator.models import SimulatedInbox

    owner = webhooks.Owner(user=django_user_model.objects.create(username="erp", is_staff=True))
    _subscription, secret = webhooks.create_subscription(
        owner=owner,
        callback_url="http://testserver/mo-phong/nhan-thong-bao/erp/",
        channels=[{"channel": channels.DOSSIER_RECEIVED}],
    )
    inbox = SimulatedInbox.objects.create(slug="erp", secret=secret)
    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    got = inbox.received.get()
    assert (got.accepted, got.channel, got.resource_key) == (True, "dossier-received", dossier.code)
    assert Delivery.objects.get(partner="webhook").status == Delivery.Status.ACKNOWLEDGED
