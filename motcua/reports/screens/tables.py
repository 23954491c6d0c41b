"""The seed's tables on screen (pick appendix, unit, period) and as .xlsx and PDF downloads, at
/bao-cao/bieu-mau/. They parse and render; the table is `reports.tables.build_table`."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from motcua.org.auth import staff_of, subtree_ids
from motcua.org.models import Agency
from motcua.reports import scope
from motcua.reports.table_export import table_html, table_pdf, table_xlsx
from motcua.reports.tables import APPENDICES, REPORTING_LEVELS, table_for_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _params(request) -> dict:
    """The request's choices, with the screen's defaults: the officer's agency, this year so far."""
    today = timezone.localdate()
    staff = staff_of(request.user)
    params = {
        "unit": request.GET.get("unit") or (staff.agency.code if staff is not None else ""),
        "from": request.GET.get("from") or today.replace(month=1, day=1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
        "appendix": request.GET.get("appendix") or "",
    }
    return params


def _units(user) -> list[Agency]:
    allowed = scope.reportable_root_ids(user)
    qs = Agency.objects.filter(level__in=REPORTING_LEVELS)
    if allowed is not None:
        ids = {pk for root in allowed for pk in subtree_ids(root)} if allowed else set()
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("code"))


@login_required
@require_GET
def table_screen(request):
    params = _params(request)
    table = html = None
    errors: dict[str, list[str]] = {}
    status = 200
    try:
        table = table_for_request(request.user, params)
        html = table_html(table)
    except ValidationError as error:
        if request.GET:  # a first visit with nothing to default to (no agency) only shows the form
            errors = error.message_dict
            status = 400
    context = {
        "params": params,
        "appendices": APPENDICES,
        "units": _units(request.user),
        "table": table,
        "table_html": html,
        "errors": errors,
        "query": urlencode({k: v for k, v in params.items() if v}),
    }
    return render(request, "reports/tables.html", context, status=status)


def _filename(table, extension: str) -> str:
    return (
        f"phu-luc-{table.appendix.lower()}-{table.unit.code}-"
        f"{table.period.start:%Y%m%d}-{table.period.end:%Y%m%d}.{extension}"
    )


def _download(request, render_bytes, content_type: str, extension: str, disposition: str):
    try:
        table = table_for_request(request.user, _params(request))
    except ValidationError as error:
        return HttpResponse("; ".join(m for ms in error.message_dict.values() for m in ms), status=400)
    response = HttpResponse(render_bytes(table), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{_filename(table, extension)}"'
    return response


@login_required
@require_GET
def table_xlsx_file(request):
    return _download(request, table_xlsx, XLSX, "xlsx", "attachment")


@login_required
@require_GET
def table_pdf_file(request):
    return _download(request, table_pdf, "application/pdf", "pdf", "inline")
