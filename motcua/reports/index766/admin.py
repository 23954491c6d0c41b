"""The index's methodology in the admin: read, and the file is the source (`manage.py load_index766`)."""

from django.contrib import admin

from .models import IndexIndicator, IndexMethodology


class IndicatorInline(admin.TabularInline):
    model = IndexIndicator
    extra = 0
    fields = ["code", "group", "name", "points", "threshold", "levels", "rule"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IndexMethodology)
class IndexMethodologyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "effective_from"]
    readonly_fields = ["code", "name", "effective_from", "groups"]
    inlines = [IndicatorInline]

    def has_add_permission(self, request):
        return False
