"""The VNPay-style gateway (version 2.1.0, /work/shared/reference/payment-gateway.md).

Settings (`MOTCUA_VNPAY`, a dict): `TMN_CODE` (terminal code), `SECRET` (hash secret), `URL` (the
payment page), `TRANSACTIONS_URL` (the day's transaction list used by the reconciliation). An empty
`URL` means the local simulator (/mo-phong/thanh-toan/), with a secret derived from SECRET_KEY: fine
for the demo and the tests only; production sets all four.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from urllib.parse import quote_plus, urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings

from .base import GatewayError, GatewayResult, GatewayTransaction, PaymentGateway, PaymentRequest

VERSION = "2.1.0"
DATE_FORMAT = "%Y%m%d%H%M%S"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HASH_FIELDS_EXCLUDED = ("vnp_SecureHash", "vnp_SecureHashType")
SIMULATOR_PAY_PATH = "/mo-phong/thanh-toan/paymentv2/vpcpay.html"
SIMULATOR_TRANSACTIONS_PATH = "/mo-phong/thanh-toan/api/giao-dich/"


def config() -> dict:
    configured = dict(getattr(settings, "MOTCUA_VNPAY", {}) or {})
    secret = (
        configured.get("SECRET")
        or hashlib.sha256(b"vnpay-simulator:" + settings.SECRET_KEY.encode()).hexdigest()
    )
    return {
        "TMN_CODE": configured.get("TMN_CODE") or "MOTCUA01",
        "SECRET": secret,
        "URL": configured.get("URL") or SIMULATOR_PAY_PATH,
        "TRANSACTIONS_URL": configured.get("TRANSACTIONS_URL") or "inprocess:" + SIMULATOR_TRANSACTIONS_PATH,
    }


def hash_data(params: Mapping[str, str]) -> str:
    """The signed text: the parameters sorted by name, empty ones and the hash itself left out,
    each URL-encoded as `key=value`, joined by `&`."""
    return "&".join(
        f"{quote_plus(str(k))}={quote_plus(str(v))}"
        for k, v in sorted(params.items())
        if k not in HASH_FIELDS_EXCLUDED and v not in (None, "")
    )


def secure_hash(params: Mapping[str, str], secret: str) -> str:
    return hmac.new(secret.encode(), hash_data(params).encode(), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> dict[str, str]:
    signed = {k: str(v) for k, v in params.items() if k not in HASH_FIELDS_EXCLUDED}
    signed["vnp_SecureHash"] = secure_hash(signed, secret)
    return signed


def verify(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash") or "").lower()
    return bool(given) and hmac.compare_digest(given, secure_hash(params, secret))


def vn_time(value: dt.datetime) -> str:
    return value.astimezone(VIETNAM).strftime(DATE_FORMAT)


def parse_vn_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VIETNAM)
    except (TypeError, ValueError):
        return None


def parse_amount(text) -> int | None:
    """`vnp_Amount` is the amount × 100 in a whole number; anything else is unreadable (None)."""
    try:
        value = int(str(text))
    except (TypeError, ValueError):
        return None
    if value < 0 or value % 100:
        return None
    return value // 100


class VNPayGateway(PaymentGateway):
    name = "vnpay"
    sync_code = 2  # the locality's gateway

    def __init__(self, *, tmn_code: str, secret: str, url: str, transactions_url: str):
        self.tmn_code, self.secret, self.url, self.transactions_url = tmn_code, secret, url, transactions_url

    @classmethod
    def from_settings(cls) -> VNPayGateway:
        c = config()
        return cls(
            tmn_code=c["TMN_CODE"], secret=c["SECRET"], url=c["URL"], transactions_url=c["TRANSACTIONS_URL"]
        )

    def payment_params(self, request: PaymentRequest) -> dict[str, str]:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(int(request.amount_vnd) * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": request.reference,
            "vnp_OrderInfo": request.description,
            "vnp_OrderType": "billpayment",
            "vnp_ReturnUrl": request.return_url,
            "vnp_CreateDate": vn_time(request.created_at),
            "vnp_ExpireDate": vn_time(request.expires_at),
            "vnp_IpAddr": request.client_ip or "127.0.0.1",
            "vnp_Locale": request.locale,
        }
        return sign(params, self.secret)

    def payment_url(self, request: PaymentRequest) -> str:
        return f"{self.url}?{urlencode(self.payment_params(request))}"

    def parse_callback(self, params: Mapping[str, str]) -> GatewayResult:
        params = {k: str(v) for k, v in params.items()}
        valid = verify(params, self.secret) and params.get("vnp_TmnCode") == self.tmn_code
        response, status = params.get("vnp_ResponseCode", ""), params.get("vnp_TransactionStatus", "")
        return GatewayResult(
            signature_valid=valid,
            reference=params.get("vnp_TxnRef", ""),
            amount_vnd=parse_amount(params.get("vnp_Amount")),
            success=response == "00" and status == "00",
            response_code=response,
            transaction_status=status,
            transaction_no=params.get("vnp_TransactionNo", ""),
            bank_code=params.get("vnp_BankCode", ""),
            paid_at=parse_vn_time(params.get("vnp_PayDate", "")),
            raw=params,
        )

    def transactions(self, day: dt.date) -> list[GatewayTransaction]:
        query = sign({"vnp_TmnCode": self.tmn_code, "vnp_Date": day.strftime("%Y%m%d")}, self.secret)
        payload = _get_json(self.transactions_url, query)
        rows = payload.get("transactions")
        if not isinstance(rows, list):
            raise GatewayError("transaction list unreadable")
        return [
            GatewayTransaction(
                reference=str(r["vnp_TxnRef"]),
                amount_vnd=parse_amount(r["vnp_Amount"]) or 0,
                success=r.get("vnp_TransactionStatus") == "00",
                transaction_no=str(r.get("vnp_TransactionNo") or ""),
                paid_at=parse_vn_time(str(r.get("vnp_PayDate") or "")),
            )
            for r in rows
        ]


def _get_json(url: str, query: dict[str, str]) -> dict:
    if url.startswith("inprocess:"):
        from motcua.integrations.inprocess import call

        status, body = call("GET", urlsplit(url[len("inprocess:") :]).path, query=query)
    else:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(f"{url}?{urlencode(query)}", timeout=30) as response:
                status, body = response.status, response.read()
        except (urllib.error.URLError, OSError) as error:
            raise GatewayError(str(error)) from error
    if status != 200:
        raise GatewayError(f"HTTP {status}")
    try:
        return json.loads(body)
    except ValueError as error:
        raise GatewayError("not JSON") from error
