"""The citizen's tracking pages: "Hồ sơ của tôi", the notification centre, ratings (online, and at
the counter on the desk's tablet) and the desk's touch-screen kiosk. Screens: they parse and render;
the dossier commands (dossiers.ratings, dossiers.notices) check and write."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.throttles import PublicLookupThrottle, check_page
from motcua.dossiers import notices, ratings
from motcua.dossiers.access import visible_dossiers
from motcua.dossiers.codes import normalise
from motcua.dossiers.errors import first_code
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.auth import staff_of
from motcua.org.models import Role

from . import selectors


def _url(name: str, fallback: str, **kwargs) -> str:
    """A page another part of the portal builds: its URL name, or its plain path until it exists."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def _login_redirect(request):
    return HttpResponseRedirect(
        _url("portal:login", "/dang-nhap/") + "?" + urlencode({"next": request.get_full_path()})
    )


def _citizen(view):
    """Citizens' pages: a logged-in account (after VNeID), else the portal's login page."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _login_redirect(request)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _links(dossier: Dossier) -> dict:
    return {
        "supplement": reverse("portal:submission-supplement", kwargs={"code": dossier.code}),
        "payment": reverse("portal:payment", kwargs={"code": dossier.code}),
        "result": reverse("portal:submission-result-download", kwargs={"code": dossier.code}),
        "rate": reverse("portal:rate", kwargs={"code": dossier.code}),
    }


@_citizen
def my_dossiers(request):
    rows = selectors.my_dossiers(request.user, timezone.now(), links_for=_links)
    return render(request, "portal/tracking/my_dossiers.html", {"rows": rows})


@_citizen
@require_http_methods(["GET", "POST"])
def notifications(request):
    if request.method == "POST":
        notices.mark_read(request.user, timezone.now())
        return redirect("portal:notifications")
    items = list(selectors.notices_for(request.user))
    return render(request, "portal/tracking/notifications.html", {"items": items})


def ratings_index(request):
    """What "Đánh giá" in the menu opens: the citizen's returned dossiers to rate, or the way in."""
    rows = []
    if request.user.is_authenticated:
        now = timezone.now()
        rows = [
            {"dossier": d, "rating": getattr(d, "rating", None), "open": ratings.may_rate(d, now)}
            for d in visible_dossiers(request.user)
            .filter(state=State.RETURNED)
            .select_related("procedure_version", "rating")
            .order_by("-returned_at", "-id")[:100]
        ]
    return render(
        request,
        "portal/tracking/ratings.html",
        {
            "rows": rows,
            "login_url": _url("portal:login", "/dang-nhap/") + "?" + urlencode({"next": request.path}),
        },
    )


def _parse(post) -> ratings.RatingInput:
    def level(name):
        try:
            return int(post.get(name, ""))
        except ValueError:
            return 0

    return ratings.RatingInput(
        overall=level("overall"),
        **{name: level(name) for name, _label in ratings.CRITERIA},
        comment=post.get("comment", "")[:2000],
    )


def _rating_form(request, dossier, *, at_counter: bool, officer=None):
    existing = getattr(dossier, "rating", None) if hasattr(dossier, "rating") else None
    error = None
    saved = False
    if request.method == "POST":
        data = _parse(request.POST)
        try:
            existing = ratings.rate(
                dossier=dossier,
                user=request.user,
                data=data,
                now=timezone.now(),
                at_counter=at_counter,
                officer=officer,
            )
            saved = True
        except ValidationError as refusal:
            error = first_code(refusal)[2]
        except PermissionDenied as refusal:
            raise Http404 from refusal
    current = {
        name: getattr(existing, name, None) for name in ("overall", *(n for n, _l in ratings.CRITERIA))
    }
    questions = [("overall", _("Mức độ hài lòng chung"))] + [(n, str(label)) for n, label in ratings.CRITERIA]
    return render(
        request,
        "portal/tracking/rate.html",
        {
            "dossier": dossier,
            "questions": [{"name": n, "label": label, "value": current[n]} for n, label in questions],
            "levels": ratings.Level.choices,
            "comment": getattr(existing, "comment", ""),
            "open": ratings.may_rate(dossier, timezone.now()),
            "rated": existing is not None,
            "saved": saved,
            "error": error,
            "at_counter": at_counter,
        },
        status=400 if error else 200,
    )


@_citizen
@require_http_methods(["GET", "POST"])
def rate(request, code: str):
    dossier = get_object_or_404(
        visible_dossiers(request.user).select_related("procedure_version"), code=normalise(code)
    )
    return _rating_form(request, dossier, at_counter=False)


@require_http_methods(["GET", "POST"])
def rate_at_counter(request, code: str):
    """The desk's tablet: the desk officer opens it for the citizen in front of them."""
    staff = staff_of(request.user)
    if staff is None:
        return redirect(reverse("office:login") + "?" + urlencode({"next": request.get_full_path()}))
    if Role.DESK_OFFICER not in {r.role for r in staff.roles.all()}:
        raise PermissionDenied
    dossier = get_object_or_404(
        visible_dossiers(request.user).select_related("procedure_version"), code=normalise(code)
    )
    return _rating_form(request, dossier, at_counter=True, officer=staff)


def kiosk(request):
    """The touch screen at the desk: look a dossier up by its code, no login, no personal data
    (the last-four-digits details stay on the citizen's own device)."""
    code = normalise(request.GET.get("code", ""))
    if code:
        refused = check_page(request, PublicLookupThrottle)  # the same limit as the public lookup
        if refused is not None:
            return refused
    status = selectors.public_state(code) if code else None
    return render(
        request,
        "portal/tracking/kiosk.html",
        {"code": code, "status": status, "not_found": bool(code) and status is None},
        status=404 if code and status is None else 200,
    )
