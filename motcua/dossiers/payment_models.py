"""The tables of online payment and of public post (issue 11), in their own module (imported by
models.py): a payment intent per fee request, its attempts at the gateway, every notification
received, and the postal shipments of a dossier."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentIntent(models.Model):
    """What the applicant owes for one fee request (an `await_fees` event): one row per request, so
    however many times the citizen presses "Thanh toán" the fee is charged once."""

    class State(models.TextChoices):
        OPEN = "open", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="payment_intents")
    fee_request = models.OneToOneField(
        "dossiers.DossierEvent", on_delete=models.PROTECT, related_name="payment_intent"
    )
    #: From the fee request's event (its total), never from a request.
    amount_vnd = models.BigIntegerField(_("số tiền"))
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.OPEN)
    gateway = models.CharField(_("cổng thanh toán"), max_length=32)
    created_at = models.DateTimeField(_("tạo lúc"))
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu thanh toán")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.amount_vnd}"


class PaymentAttempt(models.Model):
    """One trip to the gateway under its own reference (vnp_TxnRef)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Đang chờ cổng thanh toán")
        PAID = "paid", _("Thành công")
        FAILED = "failed", _("Không thành công")
        #: Paid at the gateway although another attempt of the intent was paid first: to refund.
        REFUND_DUE = "refund", _("Thu trùng, phải hoàn tiền")

    intent = models.ForeignKey(PaymentIntent, on_delete=models.PROTECT, related_name="attempts")
    reference = models.CharField(_("mã tham chiếu"), max_length=32, unique=True)
    amount_vnd = models.BigIntegerField(_("số tiền"))
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    response_code = models.CharField(max_length=4, blank=True)
    transaction_no = models.CharField(_("mã giao dịch tại cổng"), max_length=32, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần thanh toán")
        constraints = [
            # The last guard against a double charge recorded twice: one paid attempt per intent.
            models.UniqueConstraint(
                fields=["intent"], condition=Q(state="paid"), name="one_paid_attempt_per_intent"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentNotice(models.Model):
    """Everything the gateway told us (return, IPN) and what we answered: kept, also when refused."""

    class Kind(models.TextChoices):
        REDIRECT = "redirect", _("Chuyển sang cổng thanh toán")
        RETURN = "return", _("Người nộp quay lại")
        IPN = "ipn", _("Thông báo từ cổng thanh toán")

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    reference = models.CharField(max_length=64, blank=True, db_index=True)
    attempt = models.ForeignKey(
        PaymentAttempt, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    params = models.JSONField(default=dict)
    answer = models.CharField(_("mã trả lời"), max_length=4, blank=True)
    outcome = models.CharField(_("kết quả xử lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("nhật ký thanh toán")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} {self.answer}"


class ShipmentKind(models.TextChoices):
    COLLECTION = "collection", _("Thu gom hồ sơ tại nhà")
    RESULT = "result", _("Chuyển phát kết quả")


class Shipment(models.Model):
    """A postal item of a dossier (UPU S10 item number), with the last status the post reported."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="shipments")
    kind = models.CharField(_("loại bưu gửi"), max_length=10, choices=ShipmentKind.choices)
    item_number = models.CharField(_("số hiệu bưu gửi"), max_length=13, unique=True)
    address = models.CharField(_("địa chỉ"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=16, default="created")
    status_at = models.DateTimeField(_("cập nhật lúc"))
    history = models.JSONField(default=list)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("bưu gửi")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.item_number
