"""The index's methodology as data: one row per version (its effective date), its indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexMethodology(models.Model):
    """A version of the index's methodology, in force from `effective_from` until the next one."""

    code = models.CharField(_("mã phương pháp"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    effective_from = models.DateField(_("hiệu lực từ"), unique=True)
    # [{code, name, name_en, points, national_path}]: the groups and their points (100 in all).
    groups = models.JSONField(_("nhóm chỉ số"), default=list)

    class Meta:
        app_label = "reports"
        verbose_name = _("phương pháp tính Chỉ số 766")
        verbose_name_plural = _("phương pháp tính Chỉ số 766")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"


class IndexIndicator(models.Model):
    methodology = models.ForeignKey(IndexMethodology, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã chỉ tiêu"), max_length=8)
    group = models.CharField(_("nhóm"), max_length=8)
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    name_en = models.CharField(_("tên chỉ tiêu (tiếng Anh)"), max_length=255, blank=True)
    points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    threshold = models.DecimalField(
        _("ngưỡng đạt điểm tối đa (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The levels it applies to: ministry, province, commune.
    levels = models.JSONField(_("cấp áp dụng"), default=list)
    # The computation (compute.RULES) and its parameters.
    rule = models.CharField(_("cách tính"), max_length=32)
    params = models.JSONField(_("tham số"), default=dict, blank=True)

    class Meta:
        app_label = "reports"
        verbose_name = _("chỉ tiêu Chỉ số 766")
        verbose_name_plural = _("chỉ tiêu Chỉ số 766")
        ordering = ["methodology", "order"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="index766_indicator_once"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
