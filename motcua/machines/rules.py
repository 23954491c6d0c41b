"""The one rule for machine clients: which operation a request with a bearer token is, whether the
token carries its scope, and for which agencies the client may do it.

1. The endpoint: a view serves machines only for the operations it names in `machine_scopes` (a
   scope, or per viewset action a scope); a view of django-oauth-toolkit's kind (`required_scopes`
   with `TokenHasScope`) decides its scopes itself. Any other view refuses a token (403
   `machine_not_allowed`): the API's screens for people never serve a machine by accident.
2. The scope: the token must carry the operation's scope (403 `insufficient_scope`).
3. The agency: the client's grants name, per agency, the scopes granted there (and whether its
   sub-units too); `granted_agency_ids` is what the access rules of the dossiers and the reports
   narrow to, `require_agency` what a single agency is checked against (403 `agency_not_granted`).

`identity_of(user)` is the machine behind a request's user: set by the authentication class on the
user object it returns, for that request only, so a person (session, no token) is never a machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from motcua.org.auth import subtree_ids

if TYPE_CHECKING:
    from motcua.org.models import Agency

    from .models import MachineClient

#: The attribute of the request's user (and of the Django request, for the audit) holding the Identity.
ATTRIBUTE = "motcua_machine"


class MachineRefused(PermissionDenied):
    """A machine may not do this (the API answers 403 `{code, field, message}`)."""

    http_status = 403

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass
class Identity:
    """The machine client behind one request: its record, its token, the operation's scope, and
    the agency the request concerned (for the audit row)."""

    client: MachineClient
    token: Any  # oauth2_provider's AccessToken
    scope: str | None = None
    agency_id: int | None = None
    _granted: dict[str, list[int]] = field(default_factory=dict)

    def has_scope(self, scope: str) -> bool:
        return scope in set(self.token.scope.split())

    def note_agency(self, agency_id: int | None) -> None:
        if agency_id is not None:
            self.agency_id = agency_id


def identity_of(user) -> Identity | None:
    """The machine acting as `user` in this request; None for a person (or nobody)."""
    return getattr(user, ATTRIBUTE, None)


def declared_scope(view, method: str = "") -> str | None:
    """The scope of the operation `view` (its current action) performs for a machine; None when it
    serves no machine."""
    declared = getattr(view, "machine_scopes", None)
    if isinstance(declared, dict):
        return declared.get(getattr(view, "action", None) or method.lower())
    return declared


def check_operation(identity: Identity, view, method: str) -> None:
    """Steps 1 and 2 of the module docstring; sets the identity's operation scope."""
    scope = declared_scope(view, method)
    if scope is None:
        if getattr(view, "required_scopes", None):
            return  # django-oauth-toolkit's TokenHasScope decides (the events API)
        raise MachineRefused(_("Ứng dụng kết nối không được dùng chức năng này."), code="machine_not_allowed")
    identity.scope = scope
    if not identity.has_scope(scope):
        raise MachineRefused(
            _("Mã truy cập không có phạm vi %(scope)s cần cho thao tác này.") % {"scope": scope},
            code="insufficient_scope",
        )


def granted_agency_ids(identity: Identity, scope: str | None = None) -> list[int]:
    """The agencies the client may act for in `scope` (by default the request's operation): those
    whose grant names it, with their sub-units when the grant says so. Empty when the token lacks
    the scope."""
    scope = scope or identity.scope
    if scope is None or not identity.has_scope(scope):
        return []
    if scope not in identity._granted:
        ids: list[int] = []
        for grant in identity.client.grants.all():  # prefetched by the authentication
            if scope in grant.scopes:
                ids += subtree_ids(grant.agency_id) if grant.include_subunits else [grant.agency_id]
        identity._granted[scope] = sorted(set(ids))
    return identity._granted[scope]


def require_agency(identity: Identity, agency: Agency, scope: str | None = None) -> None:
    """Step 3 for one agency (an intake's, a report's unit)."""
    identity.note_agency(agency.pk)
    if agency.pk not in granted_agency_ids(identity, scope):
        raise MachineRefused(
            _("Ứng dụng không được cấp quyền %(scope)s cho %(agency)s.")
            % {"scope": scope or identity.scope, "agency": agency.name},
            code="agency_not_granted",
        )


def note_agency(user, agency_id: int | None) -> None:
    """Record, for the audit, the agency a machine's request concerned (nothing for a person)."""
    identity = identity_of(user)
    if identity is not None:
        identity.note_agency(agency_id)
