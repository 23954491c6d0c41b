"""Catalogue admin (Vietnamese). Published, amended and abolished versions are read-only: edit a
procedure by creating a new draft ("Tạo bản nháp sửa đổi") and publishing it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Prefetch
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import eforms, importers, process, process_import, services
from .completeness import MANDATORY_COMPONENTS, any_missing_q, missing_labels, missing_q
from .models import (
    ApplicantType,
    BoundaryFreeOpening,
    Channel,
    FeeItem,
    Level,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessDefinition,
    ProcessStep,
    Requirement,
    Sector,
    VersionState,
)
from .selectors import PUBLIC_STATES, in_force_q


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "ministry"]
    search_fields = ["name", "code", "ministry"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "name", "state", "effective_from", "effective_to", "confidence"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "current_name", "created_at"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionInline]

    def get_queryset(self, request):
        published = ProcedureVersion.objects.filter(in_force_q()).only("procedure_id", "name")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("versions", published, to_attr="published"))
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.versions.exclude(state=VersionState.DRAFT).exists():
            return False  # a procedure that was ever published stays in the catalogue's history
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        refused = queryset.filter(versions__state__in=PUBLIC_STATES).distinct()
        if refused.exists():
            self.message_user(
                request,
                _("Không xóa thủ tục đã từng công bố: %(codes)s.")
                % {"codes": ", ".join(refused.values_list("code", flat=True))},
                messages.ERROR,
            )
        queryset.exclude(pk__in=refused.values("pk")).delete()

    @admin.display(description=gettext_lazy("tên thủ tục (phiên bản đang công bố)"))
    def current_name(self, obj):
        published = getattr(obj, "published", None)
        return published[0].name if published else "—"

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


class LockedInlineMixin:
    """Components of a non-draft version cannot be added, changed or deleted."""

    def _editable(self, obj):
        return obj is None or obj.state == VersionState.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class CaseFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if kept and sum(bool(f.cleaned_data.get("is_default")) for f in kept) != 1:
            raise ValidationError(_("Phải có đúng một trường hợp mặc định."), code="one_default_case")


class CaseInline(LockedInlineMixin, admin.TabularInline):
    """The cases (trường hợp) of a version; components name theirs (save new cases first)."""

    model = ProcedureCase
    formset = CaseFormSet
    extra = 0
    fields = ["order", "name", "is_default"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "name":
            field.widget = forms.Textarea(attrs={"rows": 1, "cols": 60})
        return field


REQUIREMENT_CHANNELS = [
    ("desk", gettext_lazy("Trực tiếp")),
    ("post", gettext_lazy("Dịch vụ bưu chính công ích")),
    ("online", gettext_lazy("Trực tuyến")),
]


class RequirementForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("áp dụng cho kênh"),
        choices=REQUIREMENT_CHANNELS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=gettext_lazy("Không chọn: mọi kênh."),
    )

    class Meta:
        model = Requirement
        fields = [
            "order",
            "case",
            "presentation",
            "name",
            "mandatory",
            "alternative_group",
            "channels",
            "kind",
            "quantity",
            "quantity_text",
            "template",
            "template_url",
            "group",
        ]


class RequirementInline(LockedInlineMixin, admin.TabularInline):
    """Components: their case (empty: every case), hand in or show, mandatory, alternative group, channels."""

    model = Requirement
    form = RequirementForm
    extra = 0
    fields = RequirementForm.Meta.fields

    def get_formset(self, request, obj=None, **kwargs):
        self._version = obj
        return super().get_formset(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._editable(obj):
            return fields
        # read-only (a published version): the channels as words, not the stored codes
        return ["channels_display" if f == "channels" else f for f in fields]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if self._editable(obj) else [*readonly, "channels_display"]

    @admin.display(description=gettext_lazy("áp dụng cho kênh"))
    def channels_display(self, obj):
        return ", ".join(obj.channel_labels()) or _("mọi kênh")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "case":
            version = getattr(self, "_version", None)
            kwargs["queryset"] = (
                ProcedureCase.objects.filter(version=version) if version else ProcedureCase.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("group", "name"):
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return field


class FeeInline(LockedInlineMixin, admin.TabularInline):
    model = FeeItem
    extra = 0
    fields = ["order", "name", "amount_vnd", "text", "description", "collected_at"]


class MissingComponentFilter(admin.SimpleListFilter):
    title = gettext_lazy("thiếu thành phần bắt buộc")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("any", _("Thiếu ít nhất một thành phần")), ("none", _("Đủ thành phần"))] + [
            (key, _("Thiếu: %(c)s") % {"c": label}) for key, label in MANDATORY_COMPONENTS.items()
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "any":
            return queryset.filter(any_missing_q())
        if value == "none":
            return queryset.exclude(any_missing_q())
        if value in MANDATORY_COMPONENTS:
            return queryset.filter(missing_q(value))
        return queryset


class VersionForm(forms.ModelForm):
    """Levels, channels and applicant types as check boxes instead of raw codes / JSON."""

    levels = forms.MultipleChoiceField(
        label=gettext_lazy("cấp thực hiện"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("cách thức thực hiện"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    applicant_types = forms.MultipleChoiceField(
        label=gettext_lazy("loại đối tượng"),
        choices=ApplicantType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ProcedureVersion
        fields = ["name", "levels", "channels", "applicant_types"]  # the admin's fieldsets add the rest

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "levels" in self.fields:
            self.initial["levels"] = self.instance.level_list

    def clean_levels(self):
        return ",".join(self.cleaned_data["levels"])

    def clean_eform_schema(self):
        schema = self.cleaned_data.get("eform_schema")
        if schema:
            eforms.check_schema(schema)
        return schema or None


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp danh mục (.xlsx hoặc .json)"))
    publish = forms.BooleanField(
        label=gettext_lazy("Công bố ngay các phiên bản mới"), required=False, initial=True
    )


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "number",
        "state",
        "sector",
        "effective_from",
        "effective_to",
        "confidence",
        "missing_display",
    ]
    list_filter = ["state", MissingComponentFilter, "confidence", "sector"]
    search_fields = ["procedure__code", "name_folded", "name"]
    list_select_related = ["procedure", "sector"]
    filter_horizontal = ["implementing_agencies", "coordinating_agencies"]
    inlines = [CaseInline, RequirementInline, FeeInline]
    actions = ["publish_drafts", "make_drafts", "abolish_today", "export_excel", "export_json"]
    change_list_template = "catalog/admin/version_change_list.html"
    form = VersionForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["missing_detail", "state", "published_at", "source_link"]
    fieldsets = [
        (
            None,
            {"fields": ["procedure", "number", "state", "effective_from", "effective_to", "published_at"]},
        ),
        (
            gettext_lazy("Thành phần thủ tục"),
            {
                "fields": [
                    "missing_detail",
                    "name",
                    "sector",
                    "levels",
                    "levels_text",
                    "implementing_agencies",
                    "coordinating_agencies",
                    "agency_text",
                    "competent_authority",
                    "issuing_ministry",
                    "steps",
                    "channels",
                    "time_amount",
                    "time_unit",
                    "time_text",
                    "applicant_types",
                    "applicants_text",
                    "result_name",
                    "result_paper",
                    "result_electronic",
                    "legal_basis",
                    "conditions",
                    "requirement_notes",
                    "publication_decision",
                ]
            },
        ),
        (
            gettext_lazy("Nguồn dữ liệu, độ tin cậy"),
            {
                "fields": [
                    "source_link",
                    "source_url",
                    "source_ref",
                    "retrieved_version",
                    "confidence",
                    "flags",
                    "components_origin",
                    "components_confidence",
                ]
            },
        ),
        (
            gettext_lazy("Tờ khai điện tử"),
            {"classes": ["collapse"], "fields": ["eform_schema", "eform_layout"]},
        ),
    ]

    @admin.display(description=gettext_lazy("mã"), ordering="procedure__code")
    def code(self, obj):
        return obj.procedure.code

    @admin.display(description=gettext_lazy("thiếu thành phần bắt buộc"))
    def missing_display(self, obj):
        labels = missing_labels(obj)
        return ", ".join(labels) if labels else "✓"

    @admin.display(description=gettext_lazy("thành phần bắt buộc còn thiếu"))
    def missing_detail(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        labels = missing_labels(obj)
        return ", ".join(labels) if labels else _("Đủ các thành phần bắt buộc.")

    @admin.display(description=gettext_lazy("trang nguồn"))
    def source_link(self, obj):
        if not obj or not obj.source_url:
            return "—"
        return format_html_join(
            "", '<a href="{}" target="_blank" rel="noopener">{}</a>', [(obj.source_url, obj.source_url)]
        )

    # A published version is shown read-only: its coded and JSON fields as words, not codes.
    READONLY_DISPLAY = {
        "levels": "levels_display",
        "channels": "channels_display",
        "applicant_types": "applicant_types_display",
        "legal_basis": "legal_basis_display",
        "flags": "flags_display",
    }

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.state == VersionState.DRAFT:
            return fieldsets
        return [
            (title, {**opts, "fields": [self.READONLY_DISPLAY.get(f, f) for f in opts["fields"]]})
            for title, opts in fieldsets
        ]

    @admin.display(description=gettext_lazy("cấp thực hiện"))
    def levels_display(self, obj):
        return ", ".join(obj.level_labels()) or "—"

    @admin.display(description=gettext_lazy("cách thức thực hiện"))
    def channels_display(self, obj):
        return ", ".join(obj.channel_labels()) or "—"

    @admin.display(description=gettext_lazy("loại đối tượng"))
    def applicant_types_display(self, obj):
        return ", ".join(obj.applicant_type_labels()) or "—"

    @admin.display(description=gettext_lazy("căn cứ pháp lý"))
    def legal_basis_display(self, obj):
        rows = [(x.get("code") or "", x.get("title") or "") for x in obj.legal_basis or []]
        return format_html_join("", "<div><strong>{}</strong> {}</div>", rows) if rows else "—"

    @admin.display(description=gettext_lazy("cảnh báo dữ liệu"))
    def flags_display(self, obj):
        return format_html_join("", "<div>{}</div>", [(f,) for f in obj.flags or []]) or "—"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != VersionState.DRAFT:
            names = [f for _title, opts in self.get_fieldsets(request, obj) for f in opts["fields"]]
            return list(dict.fromkeys([*names, *self.readonly_fields]))
        if obj is not None:
            return [*self.readonly_fields, "procedure", "number"]
        return [*self.readonly_fields, "number", "effective_to"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.state != VersionState.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("requirements", "implementing_agencies")

    def delete_queryset(self, request, queryset):
        refused = queryset.exclude(state=VersionState.DRAFT)
        if refused.exists():
            self.message_user(
                request,
                _("Chỉ xóa được bản nháp; %(n)d phiên bản đã công bố được giữ nguyên.")
                % {"n": refused.count()},
                messages.ERROR,
            )
        queryset.filter(state=VersionState.DRAFT).delete()

    def save_model(self, request, obj, form, change):
        if change:
            stored = ProcedureVersion.objects.get(pk=obj.pk)
            if stored.state != VersionState.DRAFT:
                raise ValidationError(_("Không được sửa phiên bản đã công bố; hãy tạo bản nháp mới."))
        else:
            obj.state = VersionState.DRAFT
            obj.number = (obj.procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.state == VersionState.DRAFT:
            services.ensure_cases(version=form.instance)
        services.refresh_search(form.instance)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "POST" and obj is not None and obj.state != VersionState.DRAFT:
            self.message_user(
                request,
                _("Phiên bản đã công bố không được sửa trực tiếp; hãy tạo bản nháp sửa đổi."),
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        return super().change_view(request, object_id, form_url, extra_context)

    def _run(self, request, queryset, func, done_message):
        done = 0
        for version in queryset:
            try:
                func(version)
                done += 1
            except ValidationError as exc:
                self.message_user(
                    request, f"{version.procedure.code}: {'; '.join(exc.messages)}", messages.ERROR
                )
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Công bố các bản nháp đã chọn"))
    def publish_drafts(self, request, queryset):
        self._run(
            request, queryset, lambda v: services.publish_version(version=v), _("Đã công bố %(n)d phiên bản.")
        )

    @admin.action(description=gettext_lazy("Tạo bản nháp sửa đổi từ phiên bản đã chọn"))
    def make_drafts(self, request, queryset):
        self._run(request, queryset, lambda v: services.new_draft(version=v), _("Đã tạo %(n)d bản nháp."))

    @admin.action(description=gettext_lazy("Bãi bỏ từ hôm nay các phiên bản đang công bố đã chọn"))
    def abolish_today(self, request, queryset):
        today = timezone.localdate()
        self._run(
            request,
            queryset,
            lambda v: services.abolish_version(version=v, effective_to=today),
            _("Đã bãi bỏ %(n)d thủ tục."),
        )

    @admin.action(description=gettext_lazy("Xuất Excel các phiên bản đã chọn"))
    def export_excel(self, request, queryset):
        response = HttpResponse(
            importers.export_excel(queryset.order_by("procedure__code")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="danh-muc-thu-tuc.xlsx"'
        return response

    @admin.action(description=gettext_lazy("Xuất JSON các phiên bản đã chọn"))
    def export_json(self, request, queryset):
        response = HttpResponse(
            importers.export_json(queryset.order_by("procedure__code")), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="danh-muc-thu-tuc.json"'
        return response

    def get_urls(self):
        return [
            path(
                "nhap/", self.admin_site.admin_view(self.import_view), name="catalog_procedureversion_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        report, errors = None, None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = importers.import_file(
                    upload.name, upload.read(), publish=form.cleaned_data["publish"]
                )
                self.message_user(request, str(report), messages.SUCCESS)
            except importers.ImportRejected as exc:
                errors = exc.row_errors
                self.message_user(request, exc.messages[0], messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập danh mục thủ tục từ Excel hoặc JSON"),
            "form": form,
            "report": report,
            "errors": errors,
        }
        return TemplateResponse(request, "catalog/admin/import.html", context)


class StepFormSet(BaseInlineFormSet):
    """Refuse a process whose step budgets don't add up to the procedure's legal time limit."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        budgets = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            budgets.append(
                process.Budget(
                    amount=data["amount"], unit=data["unit"], parallel_group=data.get("parallel_group")
                )
            )
        version = self.instance.version if self.instance.version_id else None
        if version is None:
            return
        if version.state in (VersionState.AMENDED, VersionState.ABOLISHED):
            raise ValidationError(
                _("Không sửa quy trình của phiên bản đã hết hiệu lực (%(state)s).")
                % {"state": version.get_state_display()}
            )
        process.check_budget(budgets, version.time_amount, version.time_unit)


class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    formset = StepFormSet
    extra = 0
    fields = [
        "order",
        "work",
        "responsible",
        "responsible_agency",
        "amount",
        "unit",
        "form",
        "parallel_group",
        "is_interagency",
        "sector_system",
    ]
    raw_id_fields = ["responsible_agency"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "work":
            field.widget = forms.Textarea(attrs={"rows": 2, "cols": 40})
        return field


class ProcessImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Bảng quy trình (.xlsx)"))
    version = forms.ModelChoiceField(
        label=gettext_lazy("Phiên bản thủ tục"),
        queryset=ProcedureVersion.objects.filter(
            state__in=[VersionState.DRAFT, VersionState.PUBLISHED]
        ).select_related("procedure"),
    )
    agency_code = forms.CharField(label=gettext_lazy("Mã định danh cơ quan thực hiện"), max_length=35)
    decision = forms.CharField(label=gettext_lazy("Quyết định phê duyệt quy trình"), required=False)


@admin.register(ProcessDefinition)
class ProcessDefinitionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "version", "agency", "origin", "updated_at"]
    list_filter = ["origin"]
    search_fields = ["version__procedure__code", "version__name", "agency__code", "agency__name"]
    list_select_related = ["version__procedure", "agency"]
    raw_id_fields = ["version", "agency"]
    inlines = [ProcessStepInline]
    change_list_template = "catalog/admin/process_change_list.html"

    def get_urls(self):
        return [
            path(
                "nhap/", self.admin_site.admin_view(self.import_view), name="catalog_processdefinition_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        from motcua.org.models import Agency

        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:index"))
        errors = None
        form = ProcessImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            agency = Agency.objects.filter(code=form.cleaned_data["agency_code"].strip()).first()
            if agency is None:
                form.add_error("agency_code", _("Không có cơ quan mã này."))
            else:
                try:
                    proc = process_import.import_process_excel(
                        form.cleaned_data["file"].read(),
                        version=form.cleaned_data["version"],
                        agency=agency,
                        decision=form.cleaned_data["decision"],
                    )
                    self.message_user(request, _("Đã nhập quy trình %(p)s.") % {"p": proc}, messages.SUCCESS)
                    return HttpResponseRedirect(
                        reverse("admin:catalog_processdefinition_change", args=[proc.pk])
                    )
                except importers.ImportRejected as exc:
                    errors = exc.row_errors
                    self.message_user(request, exc.messages[0], messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Nhập quy trình nội bộ từ bảng Excel"),
            "form": form,
            "errors": errors,
            "report": None,
        }
        return TemplateResponse(request, "catalog/admin/import.html", context)


@admin.register(BoundaryFreeOpening)
class BoundaryFreeOpeningAdmin(admin.ModelAdmin):
    """The province's published list of procedures received regardless of administrative boundary
    (Decree 118/2025 art. 5), one row per procedure and period; loaded in bulk by
    `manage.py load_boundary_free`."""

    list_display = ["procedure", "valid_from", "valid_to", "published_list"]
    list_filter = ["valid_from"]
    search_fields = ["procedure__code", "published_list"]
    autocomplete_fields = ["procedure"]
    date_hierarchy = "valid_from"
