"""Online payment of a dossier's fees (issue 11; DOMAIN.md §7 rule 10: never a double charge).

- `start_payment`: one `PaymentIntent` per fee request (the dossier's last `await_fees` event, its
  amount that event's total, never a request's); an attempt still open at the gateway is reused, so
  pressing "Thanh toán" twice cannot charge twice; returns the gateway's URL.
- `read_return`: the payer's browser back from the gateway; verified and shown, it changes nothing.
- `handle_notification`: the gateway's IPN: signature, known reference, amount, not yet confirmed,
  on the locked attempt row; a success records the fee paid through the dossier's `pay_fees`
  command (its audit event carries the payment, `DuocThanhToanTrucTuyen`). Replays, late or
  out-of-order notifications answer "02" and change nothing. Every notification is logged.
- `receipt_pdf`: the electronic receipt of a paid attempt.
- `reconcile(day)`: our paid attempts against the gateway's list of the day; the mismatches.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.integrations.payment.base import GatewayResult, PaymentGateway, PaymentRequest
from motcua.integrations.payment.registry import get_gateway

from . import lifecycle
from .audit import Actor
from .errors import ErrorCode, invalid
from .models import Dossier, DossierEvent, PaymentAttempt, PaymentIntent, PaymentNotice
from .states import Action, State

logger = logging.getLogger("motcua.payments")

#: How long an attempt may stay open at the gateway (vnp_ExpireDate); after it a new one may start.
ATTEMPT_MINUTES = 15

# The IPN answers of the protocol.
CONFIRMED, NOT_FOUND, ALREADY, BAD_AMOUNT, BAD_SIGNATURE, OTHER = "00", "01", "02", "04", "97", "99"
ANSWERS = {
    CONFIRMED: "Confirm Success",
    NOT_FOUND: "Order not found",
    ALREADY: "Order already confirmed",
    BAD_AMOUNT: "Invalid amount",
    BAD_SIGNATURE: "Invalid signature",
    OTHER: "Unknown error",
}


def due_fee_request(dossier: Dossier) -> DossierEvent | None:
    """The fee request the applicant owes now: the last `await_fees` event of a dossier awaiting fees."""
    if dossier.state != State.AWAITING_FEES:
        return None
    return dossier.events.filter(action=Action.AWAIT_FEES).order_by("-at", "-pk").first()


def paid_intent(dossier: Dossier) -> PaymentIntent | None:
    return dossier.payment_intents.filter(state=PaymentIntent.State.PAID).order_by("-paid_at").first()


def online_payment_code(dossier: Dossier) -> int:
    """The sync field `DuocThanhToanTrucTuyen`: the gateway's code when a fee was paid online, else 0."""
    intent = paid_intent(dossier)
    if intent is None:
        return 0
    try:
        return get_gateway(intent.gateway).sync_code
    except KeyError:
        return 2


def start_payment(
    *,
    dossier: Dossier,
    return_url: str,
    client_ip: str,
    now: dt.datetime,
    gateway: PaymentGateway | None = None,
) -> str:
    """The gateway URL to send the payer to for the dossier's due fee (see the module docstring)."""
    gateway = gateway or get_gateway()
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        fee_request = due_fee_request(dossier)
        if fee_request is None:
            raise invalid(
                "dossier", ErrorCode.NO_FEE_DUE, _("Hồ sơ không có khoản phí, lệ phí nào đang chờ nộp.")
            )
        amount = int((fee_request.data or {}).get("total_vnd") or 0)
        if amount <= 0:
            raise invalid("dossier", ErrorCode.NO_FEE_DUE, _("Khoản phí, lệ phí này không phải nộp tiền."))
        intent, _created = PaymentIntent.objects.get_or_create(
            fee_request=fee_request,
            defaults={"dossier": dossier, "amount_vnd": amount, "gateway": gateway.name, "created_at": now},
        )
        if intent.state == PaymentIntent.State.PAID:
            raise invalid(
                "dossier", ErrorCode.FEE_ALREADY_PAID, _("Khoản phí, lệ phí này đã được thanh toán.")
            )
        attempt = intent.attempts.filter(state=PaymentAttempt.State.PENDING, expires_at__gt=now).first()
        if attempt is None:
            number = intent.attempts.count() + 1
            attempt = PaymentAttempt.objects.create(
                intent=intent,
                reference=f"MC{intent.pk:08d}{number:03d}",
                amount_vnd=intent.amount_vnd,
                created_at=now,
                expires_at=now + dt.timedelta(minutes=ATTEMPT_MINUTES),
            )
        url = gateway.payment_url(
            PaymentRequest(
                reference=attempt.reference,
                amount_vnd=attempt.amount_vnd,
                description=f"Thanh toan phi, le phi ho so {dossier.code}",
                return_url=return_url,
                client_ip=client_ip,
                created_at=attempt.created_at,
                expires_at=attempt.expires_at,
            )
        )
        _log(
            PaymentNotice.Kind.REDIRECT,
            attempt.reference,
            attempt,
            {"amount_vnd": attempt.amount_vnd},
            "",
            "",
        )
    return url


def _log(
    kind: str,
    reference: str,
    attempt: PaymentAttempt | None,
    params: dict,
    answer: str,
    outcome: str,
) -> PaymentNotice:
    notice = PaymentNotice.objects.create(
        at=timezone.now(),
        kind=kind,
        reference=reference[:64],
        attempt=attempt,
        params=params,
        answer=answer,
        outcome=outcome[:255],
    )
    level = logging.INFO if answer in ("", CONFIRMED) else logging.WARNING
    logger.log(level, "payment %s %s: %s %s", kind, reference, answer, outcome)
    return notice


@dataclass(frozen=True)
class ReturnView:
    """What the return page shows: the gateway's word (verified or not) and our record."""

    verified: bool
    success: bool
    attempt: PaymentAttempt | None
    response_code: str


def read_return(params: Mapping[str, str]) -> ReturnView:
    """The payer's browser back from the gateway: logged and shown, never recorded as paid."""
    result = get_gateway().parse_callback(params)
    attempt = (
        PaymentAttempt.objects.select_related("intent__dossier").filter(reference=result.reference).first()
    )
    verified = result.signature_valid and attempt is not None
    outcome = "verified" if verified else "refused: signature or reference"
    _log(PaymentNotice.Kind.RETURN, result.reference, attempt, dict(result.raw), "", outcome)
    return ReturnView(verified, verified and result.success, attempt, result.response_code)


def handle_notification(params: Mapping[str, str], *, now: dt.datetime | None = None) -> tuple[str, str]:
    """The gateway's IPN: (RspCode, Message) to answer (see the module docstring)."""
    now = now or timezone.now()
    result = get_gateway().parse_callback(params)
    raw = dict(result.raw)
    if not result.signature_valid:
        _log(PaymentNotice.Kind.IPN, result.reference, None, raw, BAD_SIGNATURE, "refused: invalid signature")
        return BAD_SIGNATURE, ANSWERS[BAD_SIGNATURE]
    try:
        with transaction.atomic():
            code, attempt, outcome = _confirm(result, now)
    except IntegrityError:  # a racing notification recorded the payment first (the unique guard)
        code, attempt, outcome = ALREADY, None, "refused: recorded concurrently"
    except Exception as error:  # answered 99 so the gateway retries; the log says why
        logger.exception("payment IPN %s failed", result.reference)
        code, attempt, outcome = OTHER, None, f"error: {type(error).__name__}"
    _log(PaymentNotice.Kind.IPN, result.reference, attempt, raw, code, outcome)
    return code, ANSWERS[code]


def _confirm(result: GatewayResult, now: dt.datetime) -> tuple[str, PaymentAttempt | None, str]:
    attempt = (
        PaymentAttempt.objects.select_for_update()
        .select_related("intent")
        .filter(reference=result.reference)
        .first()
    )
    if attempt is None:
        return NOT_FOUND, None, "refused: unknown reference"
    if result.amount_vnd != attempt.amount_vnd:
        return BAD_AMOUNT, attempt, f"refused: amount {result.amount_vnd} ≠ {attempt.amount_vnd}"
    if attempt.state != PaymentAttempt.State.PENDING:
        return ALREADY, attempt, f"refused: attempt already {attempt.state}"
    attempt.response_code = result.response_code
    attempt.transaction_no = result.transaction_no[:32]
    attempt.bank_code = result.bank_code[:20]
    attempt.confirmed_at = now
    if not result.success:
        attempt.state = PaymentAttempt.State.FAILED
        attempt.save()
        return CONFIRMED, attempt, f"failed at the gateway ({result.response_code})"
    intent = PaymentIntent.objects.select_for_update().get(pk=attempt.intent_id)
    attempt.paid_at = result.paid_at or now
    if intent.state == PaymentIntent.State.PAID:
        attempt.state = PaymentAttempt.State.REFUND_DUE
        attempt.save()
        return CONFIRMED, attempt, "paid twice: refund due (listed by the reconciliation)"
    attempt.state = PaymentAttempt.State.PAID
    attempt.save()
    intent.state, intent.paid_at = PaymentIntent.State.PAID, attempt.paid_at
    intent.save(update_fields=["state", "paid_at"])
    return CONFIRMED, attempt, _record_paid(intent, attempt, now)


def _record_paid(intent: PaymentIntent, attempt: PaymentAttempt, now: dt.datetime) -> str:
    dossier = Dossier.objects.select_for_update().get(pk=intent.dossier_id)
    if due_fee_request(dossier) != intent.fee_request:
        # Paid although the dossier no longer waits for this fee (recorded at the desk meanwhile):
        # the money is ours, the dossier untouched; the reconciliation's list shows it.
        return "paid; dossier not awaiting this fee: not recorded on the dossier"
    lifecycle.pay_fees(
        dossier=dossier,
        actor=Actor.applicant(label=_("Thanh toán trực tuyến qua cổng thanh toán")),
        now=now,
        payment={
            "reference": attempt.reference,
            "transaction_no": attempt.transaction_no,
            "amount_vnd": attempt.amount_vnd,
            "gateway": intent.gateway,
            "DuocThanhToanTrucTuyen": get_gateway(intent.gateway).sync_code,
        },
    )
    return "paid; fee recorded on the dossier"


# ---------------------------------------------------------------------------------------------
# Receipt


def receipt_pdf(attempt: PaymentAttempt) -> bytes:
    """The electronic receipt (biên lai điện tử) of a paid attempt, rendered by WeasyPrint."""
    from weasyprint import HTML

    intent = attempt.intent
    dossier = intent.dossier
    fees = (intent.fee_request.data or {}).get("fees") or []
    html = render_to_string(
        "dossiers/payment_receipt.html",
        {
            "dossier": dossier,
            "payer": dossier.contact.full_name,
            "attempt": attempt,
            "fees": [{"name": f.get("name", ""), "amount": _vnd(f.get("amount_vnd"))} for f in fees],
            "total": _vnd(attempt.amount_vnd),
            "paid_at": timezone.localtime(attempt.paid_at) if attempt.paid_at else None,
        },
    )
    return HTML(string=html).write_pdf()


def _vnd(amount: int | Decimal | None) -> str:
    return f"{int(amount or 0):,}".replace(",", ".") + " đồng"


# ---------------------------------------------------------------------------------------------
# Reconciliation


@dataclass(frozen=True)
class Mismatch:
    reference: str
    kind: str  # missing_here | missing_there | amount | refund_due
    detail: str


def reconcile(day: dt.date, *, gateway: PaymentGateway | None = None) -> list[Mismatch]:
    """Our attempts paid (or to refund) on `day` (local time) against the gateway's successful
    transactions of that day; each difference once."""
    gateway = gateway or get_gateway()
    theirs = {t.reference: t for t in gateway.transactions(day) if t.success}
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    ours = {
        a.reference: a
        for a in PaymentAttempt.objects.filter(
            paid_at__gte=start,
            paid_at__lt=start + dt.timedelta(days=1),
            state__in=(PaymentAttempt.State.PAID, PaymentAttempt.State.REFUND_DUE),
        )
    }
    found: list[Mismatch] = []
    for reference, t in sorted(theirs.items()):
        mine = ours.get(reference) or PaymentAttempt.objects.filter(reference=reference).first()
        if mine is None or mine.state not in (PaymentAttempt.State.PAID, PaymentAttempt.State.REFUND_DUE):
            state = mine.state if mine is not None else "unknown"
            found.append(
                Mismatch(reference, "missing_here", f"paid at the gateway ({t.amount_vnd}), ours: {state}")
            )
        elif mine.amount_vnd != t.amount_vnd:
            found.append(Mismatch(reference, "amount", f"gateway {t.amount_vnd} ≠ ours {mine.amount_vnd}"))
    for reference, mine in sorted(ours.items()):
        if reference not in theirs:
            found.append(
                Mismatch(reference, "missing_there", f"paid here ({mine.amount_vnd}), unknown to the gateway")
            )
        elif mine.state == PaymentAttempt.State.REFUND_DUE:
            found.append(Mismatch(reference, "refund_due", "a second payment of one fee request"))
    for m in found:
        logger.error("payment reconciliation %s: %s %s %s", day, m.reference, m.kind, m.detail)
    return found
