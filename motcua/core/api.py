"""API conventions: every error body is machine-readable, with a stable `code` and Vietnamese messages."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .choices import choice_label
from .outage import api_error_body


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
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        flat = list(_messages(data))
        response.data = {"code": "invalid", "detail": "; ".join(flat), "errors": data}
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        response.data = {"code": codes if isinstance(codes, str) else "error", "detail": str(exc.detail)}
    elif isinstance(exc, Http404):
        response.data = api_error_body("not_found", str(response.data.get("detail", "")))
    elif isinstance(exc, DjangoPermissionDenied):
        response.data = api_error_body("permission_denied", str(response.data.get("detail", "")))
    return response


def _messages(errors):
    """Every message of a (nested) DRF error structure, for the one-line `detail`: a list item's or a
    nested serializer's errors, not their repr."""
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, list | tuple):
        for value in errors:
            yield from _messages(value)
    else:
        yield str(errors)


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


# --- The schema documents the refusals (issue 8: schemathesis counted undocumented status codes) -------

ERROR_SCHEMA = {
    "type": "object",
    "description": "Mọi câu trả lời lỗi của API: mã ổn định, thông điệp tiếng Việt, lỗi theo trường.",
    "properties": {
        "code": {"type": "string"},
        "field": {"type": "string", "nullable": True},
        "message": {"type": "string"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {}},
    },
    "required": ["code", "detail"],
}

_ERROR_STATUSES = {
    "400": "Dữ liệu gửi lên không hợp lệ.",
    "401": "Chưa xác thực.",
    "403": "Không có quyền.",
    "404": "Không tìm thấy.",
    "405": "Phương thức không được hỗ trợ.",
    "406": "Không có định dạng trả lời phù hợp với Accept.",
    "429": "Quá nhiều yêu cầu; thử lại sau Retry-After giây.",
    "503": "Hệ thống tạm thời gián đoạn (cơ sở dữ liệu hoặc Redis); thử lại sau Retry-After giây.",
}
_BODY_STATUSES = {
    "409": "Trạng thái hồ sơ không cho phép thao tác này.",
    "413": "Nội dung gửi lên quá lớn.",
    "415": "Kiểu nội dung không được hỗ trợ.",
}


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation lists the error answers it can give, all in
    the one error body (`Error`), so a client (and schemathesis) knows each status it may meet."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    retry = {"Retry-After": {"schema": {"type": "integer"}, "description": "giây"}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            statuses = dict(_ERROR_STATUSES)
            if method != "get":
                statuses.update(_BODY_STATUSES)
            for status_code, description in statuses.items():
                if status_code in responses:
                    continue
                responses[status_code] = {"description": description, "content": ref}
                if status_code in {"429", "503"}:
                    responses[status_code]["headers"] = retry
    return result
