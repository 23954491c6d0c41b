"""The portal's payment pages: only the dossier's applicant pays and downloads the receipt; the
amount comes from the fee request; the IPN endpoint answers the protocol's JSON."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from motcua.dossiers import services
from motcua.dossiers.models import Dossier, PaymentAttempt
from motcua.dossiers.states import State
from motcua.dossiers.tests.conftest import MONDAY_9, make_intake
from motcua.dossiers.tests.factories import citizen_account
from motcua.integrations.payment.simulator import behaviour
from motcua.integrations.payment.simulator.views import TEST_CARDS


@pytest.fixture(autouse=True)
def fresh_simulator():
    behaviour.reset()
    yield
    behaviour.reset()


@pytest.fixture
def citizen(db):
    return citizen_account(
        full_name="Nguyễn Thị Hằng", id_number="001185012345", date_of_birth=dt.date(1985, 3, 2)
    )


@pytest.fixture
def awaiting(citizen, process_version, ward, desk):
    actor = services.Actor.officer(desk)
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(process_version, ward), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=actor, now=MONDAY_9.replace(minute=30))
    return services.await_fees(
        dossier=dossier,
        actor=actor,
        fees=[{"name": "Lệ phí", "amount_vnd": 75000}],
        now=MONDAY_9.replace(hour=10),
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_applicant_pays_and_downloads_the_receipt(citizen, awaiting):
    client = client_of(citizen)
    page = client.get(f"/thanh-toan/{awaiting.code}/")
    assert page.status_code == 200 and "75000" in page.content.decode()
    response = client.post(f"/thanh-toan/{awaiting.code}/", {"amount_vnd": "1"})  # ignored
    assert response.status_code == 302
    query = urlsplit(response.url).query
    assert dict(parse_qsl(query))["vnp_Amount"] == "7500000"
    gateway = Client()
    back = gateway.post(
        urlsplit(response.url).path, {"q": query, "card": TEST_CARDS[0]["number"], "action": "pay"}
    )
    returned = client.get(back.url)
    assert returned.status_code == 200 and "thành công" in returned.content.decode()
    assert Dossier.objects.get(pk=awaiting.pk).state == State.PROCESSING
    attempt = PaymentAttempt.objects.get()
    receipt = client.get(f"/thanh-toan/{awaiting.code}/bien-lai/{attempt.reference}.pdf")
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")


def test_nobody_else_sees_the_payment_page_or_the_receipt(awaiting, desk):
    stranger = citizen_account(
        full_name="Lê Văn Khách", id_number="001099099999", date_of_birth=dt.date(1999, 1, 1)
    )
    assert client_of(stranger).get(f"/thanh-toan/{awaiting.code}/").status_code == 404
    assert client_of(stranger).post(f"/thanh-toan/{awaiting.code}/").status_code == 404
    assert client_of(desk.user).get(f"/thanh-toan/{awaiting.code}/").status_code == 404
    assert Client().get(f"/thanh-toan/{awaiting.code}/").status_code == 302  # to the login
    assert (
        client_of(stranger).get(f"/thanh-toan/{awaiting.code}/bien-lai/MC00000001001.pdf").status_code == 404
    )
    assert PaymentAttempt.objects.count() == 0


def test_the_ipn_endpoint_answers_the_protocol(db):
    response = Client().get("/thanh-toan/ipn/", {"vnp_TxnRef": "X", "vnp_SecureHash": "00"})
    assert response.json() == {"RspCode": "97", "Message": "Invalid signature"}


def test_the_simulator_pages_answer(db):
    assert "9704198526191432198" in Client().get("/mo-phong/thanh-toan/").content.decode()
    assert Client().get("/mo-phong/thanh-toan/dieu-khien/").status_code == 200
    assert Client().get("/mo-phong/thanh-toan/paymentv2/vpcpay.html?vnp_Amount=1").status_code == 400
    assert Client().get("/mo-phong/buu-chinh/").status_code == 200


def test_the_menu_s_payment_page_lists_what_is_due_and_the_receipts(citizen, awaiting, desk):
    client = client_of(citizen)
    page = client.get("/thanh-toan/").content.decode()
    assert f'href="/thanh-toan/{awaiting.code}/"' in page
    stranger = citizen_account(
        full_name="Lê Văn Khách", id_number="001099099999", date_of_birth=dt.date(1999, 1, 1)
    )
    assert awaiting.code not in client_of(stranger).get("/thanh-toan/").content.decode()
    assert client_of(desk.user).get("/thanh-toan/").status_code == 404  # officers pay nothing here
    assert Client().get("/thanh-toan/").status_code == 302  # to the login


def test_every_link_of_the_portal_menu_answers(client, db):
    import re

    html = client.get("/").content.decode()
    menu = html[html.index('class="portal-menu"') : html.index("</nav>")]
    for href in re.findall(r'href="([^"]+)"', menu):
        assert client.get(href).status_code in (200, 302), href
