"""Online payment through the VNPay-style simulator (issue 11): one intent per fee request, the IPN
verified, idempotent, amount-checked, replay- and order-safe, logged; the reconciliation."""

import threading
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.utils import timezone

from motcua.dossiers import payments, services
from motcua.dossiers.models import Dossier, DossierEvent, PaymentAttempt, PaymentIntent, PaymentNotice
from motcua.dossiers.states import Action, State
from motcua.dossiers.sync import sync_record
from motcua.integrations.models import SimulatedPayment
from motcua.integrations.payment import vnpay
from motcua.integrations.payment.simulator import behaviour
from motcua.integrations.payment.simulator.views import TEST_CARDS, notify

from .conftest import MONDAY_9

SUCCESS, DECLINED = TEST_CARDS[0]["number"], TEST_CARDS[1]["number"]


@pytest.fixture(autouse=True)
def fresh_simulator():
    behaviour.reset()
    cache.delete(behaviour.CACHE_KEY)
    yield
    behaviour.reset()


@pytest.fixture
def awaiting(processing, desk):
    return services.await_fees(
        dossier=processing,
        actor=services.Actor.officer(desk),
        fees=[{"name": "Lệ phí", "amount_vnd": 75000}],
        now=MONDAY_9.replace(hour=10),
    )


def start(dossier) -> str:
    return payments.start_payment(
        dossier=dossier,
        return_url="http://testserver/thanh-toan/ket-qua/",
        client_ip="1.2.3.4",
        now=timezone.now(),
    )


def pay(url: str, card: str = SUCCESS, action: str = "pay"):
    """The payer on the simulator's page: opens it, pays (or cancels); the simulator notifies."""
    client = Client()
    path, query = url.split("?", 1)
    assert client.get(url).status_code == 200
    return client.post(path, {"q": query, "card": card, "action": action})


def ipn_answers(reference: str) -> list[str]:
    return list(
        PaymentNotice.objects.filter(kind=PaymentNotice.Kind.IPN, reference=reference).values_list(
            "answer", flat=True
        )
    )


def paid_events(dossier) -> int:
    return DossierEvent.objects.filter(dossier=dossier, action=Action.PAY_FEES).count()


def test_a_paid_fee_is_recorded_through_the_command_with_its_payment(awaiting):
    url = start(awaiting)
    assert dict(parse_qsl(urlsplit(url).query))["vnp_Amount"] == "7500000"  # from the fee request
    response = pay(url)
    assert response.status_code == 302 and response.url.startswith("http://testserver/thanh-toan/ket-qua/?")
    dossier = Dossier.objects.get(pk=awaiting.pk)
    assert dossier.state == State.PROCESSING  # back to the state before the pause
    event = DossierEvent.objects.get(dossier=dossier, action=Action.PAY_FEES)
    attempt = PaymentAttempt.objects.get()
    assert event.data["payment"]["reference"] == attempt.reference
    assert event.data["payment"]["DuocThanhToanTrucTuyen"] == 2
    assert attempt.state == PaymentAttempt.State.PAID and attempt.intent.state == PaymentIntent.State.PAID
    assert sync_record(dossier)["DuocThanhToanTrucTuyen"] == 2
    assert ipn_answers(attempt.reference) == ["00"]
    assert payments.receipt_pdf(attempt).startswith(b"%PDF")


def test_pressing_pay_twice_reuses_the_open_attempt(awaiting):
    first, second = start(awaiting), start(awaiting)
    assert PaymentIntent.objects.count() == 1 and PaymentAttempt.objects.count() == 1
    assert (
        dict(parse_qsl(urlsplit(first).query))["vnp_TxnRef"]
        == dict(parse_qsl(urlsplit(second).query))["vnp_TxnRef"]
    )


def test_double_notification_charges_once(awaiting, settings):
    settings.MOTCUA_PAYMENT_SIMULATOR = {"double": True}
    pay(start(awaiting))
    attempt = PaymentAttempt.objects.get()
    assert ipn_answers(attempt.reference) == ["00", "02"]
    assert paid_events(awaiting) == 1


@pytest.mark.parametrize("how,answer", [("signature", "97"), ("amount", "04")])
def test_tampered_or_wrong_amount_notification_changes_nothing_and_is_logged(awaiting, settings, how, answer):
    settings.MOTCUA_PAYMENT_SIMULATOR = {"tamper": how}
    pay(start(awaiting))
    attempt = PaymentAttempt.objects.get()
    assert attempt.state == PaymentAttempt.State.PENDING
    assert Dossier.objects.get(pk=awaiting.pk).state == State.AWAITING_FEES
    assert paid_events(awaiting) == 0
    assert ipn_answers(attempt.reference) == [answer]


def test_replayed_notification_changes_nothing(awaiting):
    pay(start(awaiting))
    notify(SimulatedPayment.objects.get())  # the same signed notification again
    notify(SimulatedPayment.objects.get())
    attempt = PaymentAttempt.objects.get()
    assert ipn_answers(attempt.reference) == ["00", "02", "02"]
    assert paid_events(awaiting) == 1


def test_a_failure_arriving_after_the_success_changes_nothing(awaiting):
    pay(start(awaiting))
    sent = SimulatedPayment.objects.get().notification
    late = vnpay.sign(
        {**sent, "vnp_ResponseCode": "51", "vnp_TransactionStatus": "02"}, vnpay.config()["SECRET"]
    )
    assert payments.handle_notification(late)[0] == "02"
    attempt = PaymentAttempt.objects.get()
    assert attempt.state == PaymentAttempt.State.PAID
    assert Dossier.objects.get(pk=awaiting.pk).state == State.PROCESSING


def test_the_return_before_the_notification_records_nothing(awaiting, settings):
    settings.MOTCUA_PAYMENT_SIMULATOR = {"delay": True}
    response = pay(start(awaiting))
    seen = payments.read_return(dict(parse_qsl(urlsplit(response.url).query)))
    assert seen.verified and seen.success
    assert Dossier.objects.get(pk=awaiting.pk).state == State.AWAITING_FEES  # the return is only shown
    Client().post("/mo-phong/thanh-toan/dieu-khien/", {"action": "release"})
    assert Dossier.objects.get(pk=awaiting.pk).state == State.PROCESSING
    assert paid_events(awaiting) == 1


def test_a_declined_payment_then_a_new_attempt(awaiting):
    pay(start(awaiting), card=DECLINED)
    assert PaymentAttempt.objects.get().state == PaymentAttempt.State.FAILED
    assert Dossier.objects.get(pk=awaiting.pk).state == State.AWAITING_FEES
    pay(start(awaiting))
    assert PaymentAttempt.objects.count() == 2
    assert Dossier.objects.get(pk=awaiting.pk).state == State.PROCESSING


def test_unknown_reference_and_forged_return_are_refused(awaiting):
    forged = vnpay.sign(
        {"vnp_TxnRef": "MC99999999001", "vnp_Amount": "7500000", "vnp_ResponseCode": "00",
         "vnp_TransactionStatus": "00", "vnp_TmnCode": vnpay.config()["TMN_CODE"]},
        vnpay.config()["SECRET"],
    )  # fmt: skip
    assert payments.handle_notification(forged)[0] == "01"
    assert not payments.read_return({**forged, "vnp_SecureHash": "0" * 128}).verified
    assert PaymentNotice.objects.filter(answer="01").count() == 1


def test_no_payment_without_a_due_fee(processing):
    with pytest.raises(Exception, match="không có khoản phí"):
        start(processing)


def test_reconciliation_finds_planted_mismatches(awaiting, settings):
    settings.MOTCUA_PAYMENT_SIMULATOR = {"no_notify": True}  # paid at the gateway, never told
    pay(start(awaiting))
    missing = PaymentAttempt.objects.get()
    # And one we believe paid that the gateway never saw.
    other = PaymentAttempt.objects.create(
        intent=missing.intent, reference="MC-PLANTED", amount_vnd=75000, state=PaymentAttempt.State.PAID,
        created_at=timezone.now(), expires_at=timezone.now(), paid_at=timezone.now(),
    )  # fmt: skip
    found = {(m.reference, m.kind) for m in payments.reconcile(timezone.localdate())}
    assert found == {(missing.reference, "missing_here"), (other.reference, "missing_there")}
    with pytest.raises(CommandError):
        call_command("reconcile_payments", date=timezone.localdate().isoformat())


def test_reconciliation_of_a_clean_day_is_empty(awaiting):
    pay(start(awaiting))
    assert payments.reconcile(timezone.localdate()) == []


@pytest.mark.django_db(transaction=True)
def test_two_notifications_at_once_record_one_payment(process_version, ward, desk):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from .conftest import make_intake

    dossier = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    actor = services.Actor.officer(desk)
    dossier = services.start_processing(dossier=dossier, actor=actor, now=MONDAY_9.replace(minute=30))
    dossier = services.await_fees(
        dossier=dossier,
        actor=actor,
        fees=[{"name": "Lệ phí", "amount_vnd": 75000}],
        now=MONDAY_9.replace(hour=10),
    )
    settings_ipn = {"no_notify": True}
    behaviour.set_behaviour(**settings_ipn)
    pay(start(dossier))
    params = SimulatedPayment.objects.get().notification
    barrier, answers = threading.Barrier(4), []

    def send():
        barrier.wait()
        try:
            answers.append(payments.handle_notification(params)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers) == ["00", "02", "02", "02"]
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.PAY_FEES).count() == 1


def test_the_fail_switch_declines_and_a_paid_fee_cannot_be_paid_again(awaiting, settings):
    settings.MOTCUA_PAYMENT_SIMULATOR = {"fail": True}
    pay(start(awaiting))
    assert PaymentAttempt.objects.get().response_code == "51"
    settings.MOTCUA_PAYMENT_SIMULATOR = {}
    pay(start(awaiting))
    assert Dossier.objects.get(pk=awaiting.pk).state == State.PROCESSING
    with pytest.raises(Exception, match="không có khoản phí"):
        start(Dossier.objects.get(pk=awaiting.pk))


def test_the_gateway_refuses_a_second_payment_of_one_reference(awaiting):
    url = start(awaiting)
    pay(url)
    client = Client()
    path, query = url.split("?", 1)
    assert client.post(path, {"q": query, "card": SUCCESS, "action": "pay"}).status_code == 400
    assert SimulatedPayment.objects.count() == 1
