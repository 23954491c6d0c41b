"""Read-only admin of the dossiers: every change goes through the services, never the admin.

The one exception, the operator's correction of a person record, is itself a service call
(`applicants.correct_applicant`, with a reason and an audit event)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from motcua.org.auth import administered_agency_ids

from . import admin_list, applicants
from .models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierPaper,
    DossierStep,
    SectorCallback,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaperInline(ReadOnlyInline):
    model = DossierPaper
    readonly_fields = ["name", "kind", "count", "source", "file"]
    fields = tuple(readonly_fields)


class StepInline(ReadOnlyInline):
    model = DossierStep
    readonly_fields = [
        "order",
        "work",
        "agency",
        "unit",
        "role",
        "assignee",
        "state",
        "started_at",
        "due_at",
        "completed_at",
        "outcome",
    ]
    fields = tuple(readonly_fields)


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fk_name = "dossier"
    readonly_fields = ["kind", "file", "created_at", "signed_by", "signed_at", "sha256"]
    fields = tuple(readonly_fields)


class EventInline(ReadOnlyInline):
    model = DossierEvent
    readonly_fields = ["at", "actor_label", "action", "from_state", "to_state", "reason", "data"]
    fields = tuple(readonly_fields)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = ["code", "procedure_version", "agency", "applicant", "channel", "state", "due_at"]
    list_filter = [
        "state",
        "channel",
        admin_list.AgencyFilter,
        admin_list.ProcedureFilter,
        admin_list.ReceivedFilter,
        admin_list.OverdueFilter,
    ]
    search_fields = ["=code", "=applicant__id_number"]
    list_select_related = ["procedure_version", "agency", "applicant"]
    show_full_result_count = False  # no COUNT(*) over a million rows on every page
    date_hierarchy = None
    raw_id_fields = ["procedure_version", "agency", "applicant", "received_by"]
    inlines = [PaperInline, StepInline, DocumentInline, EventInline]

    def get_queryset(self, request):
        """Only the dossiers of the agencies the user administers (a superuser: all)."""
        dossiers = super().get_queryset(request)
        scope = administered_agency_ids(request.user)
        return dossiers if scope is None else dossiers.filter(agency_id__in=scope)

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_view)
        return [path("export/<str:fmt>/", export, name="dossiers_dossier_export"), *super().get_urls()]

    def export_view(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        """The filtered list (the same query string as the list page) as .xlsx or CSV."""
        if fmt not in ("xlsx", "csv"):
            raise Http404
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = self.get_changelist_instance(request).queryset
        name = "ho-so"
        if fmt == "csv":
            return admin_list.csv_response(rows, name)
        return admin_list.xlsx_response(rows, name)


class CorrectionForm(forms.ModelForm):
    """The record's fields plus the reason a correction needs (dossiers.applicants)."""

    reason = forms.CharField(
        label=_("Lý do sửa"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc; ghi vào nhật ký người nộp cùng giá trị trước và sau khi sửa."),
    )

    class Meta:
        model = Applicant
        fields = list(applicants.PERSON_FIELDS)


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    """Read-only but for the operator (a superuser), whose change is a correction with a reason,
    recorded by `applicants.correct_applicant` (never a plain save)."""

    list_display = ["full_name", "kind", "id_number", "tax_code", "phone"]
    search_fields = ["=id_number", "=tax_code"]
    show_full_result_count = False
    form = CorrectionForm
    readonly_fields = ["user", "history"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_fields(self, request, obj=None):
        return [*applicants.PERSON_FIELDS, "user", "reason", "history"]

    @admin.display(description=_("Nhật ký người nộp"))
    def history(self, obj):
        rows = [
            format_html(
                "<li>{} — {} {}: {} <code>{}</code></li>",
                f"{timezone.localtime(e.at):%H:%M %d/%m/%Y}",
                e.get_source_display(),
                e.actor_label,
                e.reason,
                e.changes,
            )
            for e in obj.events.order_by("-at", "-id")[:50]
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((r,) for r in rows)))

    def save_model(self, request, obj, form, change):
        changes = {
            name: form.cleaned_data[name] for name in form.changed_data if name in applicants.PERSON_FIELDS
        }
        applicants.correct_applicant(
            applicant=Applicant.objects.get(pk=obj.pk),
            officer=request.user,
            changes=changes,
            reason=form.cleaned_data["reason"],
            now=timezone.now(),
        )


@admin.register(SectorCallback)
class SectorCallbackAdmin(ReadOnlyAdmin):
    """The sector systems' callbacks, refused ones included (no personal data: codes and outcomes)."""

    list_display = ["received_at", "system", "event", "reference", "outcome"]
    list_filter = ["system", "outcome"]
    search_fields = ["reference"]
