"""The VNPay-style protocol's pure parts and the S10 item numbers (no domain app)."""

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.integrations.payment import vnpay
from motcua.integrations.payment.base import PaymentRequest
from motcua.integrations.postal import s10


def test_hash_sorts_encodes_and_leaves_out_the_hash_and_empty_values():
    params = {"vnp_TxnRef": "A 1", "vnp_Amount": "100", "vnp_SecureHash": "x", "vnp_BankCode": ""}
    assert vnpay.hash_data(params) == "vnp_Amount=100&vnp_TxnRef=A+1"
    signed = vnpay.sign(params, "secret")
    assert len(signed["vnp_SecureHash"]) == 128  # SHA-512, hex
    assert vnpay.verify(signed, "secret")
    assert not vnpay.verify({**signed, "vnp_Amount": "200"}, "secret")
    assert not vnpay.verify(signed, "other secret")


def test_payment_url_carries_amount_times_100_and_vietnam_time():
    gateway = vnpay.VNPayGateway(
        tmn_code="T1", secret="s", url="https://pay.example/vpcpay.html", transactions_url=""
    )
    created = dt.datetime(2026, 12, 2, 1, 0, tzinfo=dt.UTC)
    url = gateway.payment_url(
        PaymentRequest(
            "MC1", 75000, "Le phi", "https://x/ret", "1.2.3.4", created, created + dt.timedelta(minutes=15)
        )
    )
    params = dict(parse_qsl(urlsplit(url).query))
    assert params["vnp_Amount"] == "7500000"
    assert params["vnp_CreateDate"] == "20261202080000"
    assert vnpay.verify(params, "s")
    result = gateway.parse_callback({**params, "vnp_ResponseCode": "00"})
    assert not result.signature_valid  # a parameter added after signing


def test_amount_not_a_whole_number_of_dong_is_unreadable():
    assert vnpay.parse_amount("7500000") == 75000
    assert vnpay.parse_amount("7500050") is None
    assert vnpay.parse_amount("abc") is None


@pytest.mark.parametrize("serial,digit", [("47312482", 9), ("12345678", 5), ("00000000", 5), ("00000001", 4)])
def test_s10_check_digit(serial, digit):
    assert s10.check_digit(serial) == digit


def test_s10_item_numbers():
    assert s10.item_number("EE", 12345678) == "EE123456785VN"
    assert s10.is_valid("RR473124829GB")
    assert not s10.is_valid("RR473124828GB")  # wrong check digit
    assert not s10.is_valid("R1473124829GB")
