"""django-oauth-toolkit's extension points for machine clients (named in OAUTH2_PROVIDER):

- the server: oauthlib's BackendApplicationServer, whose token endpoint knows only the client
  credentials grant (a password or authorization-code request answers `unsupported_grant_type`);
- the validator: a revoked client does not authenticate (`invalid_client`), even with its secret;
- the scopes: a client may ask only for the scopes some grant of its gives it (`invalid_scope`
  otherwise), and gets all of them when it names none.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import SettingsScopes


def machine_client_of(application):
    if application is None:
        return None
    try:
        return application.machine_client
    except ObjectDoesNotExist:
        return None


class MachineValidator(OAuth2Validator):
    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        client = machine_client_of(request.client)
        return client is None or client.is_active


class MachineScopes(SettingsScopes):
    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        client = machine_client_of(application)
        if client is None:
            return super().get_available_scopes(application, request, *args, **kwargs)
        known = set(super().get_available_scopes(application, request, *args, **kwargs))
        granted = {scope for grant in client.grants.all() for scope in grant.scopes}
        return sorted(granted & known)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        if machine_client_of(application) is None:
            return super().get_default_scopes(application, request, *args, **kwargs)
        return self.get_available_scopes(application, request, *args, **kwargs)
