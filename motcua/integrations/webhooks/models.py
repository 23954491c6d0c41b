"""A subscription to channels of events, and its delivery log (the dispatch table's rows for it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

from ..dispatch.models import Delivery

#: The dispatch partner of every notification (MOTCUA_DISPATCH_TRANSPORTS["webhook"]).
PARTNER = "webhook"


class Subscription(models.Model):
    """Another system's wish to be told: which channels (each with its filters), where to POST,
    and the secret the notifications are signed with. Owned by a machine client (a
    django-oauth-toolkit application) or a staff user (through the admin)."""

    application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL,
        verbose_name=_("ứng dụng (máy khách)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ quản trị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    label = models.CharField(_("tên gọi"), max_length=120, blank=True)
    callback_url = models.URLField(_("địa chỉ nhận thông báo"), max_length=500)
    # [{"channel": "dossier-state-changed", "filters": {"agency": ["000.00.41.H26"]}}, …]:
    # the filters of one channel must all match (each attribute: any of its values).
    channels = models.JSONField(_("kênh và bộ lọc"), default=list)
    # Kept readable (it signs every notification); shown once, on creation or renewal.
    secret = models.CharField(_("khóa bí mật"), max_length=128, editable=False)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đăng ký nhận thông báo sự kiện")
        verbose_name_plural = _("Đăng ký nhận thông báo sự kiện")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, user__isnull=True)
                | Q(application__isnull=True, user__isnull=False),
                name="subscription_one_owner",
            ),
        ]
        indexes = [models.Index(fields=["active"], name="subscription_active_idx")]

    def __str__(self):
        return self.label or self.callback_url

    @property
    def stream_prefix(self) -> str:
        """Every delivery of this subscription is in a stream starting with this."""
        return f"s{self.pk}:"


class WebhookDelivery(Delivery):
    """The notifications among the deliveries (partner "webhook"): the admin's delivery log."""

    class Meta:
        proxy = True
        verbose_name = _("thông báo sự kiện đã gửi")
        verbose_name_plural = _("nhật ký gửi thông báo sự kiện")
