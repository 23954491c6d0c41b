"""Who gets into the workspace; which dossiers they see is `dossiers.access` (the one rule,
agency subtree × role, shared with the API)."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import access
from motcua.org.auth import staff_of
from motcua.org.models import Staff


def forbidden(request, error: PermissionDenied):
    """The 403 page, with the reason the service or the check gave."""
    message = str(error) or _("Bạn không có quyền thực hiện thao tác này.")
    return render(request, "office/403.html", {"message": message}, status=403)


def staff_required(view):
    """Anonymous → login page; a user who is not an officer → 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        staff = staff_of(request.user)
        if staff is None:
            return forbidden(
                request, PermissionDenied(_("Chỉ cán bộ, công chức được vào không gian làm việc."))
            )
        request.staff = staff
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return forbidden(request, error)

    return wrapper


roles_of = access.roles_of


def visible_dossiers(user) -> QuerySet:
    """Dossiers this officer may see: `dossiers.access.visible_dossiers`."""
    return access.visible_dossiers(user)


def served_agencies(staff: Staff) -> list:
    """The competent agencies this desk officer may pick at intake (`dossiers.access.intake_agencies`:
    their own, those their desk serves, and at a centre the province's under boundary-free intake)."""
    return sorted(access.intake_agencies(staff, timezone.localdate()), key=lambda a: a.name)
