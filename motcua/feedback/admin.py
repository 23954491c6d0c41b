"""The legal periods are data the operator keeps (a new rule gets a new row from its effective date).
Feedback items are not in the admin: their personal data is read through access.py's rule only."""

from django.contrib import admin

from .models import PeriodRule


@admin.register(PeriodRule)
class PeriodRuleAdmin(admin.ModelAdmin):
    list_display = ("step", "working_days", "effective_from", "basis")
    list_filter = ("step",)
