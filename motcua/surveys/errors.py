"""The stable codes of every refusal of the surveys and the quiz (one enum): screens and clients
branch on the code, people read the Vietnamese message."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError


class ErrorCode(StrEnum):
    NOT_CONTROL_OFFICE = "not_control_office"
    AGENCY_OUT_OF_SCOPE = "agency_out_of_scope"
    INVALID = "invalid"
    REQUIRED = "required"
    ALREADY_SENT = "already_sent"
    NOT_OPEN = "survey_not_open"
    ALREADY_ANSWERED = "already_answered"
    UNKNOWN_INVITATION = "unknown_invitation"
    QUIZ_NOT_OPEN = "quiz_not_open"
    QUIZ_ONE_ENTRY = "quiz_one_entry"
    QUIZ_LATE = "quiz_late"
    QUIZ_SUBMITTED = "quiz_submitted"
    QUIZ_NOT_VERIFIED = "quiz_not_verified"


class SurveyError(ValidationError):
    """A refusal with its code (and the field it is about, when there is one)."""

    def __init__(self, message: str, *, code: ErrorCode, field: str | None = None):
        super().__init__(message, code=str(code))
        self.error_code, self.field = code, field


class SurveyDenied(PermissionDenied):
    def __init__(self, message: str, *, code: ErrorCode = ErrorCode.NOT_CONTROL_OFFICE):
        super().__init__(message)
        self.error_code = code
