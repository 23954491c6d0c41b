"""The stable codes of every refusal the dossier services raise (one enum, as Saleor's
`CheckoutErrorCode`): clients branch on the code, people read the Vietnamese message.

Raise through the helpers, never a bare `ValidationError(message)`:

- `invalid(field, code, message)`: bad input (the API answers 400 `{code, field, message}`);
- `Refused(message, code=…)` (`transitions.TransitionNotAllowed`): not in this state (409);
- `Denied(message, code=…)` (`transitions.RoleNotAllowed`): not this actor (403).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError


class ErrorCode(StrEnum):
    # who
    ROLE_NOT_ALLOWED = "role_not_allowed"
    NOT_YOUR_AGENCY = "not_your_agency"
    NOT_YOUR_STEP = "not_your_step"
    NOT_YOUR_DOSSIER = "not_your_dossier"
    DESK_ONLY = "desk_only"
    # when
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    STEP_NOT_ACTIVE = "step_not_active"
    STEP_DONE = "step_done"
    STEPS_OPEN = "steps_open"
    # intake
    REQUIRED = "required"
    APPLICANT_NAME = "applicant_name"
    APPLICANT_KIND = "applicant_kind"
    ORGANISATION = "organisation_required"
    INVALID_ID_NUMBER = "invalid_id_number"
    INVALID_TAX_CODE = "invalid_tax_code"
    INVALID_PHONE = "invalid_phone"
    PROCEDURE_NOT_PUBLISHED = "procedure_not_published"
    PROCEDURE_NO_TIME_LIMIT = "procedure_no_time_limit"
    AGENCY_NOT_COMPETENT = "agency_not_competent"
    AGENCY_NOT_SERVED = "agency_not_served"
    BOUNDARY_NOT_OPEN = "boundary_free_not_open"
    BOUNDARY_OTHER_PROVINCE = "boundary_free_other_province"
    COUNTER_OWN_AGENCY = "counter_own_agency"
    RETURN_PLACE = "return_place"
    CHANNEL_NOT_ALLOWED = "channel_not_allowed"
    POSTAL_ITEM_NUMBER = "postal_item_number_required"
    NO_FEE_DUE = "no_fee_due"
    FEE_ALREADY_PAID = "fee_already_paid"
    POSTAL_UNAVAILABLE = "postal_unavailable"
    # sector systems (dossiers.sector)
    SECTOR_NONE = "sector_system_none"
    SECTOR_HANDOFF_OPEN = "sector_handoff_open"
    SECTOR_RECORD_INVALID = "sector_record_invalid"
    MISSING_COMPONENT = "missing_component"
    PAPER_COUNT = "paper_count"
    PAPER_KIND = "paper_kind"
    PAPER_NAME = "paper_name"
    PAPER_OTHER_PROCEDURE = "paper_other_procedure"
    SUPPLEMENT_EMPTY = "supplement_empty"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    # lifecycle
    EXTEND_TOO_LATE = "extend_too_late"
    EXTEND_NOT_LATER = "extend_not_later"
    EXTEND_OUT_OF_BOUNDS = "extend_out_of_bounds"
    AMOUNT_OUT_OF_BOUNDS = "amount_out_of_bounds"
    STEP_OTHER_DOSSIER = "step_other_dossier"
    RETURN_TARGET = "return_target"
    TRANSFER_SAME_AGENCY = "transfer_same_agency"
    TRANSFER_WORK = "transfer_work"
    BUDGET = "budget"
    ASSIGNEE_AGENCY = "assignee_agency"
    FILE_INVALID = "file_invalid"
    FILE_TOO_LARGE = "file_too_large"
    RESULT_NOT_PDF = "result_not_pdf"
    RESULT_MISSING = "result_missing"
    RESULT_NOT_SIGNED = "result_not_signed"
    # online submission (the portal)
    FILE_UNREADABLE = "file_unreadable"
    NOT_YOUR_DOCUMENT = "not_your_document"
    DRAFT_SUBMITTED = "draft_submitted"
    AGENCY_REQUIRED = "agency_required"
    # the population database (assisted submission, a component taken from the registry)
    CITIZEN_NOT_FOUND = "citizen_not_found"
    REGISTRY_MISMATCH = "registry_mismatch"
    REGISTRY_UNAVAILABLE = "registry_unavailable"
    NOT_IN_REGISTRY = "not_in_registry"

    # ratings
    RATING_NOT_RETURNED = "rating_not_returned"
    RATING_CLOSED = "rating_closed"


def invalid(field: str, code: ErrorCode, message: str) -> ValidationError:
    """A refusal of one field's value, with its stable code."""
    return ValidationError({field: [ValidationError(message, code=str(code))]})


def collect(errors: dict[str, list[ValidationError]]) -> ValidationError:
    """Several fields' refusals at once (each a `ValidationError(message, code=…)`)."""
    return ValidationError({name: list(items) for name, items in errors.items()})


def merge(into: dict[str, list[ValidationError]], error: ValidationError) -> None:
    """Add a raised ValidationError's items (with their codes) to `into`, keyed by field."""
    if hasattr(error, "error_dict"):
        for name, items in error.error_dict.items():
            into.setdefault(name, []).extend(items)
    else:
        into.setdefault("non_field_errors", []).extend(error.error_list)


def first_code(error: ValidationError, default: str = "invalid") -> tuple[str, str, str]:
    """(code, field, message) of the first item of a ValidationError: what a client branches on."""
    if hasattr(error, "error_dict"):
        for name, items in error.error_dict.items():
            for item in items:
                return item.code or default, name, " ".join(item.messages)
    for item in getattr(error, "error_list", [error]):
        return item.code or default, "non_field_errors", " ".join(item.messages)
    return default, "non_field_errors", str(error)
