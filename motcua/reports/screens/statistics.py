"""The statistics page (/bao-cao/thong-ke/): a unit the user may report on, a period, a by-selector;
the table, its .xlsx, and the dossiers behind each figure."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.org.models import Agency

from .. import statistics as stats
from ..periods import REPORTING_ZONE, Period, parse_period
from ..scope import ReportRefused, reportable_root_ids, require_unit, unit_by_code

PRESETS = ("day", "month", "quarter", "year")


def _preset(name: str, today: dt.date) -> Period:
    if name == "day":
        return Period(today, today)
    if name == "month":
        return Period.month(today.year, today.month)
    if name == "quarter":
        return Period.quarter(today.year, (today.month - 1) // 3 + 1)
    return Period.year(today.year)


def _units(user):
    allowed = reportable_root_ids(user)
    units = Agency.objects.all() if allowed is None else Agency.objects.filter(pk__in=allowed)
    return list(units.order_by("code")[:2000])


def _request(request):
    """(unit, ids, period, by, errors) from the query string; the first unit and this month by default."""
    params = request.GET
    units = _units(request.user)
    if not units:
        raise ReportRefused(_("Bạn không có quyền xem báo cáo của đơn vị này."))
    today = timezone.now().astimezone(REPORTING_ZONE).date()
    errors = []
    unit = units[0]
    if params.get("unit"):
        unit = unit_by_code(params["unit"])
    ids = require_unit(request.user, unit)
    preset = params.get("preset", "")
    try:
        period = _preset(preset, today) if preset in PRESETS else parse_period(params)
    except ValidationError as error:
        if params.get("from") or params.get("to"):
            errors.extend(m for ms in error.message_dict.values() for m in ms)
        period = _preset("month", today)
    try:
        by = stats.parse_by(params.get("by"))
    except ValidationError as error:
        errors.extend(error.messages)
        by = "unit"
    return units, unit, ids, period, by, errors


def _link(unit, period, by, key, column) -> str:
    query = {
        "unit": unit.code,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "column": column,
    }
    if key is not None:
        query.update(by=by, key=key)
    return "ho-so/?" + urlencode(query)


@login_required
def statistics_page(request):
    try:
        units, unit, ids, period, by, errors = _request(request)
    except ValidationError as error:
        return render(
            request,
            "reports/statistics.html",
            {"errors": error.messages, "units": _units(request.user)},
            status=400,
        )
    rows, total = stats.statistics(ids, period, by)
    columns = list(stats.COLUMNS.items())
    table = [
        {
            "code": row.code,
            "label": row.label,
            "cells": [
                (getattr(row.counts, name), _link(unit, period, by, row.key, name)) for name, _l in columns
            ],
            "rate": row.counts.on_time_rate,
        }
        for row in rows
    ]
    total_cells = [(getattr(total, name), _link(unit, period, by, None, name)) for name, _l in columns]
    query = urlencode(
        {"unit": unit.code, "from": period.start.isoformat(), "to": period.end.isoformat(), "by": by}
    )
    return render(
        request,
        "reports/statistics.html",
        {
            "units": units,
            "unit": unit,
            "period": period,
            "by": by,
            "by_choices": stats.BY_CHOICES.items(),
            "columns": columns,
            "table": table,
            "total_cells": total_cells,
            "total_rate": total.on_time_rate,
            "errors": errors,
            "xlsx_query": query,
        },
    )


@login_required
def statistics_xlsx(request):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _units, unit, ids, period, by, _errors = _request(request)
    rows, total = stats.statistics(ids, period, by)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Thống kê")
    sheet.append([_("Thống kê hồ sơ của %(unit)s, kỳ %(period)s") % {"unit": unit.name, "period": period}])
    sheet["A1"].font = Font(bold=True)
    header = [_("Mã"), str(stats.BY_CHOICES[by]), *map(str, stats.COLUMNS.values()), _("Tỷ lệ đúng hạn (%)")]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)

    def line(code, label, counts):
        rate = counts.on_time_rate
        return [
            code,
            label,
            *(getattr(counts, n) for n in stats.COLUMNS),
            float(rate) if rate is not None else "—",
        ]

    for row in rows:
        sheet.append(line(row.code, row.label, row.counts))
    sheet.append(line("", _("Tổng cộng"), total))
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="thong-ke-{unit.code}-{period.start}-{period.end}.xlsx"'
    )
    return response


@login_required
def statistics_dossiers(request):
    """The dossiers behind one figure, through `dossiers.access.visible_dossiers`."""
    _units, unit, ids, period, _by, _errors = _request(request)
    params = request.GET
    key = params.get("key")
    dossiers = stats.drilldown(
        request.user,
        ids,
        period,
        params.get("column", ""),
        params.get("by") if key is not None else None,
        key,
    )
    return render(
        request,
        "reports/statistics_dossiers.html",
        {
            "unit": unit,
            "period": period,
            "column": stats.COLUMNS.get(params.get("column", ""), ""),
            "dossiers": dossiers.select_related("procedure_version")[:500],
            "count": dossiers.count(),
        },
    )
