"""A dossier handed to the civil-status system through the outbox and back by its signed callback
(dossiers.sector, dossiers.sector_callbacks, the simulator of integrations.sector)."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.dossiers import sector, services
from motcua.dossiers.models import (
    DocumentKind,
    DossierEvent,
    DossierExternalCode,
    SectorCallback,
    SectorHandoff,
    StepState,
)
from motcua.dossiers.selectors import search_dossiers
from motcua.dossiers.states import Action, State
from motcua.integrations.dispatch import services as dispatch
from motcua.integrations.dispatch.models import Delivery
from motcua.integrations.sector import config, signing
from motcua.integrations.sector.models import SimulatedSectorCase
from motcua.integrations.sector.simulator import protocol

from .conftest import MONDAY_9, make_intake

Actor = services.Actor.officer
Status = SectorHandoff.Status


@pytest.fixture
def birth_version(ward):
    """Birth registration: check at the desk's unit (1 day), register in the civil-status system
    (2 days, the process names it), approval (1 day)."""
    version = published_version(
        code="1.001193",
        name="Thủ tục đăng ký khai sinh",
        time_amount=4,
        time_unit="working_day",
        implementing_agencies=[ward],
        requirements=[{"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1}],
    )
    process = ProcessDefinition.objects.create(version=version, agency=ward)
    for order, work, responsible, amount, system in (
        (1, "Kiểm tra hồ sơ", "Công chức tư pháp - hộ tịch", 1, ""),
        (2, "Đăng ký khai sinh trên hệ thống hộ tịch", "Công chức tư pháp - hộ tịch", 2, "ho-tich"),
        (3, "Phê duyệt", "Chủ tịch UBND phường", 1, ""),
    ):
        ProcessStep.objects.create(
            process=process,
            order=order,
            work=work,
            responsible=responsible,
            amount=amount,
            unit="working_day",
            sector_system=system,
        )
    return version


@pytest.fixture
def handed(birth_version, ward, desk, specialist):
    """A dossier whose sector step has started: the hand-off is queued in the same transaction."""
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(birth_version, ward), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=Actor(desk), now=MONDAY_9)
    first = dossier.steps.get(order=1)
    return services.complete_step(dossier=dossier, actor=Actor(specialist), step=first, now=MONDAY_9)


def ho_tich():
    return config.system("ho-tich")


def deliver_all():
    """Send the sector system's records (the national portal's sync records are another partner's)."""
    return dispatch.send_due(partner="sector.ho-tich", now=timezone.now() + dt.timedelta(seconds=1))


def post_callback(body: bytes, headers: dict[str, str], system="ho-tich"):
    return Client().post(
        f"/api/v1/sector-systems/{system}/callback/",
        data=body,
        content_type="application/json",
        headers=headers,
    )


def test_the_full_round_trip_with_the_simulator(handed, head):
    handoff = SectorHandoff.objects.get(dossier=handed)
    assert handoff.status == Status.QUEUED and handoff.step.order == 2
    start = handed.events.get(action=Action.COMPLETE_STEP)
    assert (
        start.data["sector_handoffs"][0]["reference"] == handoff.reference
    )  # the same event, same transaction
    delivery = Delivery.objects.get(idempotency_key=handoff.reference)
    assert (delivery.partner, delivery.stream, delivery.payload["dossier_code"]) == (
        "sector.ho-tich",
        handed.code,
        handed.code,
    )

    assert deliver_all()["sent"] == 1
    case = SimulatedSectorCase.objects.get()
    assert case.record["applicant"]["full_name"] == "Nguyễn Thị Hằng"
    handoff.refresh_from_db()
    delivery.refresh_from_db()
    # The "received" callback: the system's code is the dossier's alias, the record acknowledged.
    assert (handoff.status, handoff.external_code) == (Status.RECEIVED, case.external_code)
    assert delivery.status == Delivery.Status.ACKNOWLEDGED
    assert DossierExternalCode.objects.get(code=case.external_code).dossier == handed
    assert handed.events.filter(action=Action.SECTOR_RECEIVED).count() == 1

    status, _body = protocol.resolve(ho_tich(), case, "Đã đăng ký khai sinh")
    assert status == 200
    handoff.refresh_from_db()
    assert handoff.status == Status.RESOLVED
    step = handed.steps.get(order=2)
    assert step.state == StepState.DONE and case.external_code in step.note
    assert handed.steps.get(order=3).state == StepState.ACTIVE
    result = handed.documents.get(kind=DocumentKind.RESULT)
    assert result.signed_at is None  # the leader's approval signs it: the normal path
    attach = handed.events.get(action=Action.ATTACH_RESULT)
    assert attach.actor_label == ho_tich().name

    approval = handed.steps.get(order=3)
    dossier = services.complete_step(dossier=handed, actor=Actor(head), step=approval, now=timezone.now())
    dossier = services.resolve(dossier=dossier, actor=Actor(head), now=timezone.now())
    assert dossier.state == State.RESOLVED
    result.refresh_from_db()
    assert result.signed_at is not None


def test_the_external_code_finds_the_dossier_in_search_the_api_and_the_public_lookup(handed, desk):
    deliver_all()
    code = SectorHandoff.objects.get(dossier=handed).external_code
    assert list(search_dossiers(type(handed).objects.all(), q=code)) == [handed]
    assert list(search_dossiers(type(handed).objects.all(), q=code.lower())) == [handed]

    api = Client()
    api.force_login(desk.user)
    body = api.get("/api/v1/dossiers/", {"external_code": code}).json()
    assert [d["code"] for d in body["results"]] == [handed.code]
    assert api.get("/api/v1/dossiers/", {"external_code": "HT-0000-000000"}).json()["count"] == 0
    assert api.get("/api/v1/dossiers/", {"external_code": "HT\x00"}).status_code in (200, 400)

    office = api.get("/can-bo/tra-cuu/", {"q": code})
    assert handed.code in office.content.decode()

    public = Client()
    assert public.get(f"/api/v1/tracking/{code}/").status_code == 404  # the alias alone says nothing
    found = public.get(f"/api/v1/tracking/{code}/", {"last4": "2345"}).json()
    assert (found["code"], found["verified"]) == (handed.code, True)
    assert public.get(f"/api/v1/tracking/{code}/", {"last4": "0000"}).status_code == 404


def test_a_tampered_a_stale_and_a_replayed_callback_are_refused_and_logged(handed):
    deliver_all()
    case = SimulatedSectorCase.objects.get()
    body = protocol.callback_body(case, "refused", message="Sai thông tin")
    now = timezone.now()
    headers = signing.headers(body, ho_tich().secret, now)

    tampered = body.replace(b"Sai", b"Dung")
    assert post_callback(tampered, headers).status_code == 401
    stale = signing.headers(body, ho_tich().secret, now - dt.timedelta(minutes=10))
    assert post_callback(body, stale).json()["result"] == "stale_timestamp"
    other_secret = signing.headers(body, "not the secret", now)
    assert post_callback(body, other_secret).status_code == 401

    assert post_callback(body, headers).status_code == 200  # the genuine one
    replay = post_callback(body, headers)
    assert (replay.status_code, replay.json()["result"]) == (409, "replayed")

    outcomes = list(SectorCallback.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes[-5:] == ["bad_signature", "stale_timestamp", "bad_signature", "accepted", "replayed"]
    assert handed.events.filter(action=Action.SECTOR_REFUSED).count() == 1


def test_a_callback_for_an_unknown_dossier_is_refused(handed):
    deliver_all()
    case = SimulatedSectorCase.objects.get()
    case.reference = "sector:ho-tich:NO-SUCH-DOSSIER:1"
    body = protocol.callback_body(case, "resolved", message="x", result=b"%PDF-1.4 x")
    response = post_callback(body, signing.headers(body, ho_tich().secret, timezone.now()))
    assert (response.status_code, response.json()["result"]) == (404, "unknown_dossier")
    assert SectorCallback.objects.filter(outcome="unknown_dossier").count() == 1
    assert not handed.documents.filter(kind=DocumentKind.RESULT).exists()
    # A real reference under another dossier's code is not this dossier's either.
    case.refresh_from_db()
    case.dossier_code = "000.00.41.H26-261116-9999"
    body = protocol.callback_body(case, "refused", message="x")
    assert post_callback(body, signing.headers(body, ho_tich().secret, timezone.now())).status_code == 404
    assert (
        post_callback(
            body, signing.headers(body, ho_tich().secret, timezone.now()), system="nope"
        ).status_code
        == 404
    )


def test_a_refusal_is_visible_and_the_officer_hands_the_dossier_over_again(handed, specialist, client):
    deliver_all()
    case = SimulatedSectorCase.objects.get()
    page = client.get("/mo-phong/he-thong-nganh/").content.decode()
    assert ho_tich().name in page and case.external_code in page
    assert (
        client.post("/mo-phong/he-thong-nganh/", {"case": case.pk, "decision": "refuse"}).status_code == 400
    )
    tester = client.post(
        "/mo-phong/he-thong-nganh/", {"case": case.pk, "decision": "refuse", "note": "Thiếu giấy chứng sinh"}
    )
    assert tester.status_code == 302
    handoff = SectorHandoff.objects.get(dossier=handed)
    assert (handoff.status, handoff.message) == (Status.REFUSED, "Thiếu giấy chứng sinh")
    event = handed.events.get(action=Action.SECTOR_REFUSED)
    assert event.reason == "Thiếu giấy chứng sinh" and event.to_state == State.PROCESSING
    assert handed.steps.get(order=2).state == StepState.ACTIVE  # the officer decides what follows

    client.force_login(specialist.user)
    page = client.get(f"/can-bo/ho-so/{handed.code}/").content.decode()
    assert "Thiếu giấy chứng sinh" in page and case.external_code in page and "data-sector-handoff" in page

    response = client.post(f"/can-bo/ho-so/{handed.code}/he-thong-nganh/")
    assert response.status_code == 302
    again = SectorHandoff.objects.get(dossier=handed, attempt=2)
    assert again.status == Status.QUEUED
    assert handed.events.get(action=Action.SECTOR_HANDOFF).data["reference"] == again.reference
    page = client.get(f"/can-bo/ho-so/{handed.code}/").content.decode()
    assert "data-sector-handoff" not in page  # one hand-off in hand at a time
    refused = client.post(f"/can-bo/ho-so/{handed.code}/he-thong-nganh/")
    assert refused.status_code == 422 and SectorHandoff.objects.filter(dossier=handed).count() == 2


def test_a_repeated_callback_changes_nothing_the_second_time(handed):
    deliver_all()
    case = SimulatedSectorCase.objects.get()
    body = protocol.callback_body(case, "resolved", message="Xong", result=protocol.result_pdf(case, "Xong"))
    now = timezone.now()
    first = post_callback(body, signing.headers(body, ho_tich().secret, now))
    # The system sends it again, signed afresh (a retry after a lost answer).
    second = post_callback(body, signing.headers(body, ho_tich().secret, now + dt.timedelta(seconds=1)))
    assert (first.json()["result"], second.status_code, second.json()["result"]) == (
        "accepted",
        200,
        "duplicate",
    )
    assert handed.documents.filter(kind=DocumentKind.RESULT).count() == 1
    assert handed.events.filter(action=Action.ATTACH_RESULT).count() == 1
    assert DossierEvent.objects.filter(dossier=handed, action=Action.COMPLETE_STEP).count() == 2
    # The record sent twice by the outbox (a crashed worker) is one case at the system.
    delivery = Delivery.objects.get(idempotency_key=SectorHandoff.objects.get(dossier=handed).reference)
    from motcua.integrations.sector.transport import HttpTransport

    assert HttpTransport().send(delivery).partner_ref == case.external_code
    assert SimulatedSectorCase.objects.count() == 1


def test_the_partner_down_never_blocks_the_officer(birth_version, ward, desk, specialist, settings):
    settings.MOTCUA_SECTOR_SYSTEMS = {"ho-tich": {"NAME": "Hộ tịch", "URL": "inprocess:/mo-phong/khong-co/"}}
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(birth_version, ward), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=Actor(desk), now=MONDAY_9)
    dossier = services.complete_step(
        dossier=dossier, actor=Actor(specialist), step=dossier.steps.get(order=1), now=MONDAY_9
    )
    assert dossier.steps.get(order=2).state == StepState.ACTIVE
    deliver_all()  # the system's address answers nothing: the outbox records the failure
    delivery = Delivery.objects.get(partner="sector.ho-tich")
    assert delivery.status in (Delivery.Status.FAILED, Delivery.Status.DEAD)
    rows = sector.handoffs_of(dossier)
    assert rows[0]["delivery"].status == delivery.status


def test_the_record_is_checked_against_its_schema(handed):
    from motcua.integrations.sector import record

    payload = Delivery.objects.get(partner="sector.ho-tich").payload
    assert record.errors(payload) == []
    assert record.errors({**payload, "papers": [{"name": "", "kind": "x", "count": 0}]})
    assert record.errors({**payload, "extra": 1})
    assert json.loads(json.dumps(payload)) == payload
