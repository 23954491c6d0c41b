"""The machine clients in the Vietnamese admin: register (the secret is shown once, in the message
after saving), change the grants per agency, rotate the secret, revoke; the audit of their requests,
read-only. Registration, rotation and revocation go through services.py."""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import scopes, services
from .models import MachineClient, MachineGrant, MachineRequest


class GrantForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("thao tác được phép"),
        choices=[(s, s) for s in scopes.ALL],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MachineGrant
        fields = ["agency", "scopes", "include_subunits"]


class GrantInline(admin.TabularInline):
    model = MachineGrant
    form = GrantForm
    extra = 1
    autocomplete_fields = ["agency"]


class RegisterForm(forms.ModelForm):
    name = forms.CharField(label=_("tên ứng dụng"), max_length=255)

    class Meta:
        model = MachineClient
        fields = ["note"]


@admin.register(MachineClient)
class MachineClientAdmin(admin.ModelAdmin):
    list_display = ["__str__", "client_id", "active", "registered_by", "registered_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["application__name", "application__client_id", "note"]
    list_select_related = ["application", "registered_by"]
    inlines = [GrantInline]
    actions = ["rotate_secret", "revoke"]
    readonly_fields = [
        "client_id",
        "user",
        "registered_by",
        "registered_at",
        "secret_rotated_at",
        "revoked_at",
        "revoked_by",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = RegisterForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "note"]
        return ["client_id", "note", *self.readonly_fields[1:]]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    @admin.display(description=_("mã ứng dụng (client_id)"))
    def client_id(self, obj):
        return obj.application.client_id

    @admin.display(description=_("đang hoạt động"), boolean=True)
    def active(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["note"])
            return
        credentials = services.register_client(
            name=form.cleaned_data["name"],
            grants=[],
            registered_by=request.user,
            now=timezone.now(),
            note=form.cleaned_data.get("note", ""),
        )
        # The inlines' grants attach to the client the service created.
        created = credentials.client
        for name in ("pk", "application_id", "user_id", "registered_by_id", "registered_at"):
            setattr(obj, name, getattr(created, name))
        obj._state.adding = False
        self._show_secret(request, credentials)

    def _show_secret(self, request, credentials):
        messages.warning(
            request,
            _(
                "Khóa bí mật của %(name)s — chỉ hiển thị một lần, hãy chuyển ngay cho đối tác qua kênh an "
                "toàn: client_id = %(id)s ; client_secret = %(secret)s"
            )
            % {"name": credentials.client, "id": credentials.client_id, "secret": credentials.client_secret},
        )

    @admin.action(description=_("Đổi khóa bí mật (thu hồi các mã truy cập đang dùng)"))
    def rotate_secret(self, request, queryset):
        for client in queryset.select_related("application"):
            if not client.is_active:
                self.message_user(request, _("%(name)s đã bị thu hồi.") % {"name": client}, messages.ERROR)
                continue
            self._show_secret(request, services.rotate_secret(client=client, now=timezone.now()))

    @admin.action(description=_("Thu hồi ứng dụng (mã truy cập hết hiệu lực ngay)"))
    def revoke(self, request, queryset):
        count = 0
        for client in queryset:
            services.revoke_client(client=client, revoked_by=request.user, now=timezone.now())
            count += 1
        self.message_user(
            request,
            ngettext("Đã thu hồi %(n)d ứng dụng.", "Đã thu hồi %(n)d ứng dụng.", count) % {"n": count},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: its audit stays


@admin.register(MachineRequest)
class MachineRequestAdmin(admin.ModelAdmin):
    list_display = ["at", "client", "method", "path", "status", "agency", "token_id"]
    list_filter = ["status", "method", "client"]
    search_fields = ["path"]
    date_hierarchy = "at"
    list_select_related = ["client__application", "agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
