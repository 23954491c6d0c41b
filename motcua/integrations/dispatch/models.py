"""The delivery table: one row per record handed to another system."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    """One record for one partner, in its stream's order (a dossier's code, a subscription…)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        # A worker has claimed the row and is talking to the partner right now.
        SENDING = "sending", _("Đang gửi")
        # The partner took it and will acknowledge later (asynchronous partners).
        SENT = "sent", _("Đã gửi")
        ACKNOWLEDGED = "acknowledged", _("Đã xác nhận")
        # Failed; tried again at next_attempt_at.
        FAILED = "failed", _("Gửi lỗi, sẽ gửi lại")
        # Refused by the partner or out of attempts: waits for an operator (replay).
        DEAD = "dead", _("Gửi lỗi, chờ xử lý")

    partner = models.CharField(_("hệ thống nhận"), max_length=40)
    # The order that matters: records of one stream are sent one after the other, by sequence.
    stream = models.CharField(_("luồng"), max_length=120)
    sequence = models.PositiveIntegerField(_("thứ tự trong luồng"))
    topic = models.CharField(_("loại bản ghi"), max_length=60)
    payload = models.JSONField(_("nội dung"))
    idempotency_key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    # NULL when nothing is scheduled (sent, acknowledged, dead).
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), null=True, blank=True)
    # A SENDING claim older than this is a crashed worker's: the row is due again.
    claimed_until = models.DateTimeField(_("giữ chỗ đến"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    # What the partner said (its refusal reason, its acknowledgement text) and its own reference.
    partner_message = models.TextField(_("phản hồi của hệ thống nhận"), blank=True)
    partner_ref = models.CharField(_("mã của hệ thống nhận"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    replayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replayed_at = models.DateTimeField(_("gửi lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản ghi gửi hệ thống ngoài")
        verbose_name_plural = _("hộp thư đi (liên thông)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "stream", "sequence"], name="delivery_stream_sequence"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
            models.Index(fields=["partner", "status"], name="delivery_partner_status_idx"),
        ]

    def __str__(self):
        return f"{self.partner} {self.stream}#{self.sequence} ({self.get_status_display()})"
