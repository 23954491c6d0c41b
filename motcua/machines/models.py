"""Machine clients: applications (the national portal, a ministry's system, a province's reporting
tool) that call the API with their own OAuth2 credentials, never a person's session.

A client is a django-oauth-toolkit Application (confidential, client-credentials grant only) with the
agencies it may act for, per agency the operations (scopes) granted there, who registered it and
whether it is revoked. It acts through a user account of its own (no password, no officer record),
so the audit trail of what it does (a dossier it submits) names it like any actor."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from oauth2_provider.settings import oauth2_settings

from . import scopes


class MachineClient(models.Model):
    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL,
        verbose_name=_("ứng dụng OAuth2"),
        on_delete=models.PROTECT,
        related_name="machine_client",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đại diện"),
        on_delete=models.PROTECT,
        related_name="machine_client",
        help_text=_(
            "Tài khoản không mật khẩu, không đăng nhập được, mà ứng dụng hành động dưới tên của nó (nhật ký hồ sơ)."
        ),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("đăng ký lúc"))
    secret_rotated_at = models.DateTimeField(_("đổi khóa bí mật lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ứng dụng kết nối")
        verbose_name_plural = _("ứng dụng kết nối")
        ordering = ["application__name"]

    def __str__(self):
        return self.application.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def client_id(self) -> str:
        return self.application.client_id


def validate_scopes(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Chọn ít nhất một thao tác."), code="scopes_required")
    unknown = [s for s in value if s not in scopes.ALL]
    if unknown:
        raise ValidationError(
            _("Thao tác không có: %(names)s.") % {"names": ", ".join(map(str, unknown))}, code="scope_unknown"
        )


class MachineGrant(models.Model):
    """What a client may do for one agency: the operations (scopes), and whether its sub-units too."""

    client = models.ForeignKey(
        MachineClient, verbose_name=_("ứng dụng"), on_delete=models.CASCADE, related_name="grants"
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    scopes = models.JSONField(
        _("thao tác được phép"),
        default=list,
        validators=[validate_scopes],
        help_text=_('Danh sách phạm vi (scope), ví dụ ["dossiers:read", "reports:read"].'),
    )
    include_subunits = models.BooleanField(_("cả các đơn vị trực thuộc"), default=False)

    class Meta:
        verbose_name = _("quyền theo cơ quan")
        verbose_name_plural = _("quyền theo cơ quan")
        constraints = [models.UniqueConstraint(fields=["client", "agency"], name="machine_grant_once")]

    def __str__(self):
        return f"{self.agency_id}: {', '.join(self.scopes)}"


class MachineRequest(models.Model):
    """One request made with a machine token (written once, after the response; kept
    MOTCUA_MACHINE_AUDIT_DAYS days). The token is kept by id only: tokens are deleted when they
    expire or are revoked, their requests stay."""

    client = models.ForeignKey(
        MachineClient, verbose_name=_("ứng dụng"), on_delete=models.CASCADE, related_name="requests"
    )
    token_id = models.BigIntegerField(_("mã token"), null=True)
    method = models.CharField(_("phương thức"), max_length=8)
    path = models.CharField(_("đường dẫn"), max_length=500)
    status = models.PositiveSmallIntegerField(_("mã trả lời"))
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan liên quan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), db_index=True)

    class Meta:
        verbose_name = _("yêu cầu của ứng dụng")
        verbose_name_plural = _("nhật ký yêu cầu của ứng dụng")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "-at"], name="machine_request_client_at")]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
