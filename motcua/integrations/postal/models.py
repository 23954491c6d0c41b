"""The postal simulator's own record of the items it booked. Registered in integrations.models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulatedShipment(models.Model):
    item_number = models.CharField(max_length=13, unique=True)
    reference = models.CharField(max_length=64)
    kind = models.CharField(max_length=10)
    address = models.CharField(max_length=255)
    recipient = models.CharField(max_length=128, blank=True)
    callback_url = models.CharField(max_length=255)
    status = models.CharField(max_length=16, default="accepted")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bưu gửi mô phỏng")
        verbose_name_plural = _("bưu gửi mô phỏng")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.item_number
