"""The subscriber simulator's records: its inboxes and what reached them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulatedInbox(models.Model):
    """One subscriber endpoint, /mo-phong/nhan-thong-bao/<slug>/, with the secret MotCua gave for
    the subscription that points here."""

    slug = models.SlugField(_("mã hộp thư"), max_length=40, unique=True)
    secret = models.CharField(_("khóa bí mật"), max_length=128)
    # The retry tests' switch: every notification is answered 500 (and not taken).
    fail = models.BooleanField(_("trả lời lỗi 500"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hộp thư nhận thông báo (mô phỏng)")
        verbose_name_plural = _("Hộp thư nhận thông báo (mô phỏng)")
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class ReceivedNotification(models.Model):
    """One POST to an inbox, taken or not."""

    inbox = models.ForeignKey(SimulatedInbox, on_delete=models.CASCADE, related_name="received")
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    delivery_id = models.CharField(_("mã thông báo"), max_length=100, blank=True, db_index=True)
    accepted = models.BooleanField(_("được nhận"))
    # The verifier's reason ("signature", "stale", "replayed"…) or "fail_switch"; empty when taken.
    reason = models.CharField(_("lý do từ chối"), max_length=40, blank=True)
    answered = models.PositiveSmallIntegerField(_("mã trả lời HTTP"))
    channel = models.CharField(_("kênh"), max_length=60, blank=True)
    action = models.CharField(_("thao tác"), max_length=60, blank=True)
    resource_key = models.CharField(_("đối tượng"), max_length=120, blank=True)
    body = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("thông báo đã nhận (mô phỏng)")
        verbose_name_plural = _("Thông báo đã nhận (mô phỏng)")
        ordering = ["-pk"]

    def __str__(self):
        return f"{self.inbox.slug} {self.delivery_id} {self.reason or 'ok'}"
