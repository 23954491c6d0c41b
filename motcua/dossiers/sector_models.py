"""The tables of a dossier's hand-off to a ministry's sector system (issue 13), in their own module
(imported by models.py): each hand-off and its state, the system's own codes for the dossier (its
searchable aliases), and every callback received (the log that refuses a replay)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorHandoff(models.Model):
    """One hand-off of a dossier to one sector system. A refused one may be followed by another
    (the officer corrects and hands over again): `attempt` counts them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đã chuyển, chờ hệ thống ngành tiếp nhận")
        RECEIVED = "received", _("Hệ thống ngành đã tiếp nhận")
        RESOLVED = "resolved", _("Hệ thống ngành đã trả kết quả")
        REFUSED = "refused", _("Hệ thống ngành từ chối")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="sector_handoffs")
    system = models.CharField(_("hệ thống ngành"), max_length=30)
    attempt = models.PositiveSmallIntegerField(_("lần chuyển"), default=1)
    # The outbox record's idempotency key, sent as the record's `reference` and echoed by callbacks.
    reference = models.CharField(_("mã tham chiếu"), max_length=200, unique=True)
    step = models.ForeignKey(
        "dossiers.DossierStep",
        verbose_name=_("bước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    external_code = models.CharField(_("mã hồ sơ ở hệ thống ngành"), max_length=40, blank=True)
    # The system's message: its refusal reason, its note with the result.
    message = models.TextField(_("phản hồi của hệ thống ngành"), blank=True)
    created_at = models.DateTimeField(_("chuyển lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("hồ sơ chuyển hệ thống ngành")
        verbose_name_plural = _("hồ sơ chuyển hệ thống ngành")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "system", "attempt"], name="sector_handoff_attempt"),
        ]

    def __str__(self):
        return f"{self.system} #{self.attempt} ({self.get_status_display()})"

    @property
    def open(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RECEIVED)


class DossierExternalCode(models.Model):
    """A sector system's code for a dossier: an alias the office, the API and the public lookup find
    the dossier by. One dossier per code and system."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="external_codes")
    system = models.CharField(_("hệ thống ngành"), max_length=30)
    code = models.CharField(_("mã hồ sơ ở hệ thống ngành"), max_length=40)
    recorded_at = models.DateTimeField(_("ghi nhận lúc"))

    class Meta:
        verbose_name = _("mã hồ sơ ở hệ thống ngành")
        verbose_name_plural = _("mã hồ sơ ở hệ thống ngành")
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="external_code_per_system")]
        indexes = [models.Index(fields=["code"], name="external_code_idx")]

    def __str__(self):
        return f"{self.system}:{self.code}"


class SectorCallback(models.Model):
    """Every callback a sector system sent, accepted or not: the operators' log, and the memory of
    accepted signatures that refuses a replayed one."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Đã ghi nhận")
        DUPLICATE = "duplicate", _("Trùng, đã ghi nhận trước đó")
        BAD_SIGNATURE = "bad_signature", _("Sai chữ ký")
        STALE = "stale_timestamp", _("Quá hạn thời gian")
        REPLAYED = "replayed", _("Gửi lại thông báo cũ")
        UNKNOWN = "unknown_dossier", _("Không có hồ sơ")
        INVALID = "invalid", _("Nội dung không hợp lệ")

    system = models.CharField(_("hệ thống ngành"), max_length=30)
    received_at = models.DateTimeField(_("nhận lúc"))
    signature = models.CharField(_("chữ ký"), max_length=64, blank=True)
    event = models.CharField(_("loại thông báo"), max_length=20, blank=True)
    reference = models.CharField(_("mã tham chiếu"), max_length=200, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    detail = models.TextField(_("chi tiết"), blank=True)

    class Meta:
        verbose_name = _("thông báo từ hệ thống ngành")
        verbose_name_plural = _("thông báo từ hệ thống ngành")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["system", "signature"], name="sector_callback_sig_idx")]

    def __str__(self):
        return f"{self.system} {self.event} {self.outcome}"
