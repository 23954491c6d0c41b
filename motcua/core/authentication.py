"""The API's authentication: the session only (no HTTP Basic: a password guess needs the login form,
its CSRF token and the lockout). A request without credentials answers 401 with
`WWW-Authenticate: Session`, so clients can tell "log in" (401) from "not yours" (403)."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import SessionAuthentication as DRFSessionAuthentication


class SessionAuthentication(DRFSessionAuthentication):
    def authenticate_header(self, request):
        return 'Session realm="api"'


class SessionScheme(OpenApiAuthenticationExtension):
    """The schema's description of it: drf-spectacular's cookie scheme."""

    target_class = "motcua.core.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
