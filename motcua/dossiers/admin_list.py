"""The admin's dossier list (issue 12): filters (agency, procedure, received date range, overdue,
beside state and channel) and an export of the filtered list as .xlsx (openpyxl) or CSV, always
inside the administrator's agency scope (`org.auth.administered_agency_ids`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import F, Q, QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.org.auth import subtree_ids
from motcua.org.models import Agency

from .states import FINISHED_STATES, State

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
#: At most this many rows in one export (an .xlsx sheet holds 1,048,576).
EXPORT_LIMIT = 1_000_000


class InputsFilter(admin.ListFilter):
    """A list filter of text or date inputs (one per parameter), submitted as one small form."""

    template = "admin/dossiers/inputs_filter.html"
    inputs: tuple[tuple[str, object, str], ...] = ()  # (parameter, label, input type)

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values: dict[str, str] = {}
        for name, _label, _kind in self.inputs:
            if name in params:
                value = params.pop(name)
                value = value[-1] if isinstance(value, list) else value
                if value:
                    self.values[name] = value.strip()

    def has_output(self) -> bool:
        return True

    def expected_parameters(self):
        return [name for name, _label, _kind in self.inputs]

    def choices(self, changelist):
        mine = set(self.expected_parameters())
        yield {
            "inputs": [
                {"name": name, "label": label, "type": kind, "value": self.values.get(name, "")}
                for name, label, kind in self.inputs
            ],
            "hidden": [
                (key, value)
                for key, values in changelist.get_filters_params().items()
                if key not in mine
                for value in (values if isinstance(values, list) else [values])
            ],
            "clear": changelist.get_query_string(remove=list(mine)),
            "active": bool(self.values),
        }


class AgencyFilter(InputsFilter):
    title = _("cơ quan (gồm đơn vị trực thuộc)")
    inputs = (("agency_code", _("Mã định danh cơ quan"), "text"),)

    def queryset(self, request, queryset):
        code = self.values.get("agency_code")
        if not code:
            return queryset
        agency = Agency.objects.filter(code=code).order_by("pk").first()
        if agency is None:
            return queryset.none()
        return queryset.filter(agency_id__in=subtree_ids(agency.pk))


class ProcedureFilter(InputsFilter):
    title = _("thủ tục")
    inputs = (("procedure_code", _("Mã thủ tục (d.dddddd)"), "text"),)

    def queryset(self, request, queryset):
        code = self.values.get("procedure_code")
        return queryset.filter(procedure_version__procedure__code=code) if code else queryset


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise IncorrectLookupParameters(value) from None


class ReceivedFilter(InputsFilter):
    """Received from 00:00 of the first date to 24:00 of the last, Asia/Ho_Chi_Minh."""

    title = _("ngày tiếp nhận")
    inputs = (("received_from", _("Từ ngày"), "date"), ("received_to", _("Đến ngày"), "date"))

    def queryset(self, request, queryset):
        if first := self.values.get("received_from"):
            start = dt.datetime.combine(_day(first), dt.time.min, tzinfo=ZONE)
            queryset = queryset.filter(received_at__gte=start)
        if last := self.values.get("received_to"):
            end = dt.datetime.combine(_day(last) + dt.timedelta(days=1), dt.time.min, tzinfo=ZONE)
            queryset = queryset.filter(received_at__lt=end)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("quá hạn")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return (
            ("open", _("Đang xử lý, đã quá hạn")),
            ("late", _("Đã kết thúc, quá hạn")),
            ("any", _("Quá hạn (cả hai)")),
        )

    def queryset(self, request, queryset):
        open_overdue = Q(finished_at__isnull=True, due_at__lt=timezone.now()) & ~Q(
            state__in=[*FINISHED_STATES, State.RETURNED]
        )
        finished_late = Q(finished_at__isnull=False, finished_at__gt=F("due_at"))
        chosen = {"open": open_overdue, "late": finished_late, "any": open_overdue | finished_late}
        condition = chosen.get(self.value() or "")
        return queryset.filter(condition) if condition is not None else queryset


# --- export ------------------------------------------------------------------------------------


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def export_header() -> list[str]:
    return [
        gettext("Mã hồ sơ"),
        gettext("Mã thủ tục"),
        gettext("Tên thủ tục"),
        gettext("Mã cơ quan"),
        gettext("Cơ quan"),
        gettext("Người nộp"),
        gettext("Kênh"),
        gettext("Trạng thái"),
        gettext("Tiếp nhận lúc"),
        gettext("Hẹn trả"),
        gettext("Kết thúc xử lý"),
    ]


def export_rows(queryset):
    rows = queryset.select_related("procedure_version__procedure", "agency", "applicant").order_by(
        "-submitted_at", "-id"
    )
    for dossier in rows[:EXPORT_LIMIT].iterator(chunk_size=2000):
        yield [
            dossier.code,
            dossier.procedure_version.procedure.code,
            dossier.procedure_version.name,
            dossier.agency.code,
            dossier.agency.name,
            str(dossier.applicant),
            dossier.get_channel_display(),
            dossier.get_state_display(),
            _local(dossier.received_at),
            _local(dossier.due_at),
            _local(dossier.finished_at),
        ]


class _Echo:
    def write(self, value):
        return value


def csv_response(queryset: QuerySet, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel reads UTF-8 CSV with a BOM
        yield writer.writerow(export_header())
        for row in export_rows(queryset):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(queryset: QuerySet, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Hồ sơ"))
    sheet.append(export_header())
    for row in export_rows(queryset):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
