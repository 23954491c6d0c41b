"""The simulated gateway's pages and APIs (/mo-phong/thanh-toan/): the payment page (pay or cancel
with a test card), the signed return redirect, the server-to-server notification (IPN) to this
site, the day's transaction list, the control page and the test cards."""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ...inprocess import call
from .. import vnpay
from ..models import SimulatedPayment
from . import behaviour

logger = logging.getLogger("motcua.payment.simulator")

#: The test cards (NCB, as VNPay's sandbox): the card decides the outcome.
TEST_CARDS = [
    {
        "number": "9704198526191432198",
        "holder": "NGUYEN VAN A",
        "issued": "07/15",
        "otp": "123456",
        "bank": "NCB",
        "code": "00",
        "outcome": gettext_lazy("Thành công"),
    },
    {
        "number": "9704195798459170488",
        "holder": "NGUYEN VAN A",
        "issued": "07/15",
        "otp": "123456",
        "bank": "NCB",
        "code": "51",
        "outcome": gettext_lazy("Tài khoản không đủ số dư"),
    },
    {
        "number": "9704192181368742",
        "holder": "NGUYEN VAN A",
        "issued": "07/15",
        "otp": "123456",
        "bank": "NCB",
        "code": "12",
        "outcome": gettext_lazy("Thẻ bị khóa"),
    },
]
CANCELLED = "24"


def ipn_url() -> str:
    return getattr(settings, "MOTCUA_VNPAY_SIMULATOR_IPN_URL", "") or reverse("portal:payment-ipn")


def _order(query: str) -> tuple[dict[str, str], str]:
    """The order's parameters and why they are refused ("" if they are not)."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    c = vnpay.config()
    if not vnpay.verify(params, c["SECRET"]) or params.get("vnp_TmnCode") != c["TMN_CODE"]:
        return params, _("Chữ ký không hợp lệ (mã lỗi 70).")
    expires = vnpay.parse_vn_time(params.get("vnp_ExpireDate", ""))
    if expires is None or timezone.now() > expires:
        return params, _("Giao dịch đã quá thời gian chờ thanh toán (mã lỗi 11).")
    if vnpay.parse_amount(params.get("vnp_Amount")) in (None, 0):
        return params, _("Số tiền không hợp lệ (mã lỗi 03).")
    # A gateway takes one successful payment per merchant reference (a resubmitted page is refused).
    if SimulatedPayment.objects.filter(
        reference=params.get("vnp_TxnRef", ""), state=SimulatedPayment.State.SUCCESS
    ).exists():
        return params, _("Giao dịch đã được thanh toán (mã lỗi 02).")
    return params, ""


@require_http_methods(["GET", "POST"])
def pay(request):
    query = request.POST.get("q", "") if request.method == "POST" else request.META.get("QUERY_STRING", "")
    params, refusal = _order(query)
    if refusal:
        return render(request, "integrations/payment/pay.html", {"refusal": refusal}, status=400)
    if request.method == "GET":
        return render(
            request,
            "integrations/payment/pay.html",
            {
                "order": params,
                "amount": f"{vnpay.parse_amount(params['vnp_Amount']):,}".replace(",", "."),
                "q": query,
                "cards": TEST_CARDS,
            },
        )
    if request.POST.get("action") == "cancel":
        code = CANCELLED
    else:
        card = next((c for c in TEST_CARDS if c["number"] == request.POST.get("card", "").strip()), None)
        code = card["code"] if card else "12"
    if behaviour.current()["fail"] and code == "00":
        code = "51"
    return HttpResponseRedirect(settle(params, code))


def settle(params: dict[str, str], code: str) -> str:
    """Record the outcome, notify the merchant (as told), and give the signed return URL."""
    c = vnpay.config()
    now = timezone.now()
    transaction_no = str(secrets.randbelow(10**8)).zfill(8)
    state = (
        SimulatedPayment.State.SUCCESS
        if code == "00"
        else SimulatedPayment.State.CANCELLED
        if code == CANCELLED
        else SimulatedPayment.State.FAILED
    )
    result = {
        "vnp_Amount": params["vnp_Amount"],
        "vnp_BankCode": "NCB",
        "vnp_BankTranNo": f"VNP{transaction_no}" if code == "00" else "",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": params.get("vnp_OrderInfo", ""),
        "vnp_PayDate": vnpay.vn_time(now),
        "vnp_ResponseCode": code,
        "vnp_TmnCode": c["TMN_CODE"],
        "vnp_TransactionNo": transaction_no if code != CANCELLED else "0",
        "vnp_TransactionStatus": "00" if code == "00" else "02",
        "vnp_TxnRef": params["vnp_TxnRef"],
    }
    signed = vnpay.sign(result, c["SECRET"])
    told = behaviour.current()
    payment = SimulatedPayment.objects.create(
        tmn_code=c["TMN_CODE"],
        reference=params["vnp_TxnRef"],
        amount=int(params["vnp_Amount"]),
        order_info=params.get("vnp_OrderInfo", "")[:255],
        transaction_no=transaction_no if code != CANCELLED else f"C{transaction_no}",
        bank_code="NCB",
        response_code=code,
        state=state,
        paid_at=now,
        notification=signed,
        pending=bool(told["delay"] and not told["no_notify"]),
    )
    if not told["delay"] and not told["no_notify"]:
        for _time in range(2 if told["double"] else 1):
            notify(payment, tamper=told["tamper"])
    return f"{params['vnp_ReturnUrl']}?{urlencode(signed)}"


def tampered(params: dict[str, str], how: str) -> dict[str, str]:
    if how == "signature":  # changed on the way: the hash no longer matches
        return {**params, "vnp_Amount": str(int(params["vnp_Amount"]) + 100_000 * 100)}
    if how == "amount":  # signed, but for another amount than the order's
        return vnpay.sign(
            {**params, "vnp_Amount": str(int(params["vnp_Amount"]) * 2)}, vnpay.config()["SECRET"]
        )
    return params


def notify(payment: SimulatedPayment, *, tamper: str = "") -> dict:
    """Send the payment's notification to the merchant's IPN URL; returns its JSON answer."""
    params = tampered(dict(payment.notification), tamper)
    url = ipn_url()
    if url.startswith("/"):
        status, body = call("GET", url, query=params)
    else:  # pragma: no cover - a simulator pointed at another host
        import urllib.request

        with urllib.request.urlopen(f"{url}?{urlencode(params)}", timeout=10) as response:
            status, body = response.status, response.read()
    try:
        answer = json.loads(body)
    except ValueError:
        answer = {"RspCode": "??", "Message": f"HTTP {status}"}
    logger.info("simulated IPN %s → %s", payment.reference, answer)
    return answer


@require_GET
def transactions(request):
    """The day's transactions of a terminal (vnp_TmnCode, vnp_Date yyyyMMdd, signed)."""
    params = {k: v for k, v in request.GET.items()}
    c = vnpay.config()
    if not vnpay.verify(params, c["SECRET"]) or params.get("vnp_TmnCode") != c["TMN_CODE"]:
        return JsonResponse({"RspCode": "97", "Message": "Invalid signature"}, status=403)
    try:
        day = dt.datetime.strptime(params.get("vnp_Date", ""), "%Y%m%d").replace(tzinfo=vnpay.VIETNAM).date()
    except ValueError:
        return JsonResponse({"RspCode": "03", "Message": "Invalid date"}, status=400)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=vnpay.VIETNAM)
    rows = SimulatedPayment.objects.filter(
        tmn_code=c["TMN_CODE"], paid_at__gte=start, paid_at__lt=start + dt.timedelta(days=1)
    ).exclude(state=SimulatedPayment.State.CANCELLED)
    return JsonResponse(
        {
            "RspCode": "00",
            "transactions": [
                {
                    "vnp_TxnRef": p.reference,
                    "vnp_Amount": str(p.amount),
                    "vnp_TransactionNo": p.transaction_no,
                    "vnp_TransactionStatus": "00" if p.state == SimulatedPayment.State.SUCCESS else "02",
                    "vnp_PayDate": vnpay.vn_time(p.paid_at),
                }
                for p in rows
            ],
        }
    )


@require_http_methods(["GET", "POST"])
def control(request):
    """Tell the simulator to fail, delay, double-notify or tamper; release held notifications;
    replay a notification."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "behaviour":
            behaviour.set_behaviour(**{k: request.POST.get(k) for k in (*behaviour.SWITCHES, "tamper")})
        elif action == "release":
            for payment in SimulatedPayment.objects.filter(pending=True):
                notify(payment, tamper=behaviour.current()["tamper"])
                payment.pending = False
                payment.save(update_fields=["pending"])
        elif action == "replay":
            payment = SimulatedPayment.objects.filter(pk=request.POST.get("payment")).first()
            if payment is not None:
                notify(payment)
        elif action == "reset":
            behaviour.reset()
        return redirect("payment-control")
    return render(
        request,
        "integrations/payment/control.html",
        {"told": behaviour.current(), "payments": SimulatedPayment.objects.order_by("-pk")[:50]},
    )


@require_GET
def cards(request):
    return render(request, "integrations/payment/cards.html", {"cards": TEST_CARDS, "config": vnpay.config()})
