"""The VNeID login backend: mozilla-django-oidc's code flow (state, nonce, PKCE S256, RS256 signature
against the provider's JWKS), plus what the library leaves out: the ID token's issuer, audience and
expiry are required and checked. The account is the one linked to the person record of the verified
ID number (dossiers.applicants.verified_login: the record changes only from this verified source,
with its ApplicantEvent); a first login creates the account."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from motcua.dossiers import applicants
from motcua.dossiers.models import ApplicantSource

from . import identity

logger = logging.getLogger(__name__)

#: Clock difference tolerated between the provider and us when checking exp/iat.
LEEWAY_SECONDS = 30


class VNeIDBackend(OIDCAuthenticationBackend):
    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token algorithm does not match OIDC_RP_SIGN_ALGO")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.MOTCUA_VNEID_ISSUER,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {type(exc).__name__}") from exc

    def authenticate(self, request, **kwargs):
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:
            # A refused token exchange (PKCE, a used code) or a token that fails a check: no login.
            logger.warning("VNeID login refused: %s", exc)
            return None

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        # OIDC Core §5.3.2: the userinfo's subject must be the ID token's.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("id_number") or claims.get("sub"))

    def filter_users_by_claims(self, claims):
        number = identity.from_claims(claims)["id_number"]
        return get_user_model().objects.filter(applicant_profiles__id_number=number).distinct()

    def create_user(self, claims):
        number = identity.from_claims(claims)["id_number"]
        user = get_user_model().objects.create_user(f"vneid-{number}-{secrets.token_hex(3)}")
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        attributes = identity.from_claims(claims)
        data = {
            "id_number": attributes["id_number"],
            "full_name": attributes["full_name"],
            "address": attributes["address"],
            "phone": attributes["phone"],
        }
        if attributes["email"]:
            data["email"] = attributes["email"]
        if attributes["date_of_birth"]:
            data["date_of_birth"] = dt.date.fromisoformat(attributes["date_of_birth"])
        try:
            applicants.verified_login(user=user, data=data, source=ApplicantSource.E_ID)
        except ValidationError as exc:
            raise SuspiciousOperation(f"verified identity not accepted: {exc.messages}") from exc
        identity.remember(self.request.session, attributes)
        return user
