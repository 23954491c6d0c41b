"""Who opens the control office's survey screens: an officer with a managing role (the commands
check again, with the agencies concerned)."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.throttles import ScopedThrottle
from motcua.org.auth import staff_of

from ..selectors import MANAGING_ROLES


def forbidden(request, error: PermissionDenied):
    message = str(error) or _("Bạn không có quyền thực hiện thao tác này.")
    return render(request, "office/403.html", {"message": message}, status=403)


def manager_required(view):
    """Anonymous → the officers' login; an officer without a managing role → 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        staff = staff_of(request.user)
        if staff is None or not {r.role for r in staff.roles.all()} & MANAGING_ROLES:
            return forbidden(
                request, PermissionDenied(_("Chỉ cán bộ kiểm soát thủ tục hành chính quản lý khảo sát."))
            )
        request.staff = staff
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return forbidden(request, error)

    return wrapper


class SurveyLinkThrottle(ScopedThrottle):
    """Survey links opened per address: a token cannot be found by trying."""

    scope = "survey_link"


class KioskCodeThrottle(ScopedThrottle):
    """Kiosk codes typed per address (a desk's kiosk is one address: the rate allows a queue)."""

    scope = "survey_kiosk"
