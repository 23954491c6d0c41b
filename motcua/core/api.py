"""API conventions: every error body is machine-readable, with a stable `code` and Vietnamese messages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .choices import choice_label


def _first(error: DjangoValidationError) -> tuple[str, str, str]:
    """(code, field, message) of a Django ValidationError's first item."""
    if hasattr(error, "error_dict"):
        for name, items in error.error_dict.items():
            for item in items:
                return item.code or "invalid", name, " ".join(item.messages)
    for item in error.error_list:
        return item.code or "invalid", "non_field_errors", " ".join(item.messages)
    return "invalid", "non_field_errors", ""


def exception_handler(exc, context):
    """DRF's handler, plus: Django ValidationErrors raised by services become 400s, and every
    error body is `{"code", "field", "message", "detail", "errors": {field: [messages]}}`, the code
    the service's stable one (its app's error enum) when it gave one.
    An exception carrying `http_status` (a dossier action the state does not allow: 409, one the
    role or agency does not allow: 403) answers with that status; core names no domain app."""
    status_code = getattr(exc, "http_status", None)
    if isinstance(exc, DjangoPermissionDenied) and status_code:
        code = getattr(exc, "code", "") or "permission_denied"
        message = str(exc)
        return Response(
            {"code": code, "field": None, "message": message, "detail": message}, status=status_code
        )
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        code, field, message = _first(exc)
        code = getattr(exc, "api_code", None) or code
        return Response(
            {
                "code": code,
                "field": None if field == "non_field_errors" else field,
                "message": message,
                "detail": "; ".join(m for ms in errors.values() for m in ms),
                "errors": errors,
            },
            # A refusal may carry its own status (`http_status`, or `api_status` as
            # dossiers.applicants.IdentityRefused does) and code (its items' or `api_code`).
            status=status_code or getattr(exc, "api_status", status.HTTP_400_BAD_REQUEST),
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
        field = next(iter(data), None)
        response.data = {
            "code": "invalid",
            "field": None if field in (None, "non_field_errors") else field,
            "message": flat[0] if flat else "",
            "detail": "; ".join(flat),
            "errors": data,
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        detail = str(exc.detail)
        code = codes if isinstance(codes, str) else "error"
        response.data = {"code": code, "field": None, "message": detail, "detail": detail}
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
