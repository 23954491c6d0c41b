"""Read-only admin of the dossiers: every change goes through the services, never the admin."""

from django.contrib import admin

from .models import Applicant, Dossier, DossierDocument, DossierEvent, DossierPaper, DossierStep


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
    fields = ["name", "kind", "count", "source", "file"]
    readonly_fields = fields


class StepInline(ReadOnlyInline):
    model = DossierStep
    fields = [
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
    readonly_fields = fields


class DocumentInline(ReadOnlyInline):
    model = DossierDocument
    fk_name = "dossier"
    fields = ["kind", "file", "created_at", "signed_by", "signed_at", "sha256"]
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = DossierEvent
    fields = ["at", "actor_label", "action", "from_state", "to_state", "reason", "data"]
    readonly_fields = fields


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
    list_filter = ["state", "channel"]
    search_fields = ["=code", "=applicant__id_number"]
    list_select_related = ["procedure_version", "agency", "applicant"]
    show_full_result_count = False  # no COUNT(*) over a million rows on every page
    date_hierarchy = None
    raw_id_fields = ["procedure_version", "agency", "applicant", "received_by"]
    inlines = [PaperInline, StepInline, DocumentInline, EventInline]


@admin.register(Applicant)
class ApplicantAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "kind", "id_number", "tax_code", "phone"]
    search_fields = ["=id_number", "=tax_code"]
    show_full_result_count = False
