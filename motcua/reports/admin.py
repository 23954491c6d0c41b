"""The reports' admin: the facts edited by hand (an agency's one-stop list, which seed 003's tables
read); each topic registers its own tables in its module."""

from django.contrib import admin

from motcua.org.admin import AgencyScopedAdmin

from .index766 import admin as index766_admin  # noqa: F401
from .table_models import OneStopList


@admin.register(OneStopList)
class OneStopListAdmin(AgencyScopedAdmin):
    list_display = ("agency", "valid_from", "valid_to", "decision")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "agency__code", "decision")
    filter_horizontal = ("procedures",)
    date_hierarchy = "valid_from"
