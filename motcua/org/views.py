"""Public pages of the organisation: the directory of one-stop desks (seed 004, task II.5)."""

from django.http import Http404
from django.shortcuts import render

from motcua.calendars.services import saturday_sessions

from . import selectors
from .models import DeskKind


def _with_saturday(desks):
    """Each desk's `saturday_session`: whether its host agency's calendar holds a Saturday morning
    session (the calendar decides, not a separate flag that could say otherwise)."""
    sessions = saturday_sessions({d.host_agency_id for d in desks})
    for desk in desks:
        desk.saturday_session = sessions[desk.host_agency_id]
    return desks


def desks(request):
    kind = request.GET.get("kind", "")
    if kind not in DeskKind.values:
        kind = ""
    agency_code = request.GET.get("agency", "").strip()
    query = request.GET.get("q", "").strip()
    desk_list = _with_saturday(
        selectors.desks(kind=kind or None, agency_code=agency_code or None, search=query or None)
    )
    return render(
        request,
        "org/desks.html",
        {
            "desks": desk_list,
            "kinds": DeskKind.choices,
            "kind": kind,
            "agencies": selectors.desk_host_agencies(),
            "agency_code": agency_code,
            "q": query,
            "filtered": bool(kind or agency_code or query),
        },
    )


def desk_detail(request, pk: int):
    desk = selectors.desk_detail(pk)
    if desk is None:
        raise Http404
    _with_saturday([desk])
    return render(request, "org/desk_detail.html", {"desk": desk})
