"""Screens: they parse and render; `dossiers.payments` and `dossiers.postal` check and write."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from motcua.dossiers import access, payments, postal
from motcua.dossiers.models import PaymentAttempt
from motcua.org.auth import staff_of
from motcua.portal.tracking.selectors import payments_of


def _own_dossier(user, code: str):
    """The dossier `code` if `user` is its applicant (the access rule, citizens only)."""
    if staff_of(user) is not None:
        raise Http404
    dossier, _exists = access.visible(user, code)
    if dossier is None:
        raise Http404
    return dossier


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "127.0.0.1"


@login_required
@require_GET
def payment_list(request):
    """The menu's "Thanh toán": the citizen's dossiers with a fee due, and the receipts of those paid."""
    if staff_of(request.user) is not None:
        raise Http404
    return render(request, "portal/payment/index.html", payments_of(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def pay(request, code: str):
    dossier = _own_dossier(request.user, code)
    fee_request = payments.due_fee_request(dossier)
    error = ""
    if request.method == "POST" and fee_request is not None:
        try:
            url = payments.start_payment(
                dossier=dossier,
                return_url=request.build_absolute_uri(reverse("portal:payment-return")),
                client_ip=_client_ip(request),
                now=timezone.now(),
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            return redirect(url)
    paid = [
        a for a in PaymentAttempt.objects.filter(intent__dossier=dossier, state=PaymentAttempt.State.PAID)
    ]
    return render(
        request,
        "portal/payment/pay.html",
        {
            "dossier": dossier,
            "fee_request": fee_request,
            "fees": (fee_request.data or {}).get("fees", []) if fee_request else [],
            "total": (fee_request.data or {}).get("total_vnd", 0) if fee_request else 0,
            "paid": paid,
            "shipments": postal.shipments_of(dossier),
            "error": error,
        },
        status=400 if error else 200,
    )


@require_GET
def payment_return(request):
    """The payer back from the gateway: what it says, checked; nothing is recorded here."""
    seen = payments.read_return(request.GET)
    attempt = seen.attempt
    if attempt is not None and not access.can_see(request.user, attempt.intent.dossier):
        attempt = None  # the page shows our record only to those who may see the dossier
    return render(request, "portal/payment/return.html", {"seen": seen, "attempt": attempt})


@require_GET
def payment_ipn(request):
    code, message = payments.handle_notification(request.GET)
    return JsonResponse({"RspCode": code, "Message": message})


@login_required
@require_GET
def receipt(request, code: str, reference: str):
    dossier = _own_dossier(request.user, code)
    attempt = (
        PaymentAttempt.objects.select_related("intent__dossier", "intent__fee_request")
        .filter(intent__dossier=dossier, reference=reference, state=PaymentAttempt.State.PAID)
        .first()
    )
    if attempt is None:
        raise Http404
    response = HttpResponse(payments.receipt_pdf(attempt), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{dossier.code}-bien-lai-{attempt.reference}.pdf"'
    )
    return response


@csrf_exempt
@require_POST
def postal_callback(request):
    status, outcome = postal.handle_status_callback(request.body, request.headers.get("X-Signature", ""))
    return JsonResponse({"result": outcome}, status=status)
