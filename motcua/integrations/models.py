"""The notification outbox, and the SMS gateway simulator's record of what it accepted."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One message to hand to an external channel; written in the transaction of the business
    change that causes it, sent after commit, retried with backoff until sent or given up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        # A worker has claimed the row and is talking to the channel right now.
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    channel = models.CharField(_("kênh"), max_length=20)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    idempotency_key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    # NULL when nothing is scheduled: sent, or failed for good (retried only by hand).
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), null=True, blank=True)
    # A SENDING claim older than this is a crashed worker's: another worker may take the row over.
    claimed_until = models.DateTimeField(_("giữ chỗ đến"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo chờ gửi")
        verbose_name_plural = _("hộp thư đi (thông báo)")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.channel} → {self.recipient} ({self.get_status_display()})"


class SimulatedSms(models.Model):
    """What the local SMS gateway simulator accepted: the demo's and the tests' handset."""

    message_id = models.CharField(_("mã tin"), max_length=40, unique=True)
    client_ref = models.CharField(_("mã tham chiếu của bên gửi"), max_length=200, unique=True)
    to = models.CharField(_("số điện thoại"), max_length=20)
    text = models.TextField(_("nội dung"))
    segments = models.PositiveSmallIntegerField(_("số tin"), default=1)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tin nhắn SMS (mô phỏng)")
        verbose_name_plural = _("tin nhắn SMS (mô phỏng)")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.to}: {self.text[:40]}"


# The simulators' own records (integrations/<system>/models.py), registered with this app.
from .dispatch.models import Delivery  # noqa: E402, F401
from .national_portal.models import (  # noqa: E402, F401
    SimulatedPortalReceipt,
    SimulatedPortalRecord,
    SimulatedPortalSettings,
)
from .payment.models import SimulatedPayment  # noqa: E402, F401
from .postal.models import SimulatedShipment  # noqa: E402, F401
from .sector.models import SimulatedSectorCase  # noqa: E402, F401
from .webhooks.models import Subscription, WebhookDelivery  # noqa: E402, F401
from .webhooks.simulator.models import ReceivedNotification, SimulatedInbox  # noqa: E402, F401
