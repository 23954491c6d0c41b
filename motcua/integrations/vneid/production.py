"""The VNeID plugin: the provider's endpoints from settings (the OIDC_OP_* settings the client library
reads, themselves derived from MOTCUA_VNEID_ISSUER or given one by one by the environment). The demo
and the tests point these settings at the simulator (/mo-phong/vneid/); production at the real one."""

from __future__ import annotations

from django.conf import settings

from .base import Endpoints, IdentityProvider, register


@register
class VNeIDProvider(IdentityProvider):
    key = "vneid"

    def endpoints(self) -> Endpoints:
        issuer = settings.MOTCUA_VNEID_ISSUER
        return Endpoints(
            issuer=issuer,
            discovery=settings.MOTCUA_VNEID_DISCOVERY_ENDPOINT,
            authorization=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            token=settings.OIDC_OP_TOKEN_ENDPOINT,
            userinfo=settings.OIDC_OP_USER_ENDPOINT,
            jwks=settings.OIDC_OP_JWKS_ENDPOINT,
        )
