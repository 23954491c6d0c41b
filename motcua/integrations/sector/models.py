"""The sector simulator's record of the dossiers it received (demo and tests only)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulatedSectorCase(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        RESOLVED = "resolved", _("Đã có kết quả")
        REFUSED = "refused", _("Từ chối")

    system = models.CharField(_("hệ thống ngành"), max_length=30)
    external_code = models.CharField(_("mã hồ sơ của hệ thống ngành"), max_length=40, unique=True)
    # MotCua's reference (its idempotency key): the same record sent twice is one case.
    reference = models.CharField(_("mã tham chiếu MotCua"), max_length=200, unique=True)
    dossier_code = models.CharField(_("mã hồ sơ MotCua"), max_length=64)
    record = models.JSONField(_("bản ghi nhận được"))
    callback_url = models.CharField(_("địa chỉ trả kết quả"), max_length=500)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ hệ thống ngành (mô phỏng)")
        verbose_name_plural = _("hồ sơ hệ thống ngành (mô phỏng)")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.system} {self.external_code} ({self.dossier_code})"
