import itertools
from datetime import date

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency
from motcua.workcal import DayKind

from . import grid, services
from .models import AgencyCalendar, CalendarDay, OfficeHours


class OfficeHoursFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        by_day: dict[int, list] = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or data.get("opens") is None or data.get("closes") is None:
                continue
            by_day.setdefault(data["weekday"], []).append((data["opens"], data["closes"]))
        for intervals in by_day.values():
            intervals.sort()
            for (_opens, closes), (next_opens, _closes) in itertools.pairwise(intervals):
                if next_opens < closes:
                    raise ValidationError(
                        gettext("Các khoảng giờ làm việc trong cùng một ngày không được chồng nhau.")
                    )


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    formset = OfficeHoursFormSet
    extra = 0


def year_url(agency_id: int | None, year: int) -> str:
    url = reverse("admin:calendars_year", args=[year])
    return f"{url}?agency={agency_id}" if agency_id else url


@admin.register(AgencyCalendar)
class AgencyCalendarAdmin(admin.ModelAdmin):
    list_display = ["agency", "same_day_cutoff", "saturday_session", "year_link"]
    list_select_related = ["agency"]
    search_fields = ["agency__code", "agency__name"]
    raw_id_fields = ["agency"]
    inlines = [OfficeHoursInline]
    readonly_fields = ["year_link"]
    change_list_template = "admin/calendars/agencycalendar/change_list.html"

    @admin.display(description=_("lịch năm"))
    def year_link(self, obj):
        if obj.pk is None:
            return "—"
        year = timezone.localdate().year
        return format_html(
            '<a href="{}">{}</a>',
            year_url(obj.agency_id, year),
            gettext("Xem lịch năm %(year)s") % {"year": year},
        )

    def get_urls(self):
        urls = [
            path("nam/<int:year>/", self.admin_site.admin_view(self.year_view), name="calendars_year"),
        ]
        return urls + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "national_year_url": year_url(None, timezone.localdate().year),
        }
        return super().changelist_view(request, extra_context)

    def year_view(self, request, year: int):
        """An agency's (or the national) calendar for a year: a month grid of holidays, swaps, sessions."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        calendar_agency = None
        agency_id = request.GET.get("agency", "")
        if agency_id:
            if not agency_id.isdigit():
                raise Http404
            calendar_agency = get_object_or_404(Agency, pk=agency_id)
        calendar = services.calendar_for(calendar_agency)
        if not calendar.first_year <= year <= calendar.last_year:
            raise Http404
        months = grid.year_grid(calendar, year)
        counts = grid.count_kinds(months)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Lịch làm việc năm %(year)s") % {"year": year},
            "agency": calendar_agency,
            "year": year,
            "months": months,
            "calendar": calendar,
            "weekday_names": [
                gettext("T2"),
                gettext("T3"),
                gettext("T4"),
                gettext("T5"),
                gettext("T6"),
                gettext("T7"),
                gettext("CN"),
            ],
            "summary": {
                "working": len(calendar.working_days_between(date(year, 1, 1), date(year, 12, 31))),
                "holidays": counts[DayKind.HOLIDAY],
                "swapped": counts[DayKind.SWAPPED],
                "sessions": counts[DayKind.SATURDAY_SESSION],
            },
            "previous_url": year_url(agency_id and int(agency_id), year - 1)
            if year > calendar.first_year
            else None,
            "next_url": year_url(agency_id and int(agency_id), year + 1)
            if year < calendar.last_year
            else None,
        }
        return TemplateResponse(request, "admin/calendars/year.html", context)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "change", "name", "agency", "swapped_with", "source"]
    list_filter = ["change", ("agency", admin.EmptyFieldListFilter)]
    search_fields = ["name", "source", "agency__code", "agency__name"]
    date_hierarchy = "date"
    raw_id_fields = ["agency"]
