"""The national portal simulator's own records (registered in integrations.models): what it holds
(the latest record per MaHoSo and every record it took), and how it is told to misbehave."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulatedPortalRecord(models.Model):
    """The latest record the simulated portal holds for one dossier."""

    ma_ho_so = models.CharField(_("mã hồ sơ"), max_length=64, unique=True)
    ma_co_quan = models.CharField(_("mã cơ quan"), max_length=64, db_index=True)
    trang_thai = models.PositiveSmallIntegerField(_("trạng thái hồ sơ"))
    # NgayTiepNhan as a time, so the counts and the list filter by period (NULL: not received yet).
    received_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True, db_index=True)
    record = models.JSONField(_("bản ghi"))
    last_key = models.CharField(_("khóa gần nhất"), max_length=200)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ trên Cổng DVCQG (mô phỏng)")
        verbose_name_plural = _("hồ sơ trên Cổng DVCQG (mô phỏng)")

    def __str__(self):
        return f"{self.ma_ho_so} ({self.trang_thai})"


class SimulatedPortalReceipt(models.Model):
    """One record the simulated portal took, once per idempotency key (a resend is not a new one)."""

    key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    ma_ho_so = models.CharField(_("mã hồ sơ"), max_length=64, db_index=True)
    trang_thai = models.PositiveSmallIntegerField(_("trạng thái hồ sơ"))
    record = models.JSONField(_("bản ghi"))
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    # Callback mode: when the acknowledgement went back (NULL: still to send).
    acknowledged_at = models.DateTimeField(_("đã xác nhận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bản ghi Cổng DVCQG đã nhận (mô phỏng)")
        verbose_name_plural = _("bản ghi Cổng DVCQG đã nhận (mô phỏng)")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.ma_ho_so} ({self.key})"


class SimulatedPortalSettings(models.Model):
    """The switches of the simulator's control page (one row)."""

    class Mode(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        REFUSE = "refuse", _("Từ chối bản ghi")
        TIMEOUT = "timeout", _("Nhận nhưng hết thời gian chờ trả lời")
        DOWN = "down", _("Ngừng hoạt động")

    mode = models.CharField(_("chế độ"), max_length=10, choices=Mode.choices, default=Mode.NORMAL)
    refusal_message = models.CharField(
        _("lý do từ chối"), max_length=200, default="Mã thủ tục hành chính không tồn tại trên CSDL quốc gia"
    )
    delay_ms = models.PositiveIntegerField(_("trả lời chậm (ms)"), default=0)
    # False: the answer to the status update is the acknowledgement; True: it comes later, by callback.
    acknowledge_by_callback = models.BooleanField(_("xác nhận sau, qua callback"), default=False)
    duplicate_acknowledgements = models.BooleanField(_("gửi trùng xác nhận"), default=False)

    class Meta:
        verbose_name = _("cấu hình Cổng DVCQG mô phỏng")
        verbose_name_plural = _("cấu hình Cổng DVCQG mô phỏng")

    def __str__(self):
        return self.get_mode_display()

    @classmethod
    def current(cls) -> "SimulatedPortalSettings":
        return cls.objects.order_by("pk").first() or cls.objects.create()
