"""Who is asking, what they may see, and as whom they act.

Scoping is `selectors.visible_dossiers(user)` (the backend's one rule, shared with the officers'
workspace); actors are officers (users with a `Staff` record) or applicants.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from motcua.org.models import Staff

from .. import selectors
from ..models import Dossier
from ..services import Actor

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
        # Prime the reverse one-to-one (also with "none"): the selectors then reuse this row and
        # its prefetched roles instead of querying again.
        # (get_user_model(), not type(user): under session login request.user is a lazy wrapper.)
        get_user_model().staff.related.set_cached_value(user, staff)
    request._motcua_staff = staff
    return staff


def visible_dossiers(request) -> QuerySet[Dossier]:
    user = request.user
    if user is None or not user.is_authenticated:
        return Dossier.objects.none()
    staff_of(request)  # primes request.user.staff with its roles
    return selectors.visible_dossiers(user)


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
