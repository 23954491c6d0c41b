"""API conventions: every error body is machine-readable, with a stable `code` and Vietnamese messages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .choices import choice_label


def exception_handler(exc, context):
    """DRF's handler, plus: Django ValidationErrors raised by services become 400s, and every
    error body is `{"code": ..., "detail": ..., "errors": {field: [messages]}}`.
    A dossier action the state does not allow is a 409 Conflict, one the role does not allow a 403."""
    from motcua.dossiers.transitions import RoleNotAllowed, TransitionNotAllowed

    if isinstance(exc, TransitionNotAllowed):
        return Response(
            {
                "code": "transition_not_allowed",
                "detail": "; ".join(exc.messages),
                "errors": {"non_field_errors": exc.messages},
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, RoleNotAllowed):
        return Response({"code": "role_not_allowed", "detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        # A refusal may carry its own stable code and status (e.g. dossiers.applicants.IdentityRefused).
        return Response(
            {
                "code": getattr(exc, "api_code", "invalid"),
                "detail": "; ".join(m for ms in errors.values() for m in ms),
                "errors": errors,
            },
            status=getattr(exc, "api_status", status.HTTP_400_BAD_REQUEST),
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.Throttled):  # Retry-After is set by DRF's handler
        from .throttles import throttled_message

        response.data = {"code": "throttled", "detail": throttled_message(exc.wait)}
        return response
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        flat = [str(m) for ms in data.values() for m in (ms if isinstance(ms, list) else [ms])]
        response.data = {"code": "invalid", "detail": "; ".join(flat), "errors": data}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {"code": codes if isinstance(codes, str) else "error", "detail": str(exc.detail)}
    return response


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choices value, in the request's language, translated once per value
    (core.choices) rather than looked up through `get_FOO_display` on every row."""

    def __init__(self, choices, **kwargs):
        self.choices_class = choices
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return choice_label(self.choices_class, value)
