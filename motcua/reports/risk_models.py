"""The at-risk topic's tables: one score per open dossier (refreshed by `reports.refresh_risk`) and
the apology drafts (Mẫu 04) prepared one working day before a predicted miss."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskScore(models.Model):
    """The probability that an open dossier misses its due time, from what is left (risk.model)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="risk"
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    probability = models.DecimalField(_("xác suất trễ hạn"), max_digits=4, decimal_places=3)
    due_at = models.DateTimeField(_("hẹn trả"))
    left_seconds = models.IntegerField(_("thời gian làm việc còn lại (giây)"))
    expected_seconds = models.IntegerField(_("thời gian dự kiến cần (giây)"))
    #: The active step the dossier waits on (the one due first) and who holds it.
    step = models.ForeignKey(
        "dossiers.DossierStep",
        verbose_name=_("bước đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    explanation = models.JSONField(_("giải thích"), default=dict)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("nguy cơ trễ hạn")
        verbose_name_plural = _("nguy cơ trễ hạn")
        indexes = [models.Index(fields=["agency", "-probability"], name="risk_agency_probability")]

    def __str__(self):
        return f"{self.dossier_id}: {self.probability}"


class ApologyDraft(models.Model):
    """The input of the extension command (`Action.EXTEND`: reason, new date) prepared by the system
    one working day before a predicted miss: the step's owner reviews it and signs, which runs the
    same command as the office's button (the event, Mẫu 04 and the applicant's message follow from
    it). One draft per dossier and promised time it would miss."""

    dossier = models.ForeignKey(
        "dossiers.Dossier", verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField(_("hẹn trả dự báo bị trễ"))
    probability = models.DecimalField(_("xác suất trễ hạn"), max_digits=4, decimal_places=3)
    reason = models.TextField(_("lý do"))
    new_due = models.DateTimeField(_("ngày hẹn mới đề xuất"))
    created_at = models.DateTimeField(_("soạn lúc"))
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    event = models.ForeignKey(
        "dossiers.DossierEvent",
        verbose_name=_("sự kiện gia hạn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("dự thảo văn bản xin lỗi")
        verbose_name_plural = _("dự thảo văn bản xin lỗi")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "due_at"], name="apology_draft_once"),
        ]

    def __str__(self):
        return f"{self.dossier_id} @ {self.due_at:%Y-%m-%d %H:%M}"
