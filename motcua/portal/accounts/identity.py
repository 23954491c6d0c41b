"""What a VNeID login leaves in the citizen's session: the verified identity's attributes (to prefill
forms) and the mark that the session is e-ID verified (dossiers submitted in it carry
TaiKhoanDuocXacThucVoiVNeID). Read with these functions; only the VNeID backend writes them."""

from __future__ import annotations

SESSION_IDENTITY = "vneid_identity"
SESSION_VERIFIED = "vneid_verified"


def from_claims(claims: dict) -> dict:
    """The attributes the portal keeps, from the provider's userinfo claims (JSON-serialisable)."""
    address = claims.get("address") or {}
    organisation = claims.get("organisation") or {}
    return {
        "id_number": claims.get("id_number") or claims.get("sub", ""),
        "full_name": claims.get("name", ""),
        "date_of_birth": claims.get("birthdate", ""),
        "gender": claims.get("gender", ""),
        "address": address.get("formatted", "") if isinstance(address, dict) else str(address),
        "phone": claims.get("phone_number", ""),
        "email": claims.get("email", ""),
        "level": claims.get("identification_level"),
        "account_type": claims.get("account_type", "citizen"),
        "organisation": organisation.get("name", ""),
        "tax_code": organisation.get("tax_code", ""),
    }


def remember(session, attributes: dict) -> None:
    session[SESSION_IDENTITY] = attributes
    session[SESSION_VERIFIED] = True


def is_eid_verified(request) -> bool:
    return bool(request.user.is_authenticated and request.session.get(SESSION_VERIFIED))


def identity_of(request) -> dict | None:
    """The verified attributes of the logged-in citizen (prefill), or None without a VNeID login."""
    return request.session.get(SESSION_IDENTITY) if is_eid_verified(request) else None


def masked(id_number: str) -> str:
    """Only the last four digits shown (as the public lookup asks for them)."""
    return "•" * max(len(id_number) - 4, 0) + id_number[-4:]
