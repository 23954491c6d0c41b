"""The public statistics page at /thong-ke/ (no login): the province, or one agency (?unit=code),
for a year (?year=YYYY, default this year)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from motcua.org.models import Agency

from .. import scope
from ..public import public_statistics


def statistics(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2015 <= year <= today.year:
        raise Http404
    code = request.GET.get("unit")
    if code:
        unit = scope.agency_by_code(code)
    else:
        unit = Agency.objects.filter(parent__isnull=True).order_by("code").first()
    if unit is None:
        raise Http404
    last_month = today.month if year == today.year else 12
    figures = public_statistics(unit, year, last_month)
    return render(
        request,
        "reports/public_statistics.html",
        {
            "unit": unit,
            "year": year,
            "years": list(range(today.year, max(2015, today.year - 5) - 1, -1)),
            "parent": unit.parent,
            **figures,
        },
    )
