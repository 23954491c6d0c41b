"""Admin screens: subscriptions (a staff user's own, or a machine client's) and the delivery log of
the notifications, with replay. Writes go through `services` (and dispatch's `replay`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..dispatch import services as dispatch
from . import services
from .models import PARTNER, Subscription, WebhookDelivery


class SubscriptionForm(forms.ModelForm):
    class Meta:
        model = Subscription
        fields = ["label", "application", "callback_url", "channels", "active"]
        # Checked by the services' guard (https, a public host), not by URLField's looser rule.
        field_classes = {"callback_url": forms.CharField}
        help_texts = {
            "application": _("Để trống: đăng ký thuộc về cán bộ đang đăng nhập."),
            "channels": _(
                'Ví dụ: [{"channel": "dossier-state-changed", "filters": {"agency": ["000.00.41.H26"]}}]'
            ),
        }

    def clean_callback_url(self):
        return _field_check(services.clean_callback_url, self.cleaned_data.get("callback_url", ""))

    def clean_channels(self):
        return _field_check(services.clean_channels, self.cleaned_data.get("channels"))


def _field_check(check, value):
    """The services' refusal (keyed by its field) as this field's error."""
    try:
        return check(value)
    except ValidationError as error:
        raise ValidationError(error.messages) from None


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ("__str__", "owner", "callback_url", "channel_names", "active", "created_at", "log")
    list_filter = ("active",)
    search_fields = ("label", "callback_url")
    actions = ["renew_secrets", "deactivate"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("application", "user")

    @admin.display(description=_("chủ sở hữu"))
    def owner(self, obj):
        return obj.application or obj.user

    @admin.display(description=_("kênh"))
    def channel_names(self, obj):
        return ", ".join(c["channel"] for c in obj.channels)

    @admin.display(description=_("nhật ký gửi"))
    def log(self, obj):
        url = reverse("admin:integrations_webhookdelivery_changelist") + f"?subscription={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Xem"))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.update_subscription(
                subscription=obj,
                callback_url=data["callback_url"],
                channels=data["channels"],
                label=data.get("label", ""),
                active=data.get("active", True),
            )
            return
        owner = (
            services.Owner(application=data["application"])
            if data.get("application")
            else services.Owner(user=request.user)
        )
        created, secret = services.create_subscription(
            owner=owner,
            callback_url=data["callback_url"],
            channels=data["channels"],
            label=data.get("label", ""),
        )
        if not data.get("active", True):
            services.update_subscription(subscription=created, active=False)
        obj.pk = created.pk
        obj.refresh_from_db()
        self._show_secret(request, obj, secret)

    def _show_secret(self, request, obj, secret):
        self.message_user(
            request,
            _("Khóa bí mật của đăng ký “%(name)s” (chỉ hiện một lần, hãy lưu lại): %(secret)s")
            % {"name": obj, "secret": secret},
            messages.WARNING,
        )

    @admin.action(description=_("Đổi khóa bí mật của các đăng ký đã chọn"))
    def renew_secrets(self, request, queryset):
        for subscription in queryset:
            self._show_secret(request, subscription, services.renew_secret(subscription=subscription))

    @admin.action(description=_("Tạm ngừng các đăng ký đã chọn"))
    def deactivate(self, request, queryset):
        for subscription in queryset:
            services.update_subscription(subscription=subscription, active=False)


class SubscriptionFilter(admin.SimpleListFilter):
    title = _("đăng ký")
    parameter_name = "subscription"

    def lookups(self, request, model_admin):
        return [(s.pk, str(s)) for s in Subscription.objects.order_by("pk")[:200]]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(stream__startswith=f"s{int(value)}:")
        return queryset


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The notifications' delivery log: nothing is edited by hand; a dead or failed one is replayed."""

    list_display = (
        "created_at",
        "stream",
        "sequence",
        "topic",
        "status",
        "attempts",
        "next_attempt_at",
        "error",
    )
    list_filter = ("status", "topic", SubscriptionFilter)
    search_fields = ("stream", "idempotency_key")
    date_hierarchy = "created_at"
    actions = ["replay"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(partner=PARTNER)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_replay_permission(self, request):
        return request.user.has_perm("integrations.change_webhookdelivery")

    @admin.display(description=_("lỗi gần nhất"))
    def error(self, obj):
        text = obj.last_error or obj.partner_message
        return (text[:80] + "…") if len(text) > 80 else text

    @admin.action(description=_("Gửi lại các thông báo lỗi đã chọn"), permissions=["replay"])
    def replay(self, request, queryset):
        replayed = sum(dispatch.replay(delivery=d, actor=request.user) for d in queryset)
        self.message_user(
            request,
            ngettext("Đã xếp lại %(n)d thông báo để gửi.", "Đã xếp lại %(n)d thông báo để gửi.", replayed)
            % {"n": replayed},
            messages.SUCCESS if replayed else messages.WARNING,
        )
