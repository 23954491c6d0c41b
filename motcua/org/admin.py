"""Vietnamese admin for the organisation. Every save goes through motcua.org.services, and every
form validates through the models' clean() (motcua.org.validation): the same rules as the API."""

import datetime

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .auth import administered_agency_ids
from .models import Agency, AgencyLevel, Hotline, ServiceDesk, Staff, StaffRole


class AgencyScopedAdmin(admin.ModelAdmin):
    """An agency's administrator sees and edits only their agency's subtree (the operator, a
    superuser, everything): the list, the change pages and the agency choices of the forms.
    `agency_path` names the field that places a row in the tree."""

    agency_path = "agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = administered_agency_ids(request.user)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.agency_path}__in": ids}).distinct()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = administered_agency_ids(request.user)
        if ids is not None and db_field.related_model is Agency:
            kwargs["queryset"] = Agency.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        ids = administered_agency_ids(request.user)
        if ids is not None and db_field.related_model is Agency:
            kwargs["queryset"] = Agency.objects.filter(pk__in=ids)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# How far to indent each level in the agency list, so the list reads like the tree.
_DEPTH = {
    AgencyLevel.MINISTRY: 0,
    AgencyLevel.PROVINCE: 0,
    AgencyLevel.PROVINCE_OFFICE: 1,
    AgencyLevel.DEPARTMENT: 1,
    AgencyLevel.VERTICAL: 1,
    AgencyLevel.DISTRICT: 1,
    AgencyLevel.COMMUNE: 1,
    AgencyLevel.SUB_UNIT: 2,
    AgencyLevel.OTHER: 2,
}


class ValidOnFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "valid_on"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Đang hiệu lực hôm nay")),
            ("2025-06-30", _("Có hiệu lực ngày 30/06/2025 (trước sắp xếp)")),
            ("ended", _("Đã hết hiệu lực")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        today = selectors.today()
        if value == "today":
            return queryset.valid_on(today)
        if value == "ended":
            return queryset.filter(valid_to__lt=today)
        # Any ISO date typed into the address bar works too (?valid_on=2024-01-01).
        day = parse_date(value) if isinstance(value, str) else None
        if isinstance(day, datetime.date):
            return queryset.valid_on(day)
        return queryset


class AgencyChildInline(admin.TabularInline):
    model = Agency
    fk_name = "parent"
    fields = ["code", "name", "level", "valid_from", "valid_to"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = _("đơn vị trực thuộc")
    verbose_name_plural = _("đơn vị trực thuộc")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    agency_path = "pk"
    list_display = [
        "tree_name",
        "code",
        "short_name",
        "level",
        "parent",
        "valid_from",
        "valid_to",
        "code_verified",
    ]
    list_filter = ["level", ValidOnFilter, "code_verified"]
    # search_text is folded, so "so tu phap" finds "Sở Tư pháp" too.
    search_fields = ["code", "name", "short_name", "search_text"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    ordering = ["code", "valid_from"]
    inlines = [AgencyChildInline]
    # Django 6 will assume https for scheme-less URLs; say so now (and silence the warning).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["code", "code_verified", "name", "short_name", "level", "parent"]}),
        (_("Hiệu lực"), {"fields": ["valid_from", "valid_to"]}),
        (_("Liên hệ"), {"fields": ["address", "phones", "email", "website"]}),
        (_("Ghi chú"), {"fields": ["note"]}),
    ]

    @admin.display(description=_("tên cơ quan"), ordering="name")
    def tree_name(self, obj):
        indent = "— " * _DEPTH.get(obj.level, 0)
        return format_html("{}{}", indent, obj.name)

    def save_model(self, request, obj, form, change):
        services.save_agency(agency=obj)


class HotlineInline(admin.TabularInline):
    model = Hotline
    extra = 1


@admin.register(ServiceDesk)
class ServiceDeskAdmin(AgencyScopedAdmin):
    agency_path = "host_agency"
    list_display = ["name", "kind", "host_agency", "parent", "saturday_morning", "area_m2"]
    list_filter = ["kind", "saturday_morning", "host_agency__level"]
    search_fields = ["name", "address", "host_agency__name", "host_agency__code"]
    list_select_related = ["host_agency", "parent"]
    autocomplete_fields = ["host_agency", "parent"]
    filter_horizontal = ["agencies"]
    inlines = [HotlineInline]

    def save_model(self, request, obj, form, change):
        # The served agencies are saved by save_related (form.save_m2m), after the desk exists.
        services.save_desk(desk=obj)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1


class StaffAdminForm(forms.ModelForm):
    username = forms.CharField(
        label=_("tên đăng nhập mới"),
        required=False,
        help_text=_("Để trống nếu chọn tài khoản có sẵn ở trên."),
    )
    password = forms.CharField(
        label=_("mật khẩu"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Để trống: tài khoản mới không đăng nhập được; tài khoản cũ giữ mật khẩu."),
    )

    class Meta:
        model = Staff
        fields = [
            "user",
            "full_name",
            "agency",
            "unit",
            "desk",
            "position",
            "is_leader",
            "public_phone",
            "show_in_directory",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].required = False

    def clean(self):
        cleaned = super().clean()
        user, username = cleaned.get("user"), cleaned.get("username")
        if not user and not username and not self.instance.user_id:
            self.add_error("user", _("Chọn một tài khoản có sẵn hoặc nhập tên đăng nhập mới."))
        if user and username:
            self.add_error(
                "username", _("Chỉ chọn tài khoản có sẵn hoặc nhập tên đăng nhập mới, không cả hai.")
            )
        if username:
            from django.contrib.auth import get_user_model

            if get_user_model().objects.filter(username=username).exists():
                self.add_error(
                    "username", _("Tên đăng nhập “%(username)s” đã được dùng.") % {"username": username}
                )
        return cleaned


@admin.register(Staff)
class StaffAdmin(AgencyScopedAdmin):
    form = StaffAdminForm
    list_display = [
        "full_name",
        "position",
        "agency",
        "unit",
        "desk",
        "is_leader",
        "public_phone",
        "show_in_directory",
    ]
    list_filter = ["is_leader", "show_in_directory", "roles__role", "agency__level"]
    search_fields = ["full_name", "user__username", "agency__name", "agency__code"]
    list_select_related = ["agency", "unit", "desk", "user"]
    autocomplete_fields = ["agency", "unit", "desk", "user"]
    inlines = [StaffRoleInline]
    fieldsets = [
        (_("Tài khoản"), {"fields": ["user", "username", "password"]}),
        (None, {"fields": ["full_name", "agency", "unit", "desk", "position", "is_leader"]}),
        (_("Danh bạ công khai"), {"fields": ["public_phone", "show_in_directory"]}),
    ]

    def save_model(self, request, obj, form, change):
        services.save_staff(
            staff=obj,
            username=form.cleaned_data.get("username") or None,
            password=form.cleaned_data.get("password") or None,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not StaffRole:
            return super().save_formset(request, form, formset, change)
        # Roles go through the service so that the roles give their admin-site access.
        roles = [
            f.cleaned_data["role"]
            for f in formset.forms
            if f.cleaned_data and f.cleaned_data.get("role") and not f.cleaned_data.get("DELETE")
        ]
        services.set_staff_roles(staff=form.instance, roles=roles)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None
