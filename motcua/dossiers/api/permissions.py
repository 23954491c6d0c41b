"""Who is asking, what they may see, and as whom they act: the API's side of `dossiers.access`
(the one rule, shared with the officers' workspace); actors are officers (users with a `Staff`
record) or applicants; a machine client (`machines.rules`) acts in no role on a dossier: it reads
the dossiers of its agencies and forwards submissions.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.request import Request

from motcua.machines import rules as machine_rules
from motcua.org import auth as org_auth
from motcua.org.models import Staff

from .. import access
from ..audit import Actor
from ..errors import ErrorCode
from ..models import Dossier


class LoginRequired(APIException):
    """401 in the API's error format, whatever the authentication classes (DRF answers 403 for
    NotAuthenticated when the first one names no WWW-Authenticate scheme, as sessions do)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "not_authenticated"
    default_detail = gettext_lazy("Đăng nhập bằng tài khoản công dân để nộp hồ sơ trực tuyến.")
    auth_header = 'Session realm="MotCua"'


def staff_of(request: Request) -> Staff | None:
    """The requesting officer with their roles (loaded with the user: org.auth); None for others."""
    return org_auth.staff_of(request.user)


def visible_dossiers(request: Request) -> QuerySet[Dossier]:
    return access.visible_dossiers(request.user)


def machine_of(request: Request) -> machine_rules.Identity | None:
    """The machine client making this request (a bearer token), or None for a person."""
    return machine_rules.identity_of(request.user)


def actor_for(request: Request, dossier: Dossier | None = None) -> Actor:
    machine = machine_of(request)
    if machine is not None:  # no role: nothing is offered to it, no action passes `transitions`
        return Actor(label=str(machine.client), roles=frozenset(), user=request.user)
    staff = staff_of(request)
    if staff is not None:
        return Actor.officer(staff)
    label = dossier.contact.full_name if dossier is not None else ""
    return Actor.applicant(request.user if request.user.is_authenticated else None, label)


def get_visible(request: Request, code: str, queryset: QuerySet[Dossier] | None = None) -> Dossier:
    """The dossier `code` if the requester may see it: 404 when no such code, 403 when it is someone
    else's (codes are public through the status lookup, so naming the refusal leaks nothing)."""
    dossier, exists = access.visible(request.user, code, queryset)
    if dossier is not None:
        return dossier
    if exists:
        raise PermissionDenied(
            _("Hồ sơ này không thuộc phạm vi của bạn."), code=str(ErrorCode.NOT_YOUR_DOSSIER)
        )
    raise NotFound(_("Không tìm thấy hồ sơ có mã %(code)s.") % {"code": (code or "").strip().upper()})
