"""The API's bearer-token authentication for machine clients (after the session, which stays the
people's: a request with a session cookie and no token is a person, never a machine).

A valid token of a registered, unrevoked client authenticates as the client's own user, carrying
the `rules.Identity` for this request only; the endpoint and the scope are checked here, before any
view code runs (`rules.check_operation`), the agency by the access rules the views call. A token of
a django-oauth-toolkit application that is not a machine client passes only to views that decide
their scopes themselves (`required_scopes`), as it did before."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from oauth2_provider.contrib.rest_framework import OAuth2Authentication, TokenHasScope
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

from . import rules
from .models import MachineClient


class MachineTokenAuthentication(OAuth2Authentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        token = result[1]
        view = (request.parser_context or {}).get("view")
        try:  # two queries: the client with its user and application, its grants
            client = (
                MachineClient.objects.select_related("user", "application")
                .prefetch_related("grants")
                .get(application_id=token.application_id)
            )
        except MachineClient.DoesNotExist:
            client = None
        if client is None:
            if view is not None and getattr(view, "required_scopes", None):
                return result
            raise AuthenticationFailed(
                _("Mã truy cập không thuộc ứng dụng kết nối nào."), code="invalid_token"
            )
        if not client.is_active:  # its tokens are deleted on revocation; this covers a race with it
            raise AuthenticationFailed(_("Ứng dụng kết nối đã bị thu hồi."), code="invalid_token")
        identity = rules.Identity(client=client, token=token)
        # Read by the audit middleware after the response, whatever the outcome below.
        setattr(request._request, rules.ATTRIBUTE, identity)
        if view is not None:
            try:
                rules.check_operation(identity, view, request.method)
            except rules.MachineRefused as refusal:
                # As DRF's own refusal, so the request is left unauthenticated, not half-way.
                raise PermissionDenied(str(refusal), code=refusal.code) from None
        user = client.user
        setattr(user, rules.ATTRIBUTE, identity)
        return user, token


class MachineTokenScheme(OpenApiAuthenticationExtension):
    """The schema's oauth2 scheme (client credentials at /o/token/) and, per operation, the scope
    it needs; operations that serve no machine do not list it."""

    target_class = "motcua.machines.authentication.MachineTokenAuthentication"
    name = "oauth2"
    priority = 1

    def get_security_requirement(self, auto_schema):
        view = auto_schema.view
        scope = rules.declared_scope(view, auto_schema.method)
        if scope is not None:
            return {self.name: [scope]}
        for permission in view.get_permissions():
            if isinstance(permission, TokenHasScope):
                return {self.name: permission.get_scopes(view.request, view)}
        return None

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": _(
                "Ứng dụng kết nối: khóa ứng dụng (client_id, client_secret) đổi lấy mã truy cập tại "
                "/o/token/ (grant_type=client_credentials); quyền theo từng cơ quan và từng thao tác."
            ),
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/o/token/",
                    "scopes": dict(settings.OAUTH2_PROVIDER["SCOPES"]),
                }
            },
        }
