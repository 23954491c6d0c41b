"""The reports' facts edited by hand: an agency's one-stop list (seed 003's tables read it)."""

from django.contrib import admin

from motcua.org.admin import AgencyScopedAdmin

from .table_models import OneStopList


@admin.register(OneStopList)
class OneStopListAdmin(AgencyScopedAdmin):
    list_display = ("agency", "valid_from", "valid_to", "decision")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "agency__code", "decision")
    filter_horizontal = ("procedures",)
    date_hierarchy = "valid_from"
