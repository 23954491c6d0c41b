"""Public post (issue 11): shipments with S10 numbers, signed status callbacks, unknown items refused,
the delivery of a result by post recorded through the return command."""

import json

from django.test import Client

from motcua.dossiers import postal, services
from motcua.dossiers.models import DossierEvent, ResultChannel, Shipment, ShipmentKind
from motcua.dossiers.states import Action, State
from motcua.integrations.models import SimulatedShipment
from motcua.integrations.postal import s10
from motcua.integrations.postal.simulator.views import advance, send_status
from motcua.integrations.postal.vnpost import config, signature
from motcua.org.tests.factories import StaffFactory

from .conftest import MONDAY_9, make_intake


def test_a_shipment_gets_an_s10_number_and_its_status(received):
    shipment = postal.request_shipment(received, ShipmentKind.COLLECTION, "12 Hàng Bạc, Hà Nội")
    assert s10.is_valid(shipment.item_number) and shipment.item_number.endswith("VN")
    status, _body = advance(SimulatedShipment.objects.get(item_number=shipment.item_number), "collected")
    assert status == 200
    shipment.refresh_from_db()
    assert shipment.status == "collected" and [h["status"] for h in shipment.history] == [
        "accepted",
        "collected",
    ]
    assert postal.shipments_of(received) == [shipment]


def test_a_callback_for_an_unknown_item_is_refused(received):
    status, body = send_status(
        s10.item_number("EE", 99999999), "delivered", callback_url=postal.callback_url()
    )
    assert status == 404 and json.loads(body) == {"result": "unknown_item"}
    assert not Shipment.objects.exists()


def test_a_callback_with_a_wrong_signature_is_refused(received):
    shipment = postal.request_shipment(received, ShipmentKind.COLLECTION, "12 Hàng Bạc")
    body = json.dumps({"item_number": shipment.item_number, "status": "delivered"}).encode()
    response = Client().post(
        "/buu-chinh/trang-thai/",
        body,
        content_type="application/json",
        HTTP_X_SIGNATURE=signature(body, "wrong"),
    )
    assert response.status_code == 401
    shipment.refresh_from_db()
    assert shipment.status == "accepted"
    assert signature(body, config()["SECRET"]) != signature(body, "wrong")


def test_a_result_delivered_by_post_records_the_return(version, commune):
    officer = StaffFactory(agency=commune, roles=["desk_officer", "specialist", "unit_head", "agency_leader"])
    actor = services.Actor.officer(officer)
    dossier = services.receive_at_desk(officer=officer, intake=make_intake(version, commune), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=actor, now=MONDAY_9)
    dossier = services.complete_step(dossier=dossier, actor=actor, step=dossier.steps.get(), now=MONDAY_9)
    dossier = services.resolve(dossier=dossier, actor=actor, now=MONDAY_9)
    assert dossier.state == State.RESOLVED
    shipment = postal.request_shipment(dossier, ShipmentKind.RESULT, "12 Hàng Bạc, Hà Nội")
    simulated = SimulatedShipment.objects.get(item_number=shipment.item_number)
    advance(simulated, "in_transit")
    dossier.refresh_from_db()
    assert dossier.state == State.RESOLVED
    advance(simulated, "delivered")
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.return_channel == ResultChannel.POST
    event = DossierEvent.objects.get(dossier=dossier, action=Action.DELIVER)
    assert event.data["postal_item_number"] == shipment.item_number
    advance(simulated, "delivered")  # told twice: recorded once
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.DELIVER).count() == 1
