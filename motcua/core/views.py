import sys

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from . import outage


def home(request):
    return render(request, "core/home.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request, exception=None):
    """handler404: unknown API paths answer the API's error format, not an HTML page."""
    if outage.is_api(request):
        return JsonResponse(
            outage.api_error_body("not_found", _("Không tìm thấy địa chỉ này trong API.")), status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: an exception no view handled. An outage of the database or Redis (raised outside a
    view too, e.g. when a middleware saves the session) is a 503; anything else a 500, in the API's
    format on /api/."""
    exc = sys.exc_info()[1]
    if outage.is_outage(exc):
        return outage.unavailable_response(request, exc)
    if outage.is_api(request):
        return JsonResponse(
            outage.api_error_body("server_error", _("Lỗi hệ thống. Sự cố đã được ghi lại.")), status=500
        )
    return defaults.server_error(request)
