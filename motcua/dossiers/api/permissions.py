"""Who is asking, what they may see, and as whom they act.

Officers (users with a `Staff` record) see the dossiers `selectors.visible_dossiers(user)` gives (until
that selector exists: their agency's); citizens see the dossiers they submitted themselves.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from motcua.org.models import Staff

from ..models import Dossier, DossierEvent, DossierStep
from ..services import Actor
from ..states import Action

_UNSET = object()


def staff_of(request) -> Staff | None:
    """The requesting officer with their roles (one query, cached on the request); None for others."""
    cached = getattr(request, "_motcua_staff", _UNSET)
    if cached is not _UNSET:
        return cached
    staff = None
    user = request.user
    if user is not None and user.is_authenticated:
        staff = (
            Staff.objects.select_related("agency", "desk", "user")
            .prefetch_related("roles")
            .filter(user=user)
            .first()
        )
    request._motcua_staff = staff
    return staff


def visible_dossiers(request) -> QuerySet[Dossier]:
    user = request.user
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    staff = staff_of(request)
    if staff is not None:
        try:
            from .. import selectors
        except ImportError:
            selectors = None
        if selectors is not None and hasattr(selectors, "visible_dossiers"):
            return selectors.visible_dossiers(user)
        # Until the selector lands: the agency's own dossiers and those with a step at the agency.
        agencies = [pk for pk in (staff.agency_id, staff.unit_id) if pk]
        at_agency = DossierStep.objects.filter(dossier=OuterRef("pk"), agency_id__in=agencies)
        return Dossier.objects.filter(Q(agency_id=staff.agency_id) | Exists(at_agency))
    submitted = DossierEvent.objects.filter(dossier=OuterRef("pk"), action=Action.SUBMIT, actor=user)
    return Dossier.objects.filter(Exists(submitted))


def actor_for(request, dossier: Dossier | None = None) -> Actor:
    staff = staff_of(request)
    if staff is not None:
        return Actor.officer(staff)
    label = dossier.applicant.full_name if dossier is not None else ""
    return Actor.applicant(request.user if request.user.is_authenticated else None, label)


def roles_of(request) -> set[str]:
    return set(actor_for(request).roles)


def get_visible(request, code: str, queryset: QuerySet[Dossier] | None = None) -> Dossier:
    """The dossier `code` if the requester may see it: 404 when no such code, 403 when it is someone
    else's (codes are public through the status lookup, so naming the refusal leaks nothing)."""
    code = code.strip().upper()
    base = queryset if queryset is not None else Dossier.objects.all()
    dossier = base.filter(code=code, pk__in=visible_dossiers(request).values("pk")).first()
    if dossier is not None:
        return dossier
    if Dossier.objects.filter(code=code).exists():
        raise PermissionDenied(_("Hồ sơ này không thuộc phạm vi của bạn."), code="not_your_dossier")
    raise NotFound(_("Không tìm thấy hồ sơ có mã %(code)s.") % {"code": code})
