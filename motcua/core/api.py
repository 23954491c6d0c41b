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
                # the stable code of each message, in the same order (e.g. "papers": ["missing_component"])
                **(
                    {"error_codes": {n: [e.code or "invalid" for e in f] for n, f in exc.error_dict.items()}}
                    if hasattr(exc, "error_dict")
                    else {}
                ),
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
        flat = list(_messages(data))
        field = next(iter(data), None)
        codes = exc.get_codes()
        response.data = {
            "code": "invalid",
            "field": None if field in (None, "non_field_errors") else field,
            "message": flat[0] if flat else "",
            "detail": "; ".join(flat),
            "errors": data,
            # the stable code of each message, in the shape of `errors` (e.g. an upload's "file_type")
            "error_codes": codes if isinstance(codes, dict) else {"non_field_errors": codes},
        }
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        detail = str(exc.detail)
        code = codes if isinstance(codes, str) else "error"
        response.data = {"code": code, "field": None, "message": detail, "detail": detail}
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
        "error_codes": {
            "type": "object",
            "additionalProperties": {},
            "description": "Mã ổn định của từng lỗi, cùng cấu trúc với `errors`.",
        },
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
