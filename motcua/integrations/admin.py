from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .dispatch import services as dispatch
from .models import Delivery, OutboxMessage, SimulatedPortalRecord, SimulatedSms


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Failed hand-offs are visible here and retried by a person; nothing is edited by hand."""

    list_display = (
        "created_at",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
    )
    list_filter = ("status", "channel")
    search_fields = ("recipient", "idempotency_key", "subject", "provider_message_id")
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # services are the only writers; the retry action goes through them

    def has_retry_permission(self, request):
        return request.user.has_perm("integrations.change_outboxmessage")

    @admin.display(description=_("lỗi gần nhất"))
    def short_error(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.action(description=_("Gửi lại các thông báo bị lỗi đã chọn"), permissions=["retry"])
    def retry(self, request, queryset):
        retried = sum(services.retry_message(message=m) for m in queryset)
        skipped = queryset.count() - retried
        if retried:
            self.message_user(
                request,
                ngettext("Đã xếp lại %(n)d thông báo để gửi.", "Đã xếp lại %(n)d thông báo để gửi.", retried)
                % {"n": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Bỏ qua %(n)d thông báo không ở trạng thái lỗi.",
                    "Bỏ qua %(n)d thông báo không ở trạng thái lỗi.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )


@admin.register(SimulatedSms)
class SimulatedSmsAdmin(admin.ModelAdmin):
    list_display = ("received_at", "to", "text", "segments", "message_id")
    search_fields = ("to", "client_ref", "message_id")
    readonly_fields = [f.name for f in SimulatedSms._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# The subscriptions to events and their delivery log (integrations.webhooks).
from .webhooks import admin as _webhooks_admin  # noqa: E402, F401


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The records to other systems (issue 13): read only; failed and dead ones are replayed by a
    person (dispatch.services.replay records who and when)."""

    list_display = (
        "created_at",
        "partner",
        "stream",
        "sequence",
        "topic",
        "status",
        "attempts",
        "partner_message",
        "replayed_by",
        "replayed_at",
    )
    list_filter = ("partner", "status", "topic")
    search_fields = ("stream", "idempotency_key", "partner_ref")
    date_hierarchy = "created_at"
    actions = ["replay"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_replay_permission(self, request):
        return request.user.has_perm("integrations.change_delivery")

    @admin.action(description=_("Gửi lại các bản ghi lỗi đã chọn"), permissions=["replay"])
    def replay(self, request, queryset):
        replayed = sum(dispatch.replay(delivery=d, actor=request.user) for d in queryset)
        skipped = queryset.count() - replayed
        if replayed:
            self.message_user(
                request,
                ngettext("Đã xếp lại %(n)d bản ghi để gửi.", "Đã xếp lại %(n)d bản ghi để gửi.", replayed)
                % {"n": replayed},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Bỏ qua %(n)d bản ghi không ở trạng thái lỗi.",
                    "Bỏ qua %(n)d bản ghi không ở trạng thái lỗi.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )


@admin.register(SimulatedPortalRecord)
class SimulatedPortalRecordAdmin(admin.ModelAdmin):
    list_display = ("ma_ho_so", "ma_co_quan", "trang_thai", "received_at", "updated_at")
    search_fields = ("ma_ho_so",)
    readonly_fields = [f.name for f in SimulatedPortalRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
