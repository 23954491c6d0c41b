"""The payment simulator's own ledger: what the simulated gateway charged (its side of the
reconciliation). Registered in integrations.models; never used outside the simulator."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulatedPayment(models.Model):
    class State(models.TextChoices):
        SUCCESS = "success", _("Thành công")
        FAILED = "failed", _("Không thành công")
        CANCELLED = "cancelled", _("Người thanh toán hủy")

    tmn_code = models.CharField(max_length=16)
    reference = models.CharField(_("mã tham chiếu"), max_length=64)
    amount = models.BigIntegerField(_("số tiền × 100"))
    order_info = models.CharField(max_length=255, blank=True)
    transaction_no = models.CharField(max_length=20, unique=True)
    bank_code = models.CharField(max_length=20, blank=True)
    response_code = models.CharField(max_length=2)
    state = models.CharField(max_length=10, choices=State.choices)
    paid_at = models.DateTimeField()
    #: The notification's parameters, signed as sent (a replay resends them byte for byte).
    notification = models.JSONField(default=dict)
    #: Held back by the "delay" switch until the control page releases it.
    pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("giao dịch mô phỏng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.reference
