"""Refusals every app may raise, which the API renders without knowing the app (core imports no
domain app): a state that does not allow the act is a 409, a role that does not allow it a 403.
An app subclasses them and names its stable code in `error_code`."""

from django.core.exceptions import PermissionDenied, ValidationError


class Conflict(ValidationError):
    """The object's current state does not allow the act (HTTP 409)."""

    error_code = "conflict"


class NotPermitted(PermissionDenied):
    """The actor may not do this (HTTP 403)."""

    error_code = "not_permitted"
