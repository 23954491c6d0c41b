"""Intake: the one command every screen (the office, the API, later the portal) calls to create a
dossier, with its checks in one place, in the order docs/intake-seam.md agrees:

1. the applicant (identity rules); 2. the channel (a desk never submits online; post needs the
item number); 3. the components (`catalog.intake.check_components` once it lands, until then
`_check_components` here); 4. the e-form; 5. the uploads (`core.uploads.check_upload` once it
lands). Field errors are collected with stable codes (`errors.ErrorCode`).

Duplicate submission is handled here too, once: a retry with the same (caller-scoped)
idempotency key and the same content returns the first dossier, marked `replayed`; the same key
with another content is refused (`IdempotencyConflict`, 422); two attempts racing each other meet
on the key's unique index and the loser returns the winner's dossier.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.calendars.services import calendar_for, working_due
from motcua.catalog import eforms
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import ProcedureVersion, TimeUnit, VersionState
from motcua.core import law
from motcua.core.identity import validate_personal_id, validate_tax_code
from motcua.org.models import Agency, Role, Staff
from motcua.workcal import Unit, WorkcalError

from . import access, applicants, audit, transitions
from .codes import next_dossier_code
from .errors import ErrorCode, collect, invalid, merge
from .models import Applicant, ApplicantKind, Dossier, DossierPaper, PaperSource, ResultChannel, ReturnPlace
from .states import Action, Channel, State

try:  # the catalogue's component rules (issue 10, helper "catrules"); until they land, ours below
    from motcua.catalog.intake import check_components as _catalog_check_components
except ImportError:  # pragma: no cover - depends on the merge order
    _catalog_check_components = None  # type: ignore[assignment]  # an optional import's fallback
try:  # the one upload check (issue 8, helper "abuse")
    from motcua.core.uploads import check_upload as _core_check_upload
except ImportError:  # pragma: no cover - depends on the merge order
    _core_check_upload = None  # type: ignore[assignment]  # an optional import's fallback


@dataclass
class ApplicantData:
    kind: str
    full_name: str
    id_number: str = ""
    date_of_birth: date | None = None
    organisation: str = ""
    tax_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""


PHONE = re.compile(r"^\+?[0-9][0-9 .-]{7,18}[0-9]$")

#: The paper kinds (national `LoaiBan`: 0 original, 1 copy, 2 electronic).
PAPER_KINDS = ("original", "copy", "electronic")


@dataclass
class PaperData:
    name: str
    kind: str
    count: int = 1
    source: str = PaperSource.PAPER
    requirement_id: int | None = None
    file: object | None = None
    shown_only: bool = False  # shown at the desk: recorded as seen, no file, not handed in
    stored_document_id: int | None = None  # the applicant's electronic store's document (store.py)
    from_store: bool = False  # taken again from the store (once-only), not brought for this dossier


@dataclass
class Intake:
    """What an intake (at the desk, by post or online) hands over."""

    version: ProcedureVersion
    agency: Agency
    applicant: ApplicantData
    case_id: int | None = None  # None: the version's default case
    papers: Sequence[PaperData] = field(default_factory=list)
    channel: int | None = None  # None: the screen's own (desk for an officer, online for a citizen)
    postal_item_number: str = ""
    eform_data: dict | None = None
    # Received at a centre for another agency (Decree 118/2025): where the citizen asked for the
    # result, and whether the paper originals must follow the digitised papers.
    return_place: str = ""
    originals_to_send: bool = False
    # How the applicant receives the result (at the desk, by post, electronically).
    return_channel: int = ResultChannel.DESK

    def fingerprint(self) -> tuple:
        """What makes two submissions "the same content" for the idempotency check."""
        a = self.applicant
        return (
            self.version.procedure_id,
            self.agency.pk,
            int(self.channel or 0),
            self.postal_item_number.strip(),
            a.kind,
            a.id_number,
            a.tax_code,
            a.full_name.strip(),
            tuple(sorted((p.requirement_id or 0, p.kind, p.count) for p in self.papers)),
        )


def fingerprint_of(dossier: Dossier) -> tuple:
    """`Intake.fingerprint` of a stored dossier (its intake papers, not those a supplement brought)."""
    a = dossier.contact  # what the request gave (issue 8)
    papers = DossierPaper.objects.filter(dossier=dossier, supplement_number__isnull=True)
    return (
        dossier.procedure_version.procedure_id,
        dossier.agency_id,
        dossier.channel,
        dossier.postal_item_number,
        a.kind,
        a.id_number,
        a.tax_code,
        a.full_name.strip(),
        tuple(sorted((p.requirement_id or 0, p.kind, p.count) for p in papers)),
    )


class IdempotencyConflict(ValidationError):
    """The idempotency key was used for a dossier with another content (the API answers 422)."""

    http_status = 422

    def __init__(self):
        super().__init__(
            {
                "Idempotency-Key": [
                    ValidationError(
                        _("Khóa Idempotency-Key này đã được dùng cho một hồ sơ có nội dung khác."),
                        code=str(ErrorCode.IDEMPOTENCY_KEY_REUSED),
                    )
                ]
            }
        )


# ---------------------------------------------------------------------------------------------
# The checks, each in one place


def check_applicant(data: ApplicantData) -> ApplicantData:
    errors: dict[str, list[ValidationError]] = {}

    def add(name, code, message):
        errors.setdefault(name, []).append(ValidationError(message, code=str(code)))

    if not data.full_name.strip():
        add("full_name", ErrorCode.APPLICANT_NAME, _("Nhập họ và tên người nộp hồ sơ."))
    data.phone = (data.phone or "").strip()
    if data.phone and not PHONE.match(data.phone):
        add("phone", ErrorCode.INVALID_PHONE, _("Số điện thoại không hợp lệ."))
    if data.kind == ApplicantKind.CITIZEN or data.id_number:
        try:
            data.id_number = validate_personal_id(data.id_number, date_of_birth=data.date_of_birth)
        except ValidationError as error:
            for message in error.messages:
                add("id_number", ErrorCode.INVALID_ID_NUMBER, message)
    if data.kind not in ApplicantKind.values:
        add("kind", ErrorCode.APPLICANT_KIND, _("Loại đối tượng không hợp lệ."))
    elif data.kind != ApplicantKind.CITIZEN:
        if not data.organisation.strip():
            add("organisation", ErrorCode.ORGANISATION, _("Nhập tên tổ chức, hộ kinh doanh."))
        if data.kind == ApplicantKind.ENTERPRISE or data.tax_code:
            try:
                data.tax_code = validate_tax_code(data.tax_code)
            except ValidationError as error:
                for message in error.messages:
                    add("tax_code", ErrorCode.INVALID_TAX_CODE, message)
    if errors:
        raise collect(errors)
    return data


def check_channel(intake: Intake, *, online: bool) -> None:
    """A desk never submits online, an online submission is online; post needs the item number."""
    channel = int(intake.channel or (Channel.ONLINE if online else Channel.DESK))
    if online and channel != Channel.ONLINE:
        raise invalid(
            "channel",
            ErrorCode.CHANNEL_NOT_ALLOWED,
            _("Hồ sơ nộp qua API của công dân là hồ sơ trực tuyến (2)."),
        )
    if not online and channel == Channel.ONLINE:
        raise invalid(
            "channel",
            ErrorCode.CHANNEL_NOT_ALLOWED,
            _("Cán bộ tiếp nhận hồ sơ trực tiếp (1) hoặc qua bưu chính (3)."),
        )
    if channel == Channel.POST and not intake.postal_item_number.strip():
        raise invalid(
            "postal_item_number",
            ErrorCode.POSTAL_ITEM_NUMBER,
            _("Nhập số hiệu bưu gửi của hồ sơ nhận qua bưu chính."),
        )
    intake.channel = channel


def check_procedure(intake: Intake) -> None:
    version = intake.version
    if version.state != VersionState.PUBLISHED:
        raise invalid(
            "procedure",
            ErrorCode.PROCEDURE_NOT_PUBLISHED,
            _("Thủ tục “%(name)s” chưa được công bố hoặc đã hết hiệu lực.") % {"name": version.name},
        )
    if not catalog_selectors.implemented_by(version, intake.agency):
        raise invalid(
            "agency",
            ErrorCode.AGENCY_NOT_COMPETENT,
            _("%(agency)s không có thẩm quyền giải quyết thủ tục “%(name)s”.")
            % {"agency": intake.agency.name, "name": version.name},
        )


def _check_components(intake: Intake) -> None:
    """Every mandatory component handed over, counts from 1. Replaced by the catalogue's
    `check_components` (which knows cases, alternatives and channels) once it lands."""
    if _catalog_check_components is not None:
        case = _catalog_check_components(
            intake.version, case_id=intake.case_id, channel=intake.channel, papers=intake.papers
        )
        intake.case_id = case.pk if case is not None else None
        return
    errors: dict[str, list[ValidationError]] = {}
    given = {p.requirement_id for p in intake.papers if p.requirement_id and not p.shown_only}
    for r in intake.version.requirements.all():
        if r.mandatory and r.pk not in given:
            errors.setdefault("papers", []).append(
                ValidationError(
                    _("Thiếu giấy tờ bắt buộc: %(name)s.") % {"name": r.name},
                    code=str(ErrorCode.MISSING_COMPONENT),
                )
            )
    for paper in intake.papers:
        if paper.count < 1:
            errors.setdefault("papers", []).append(
                ValidationError(
                    _("Số lượng “%(name)s” phải từ 1 trở lên.") % {"name": paper.name},
                    code=str(ErrorCode.PAPER_COUNT),
                )
            )
    if errors:
        raise collect(errors)


def check_upload(file: object) -> None:
    """One upload's check (size, structure, antivirus): `core.uploads.check_upload` once it lands;
    until then the screens' own checks stand."""
    if _core_check_upload is not None and file:
        _core_check_upload(file)


def _check_paper_files(intake: Intake) -> None:
    for paper in intake.papers:
        check_upload(paper.file)


def check_officer_serves(
    staff: Staff, agency: Agency, version: ProcedureVersion, on: date
) -> access.IntakeRoute:
    """Whether `staff` may receive for `agency` (`access.intake_route`: own desk, counter, or a
    centre's boundary-free intake on day `on`)."""
    return access.intake_route(staff, agency, version, on)


def check_return_place(intake: Intake, route: access.IntakeRoute) -> None:
    """A place to return the result is asked only of a dossier received for another agency."""
    if intake.return_place and intake.return_place not in ReturnPlace.values:
        raise invalid("return_place", ErrorCode.RETURN_PLACE, _("Nơi nhận kết quả không hợp lệ."))
    if not route.boundary_free:
        intake.return_place, intake.originals_to_send = "", False
    elif not intake.return_place:
        intake.return_place = ReturnPlace.RECEIVING_CENTRE


def _check_eform(intake: Intake) -> None:
    """The e-form's errors keyed under `eform_data` (`eform_data.child.birth_date`), as clients cite them."""
    try:
        eforms.validate(intake.version, intake.eform_data)
    except ValidationError as error:
        raise ValidationError(
            {
                (name if name == "eform_data" else f"eform_data.{name}"): items
                for name, items in error.error_dict.items()
            }
        ) from error


def validate(intake: Intake, *, online: bool) -> None:
    """Every check of an intake, each field's errors collected (with their codes)."""
    errors: dict[str, list[ValidationError]] = {}
    for check in (
        lambda: check_applicant(intake.applicant),
        lambda: check_channel(intake, online=online),
        lambda: check_procedure(intake),
        lambda: _check_components(intake),
        lambda: _check_eform(intake),
        lambda: _check_paper_files(intake),
    ):
        try:
            check()
        except ValidationError as error:
            merge(errors, error)
    if errors:
        raise collect(errors)


def promised_time(*, version: ProcedureVersion, agency: Agency, received_at: datetime) -> datetime:
    """The legal return time of a dossier received at `received_at` (before any pause)."""
    if version.time_unit == TimeUnit.SAME_DAY:
        return calendar_for(agency).due(received_at, 0, Unit.SAME_DAY)
    if version.time_amount is None or not version.time_unit:
        raise invalid(
            "procedure",
            ErrorCode.PROCEDURE_NO_TIME_LIMIT,
            _("Thủ tục “%(name)s” chưa có thời hạn giải quyết trong danh mục.") % {"name": version.name},
        )
    try:  # half days (0,5 ngày làm việc) are the calendar layer's rule
        return working_due(agency, received_at, version.time_amount, version.time_unit)
    except WorkcalError as error:
        raise invalid("procedure", ErrorCode.BUDGET, str(error)) from error


# ---------------------------------------------------------------------------------------------
# Writing


def _create(
    intake: Intake,
    *,
    applicant: Applicant,
    state: State,
    now: datetime,
    idempotency_key: str | None = None,
    received_by: User | None = None,
    due: datetime | None = None,
    route: access.IntakeRoute | None = None,
) -> Dossier:
    """Insert the dossier (received already when `received_by` is given) and its papers.

    Issue 8 (identity): `applicant` is the shared record found or created by `applicants.py`; what
    the intake gave is kept on the dossier (`applicant_details`), never written to the record."""
    if intake.channel is None:  # the screen names its own channel before writing
        raise ValueError("an intake is written with its channel")
    dossier = Dossier.objects.create(
        code=next_dossier_code(agency=intake.agency, received_at=now),
        procedure_version=intake.version,
        agency=intake.agency,
        applicant=applicant,
        applicant_details=applicants.details_of(intake.applicant),  # issue 8: as given, per dossier
        channel=intake.channel,
        state=state,
        submitted_at=now,
        received_at=now if received_by is not None else None,
        received_by=received_by,
        due_at=due,
        original_due_at=due,
        postal_item_number=intake.postal_item_number,
        idempotency_key=idempotency_key,
        case_id=intake.case_id,
        eform_data=intake.eform_data,
        receiving_agency_id=route.receiving_agency_id if route else None,
        receiving_desk=route.desk if route else None,
        return_place=intake.return_place,
        originals_to_send=intake.originals_to_send,
        return_channel=intake.return_channel,
    )
    # Kept on the dossier (with their ids) for the caller's answer, which then reads nothing back.
    dossier.received_papers = DossierPaper.objects.bulk_create(
        DossierPaper(
            dossier=dossier,
            requirement_id=p.requirement_id,
            name=p.name,
            kind=p.kind,
            count=p.count,
            source=p.source,
            file=p.file or "",
            shown_only=p.shown_only,
            stored_document_id=p.stored_document_id,
            from_store=p.from_store,
        )
        for p in intake.papers
    )
    dossier.replayed = False
    return dossier


def _replay(key: str | None, intake: Intake) -> Dossier | None:
    """The dossier an earlier attempt with this idempotency key created (marked `replayed`), if the
    content is the same; a conflict if not; None when the key is new."""
    if not key:
        return None
    existing = (
        Dossier.objects.select_related("procedure_version__procedure", "agency", "applicant")
        .filter(idempotency_key=key)
        .first()
    )
    if existing is None:
        return None
    if fingerprint_of(existing) != intake.fingerprint():
        raise IdempotencyConflict()
    existing.replayed = True
    return existing


def _once(key: str | None, intake: Intake, write: Callable[[], Dossier]) -> Dossier:
    """`write()` once per idempotency key (the one duplicate-submission rule of every screen)."""
    existing = _replay(key, intake)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return write()
    except IntegrityError:
        # The same key raced in from a parallel retry: the winner's dossier is the answer.
        existing = _replay(key, intake)
        if existing is None:
            raise
        return existing


def require_desk_officer(officer: Staff | audit.Actor) -> None:
    """Only a desk officer receives dossiers (`RoleNotAllowed`, code `desk_only`, otherwise): the
    intake command's rule, which screens ask before they offer the intake form."""
    actor = officer if isinstance(officer, audit.Actor) else audit.Actor.officer(officer)
    if Role.DESK_OFFICER not in actor.roles:
        raise transitions.RoleNotAllowed(
            _("Chỉ công chức Bộ phận Một cửa được tiếp nhận hồ sơ."), code=ErrorCode.DESK_ONLY
        )


def receive_at_desk(
    *,
    officer: Staff,
    intake: Intake,
    now: datetime,
    idempotency_key: str | None = None,
    hand_over: Callable[[Dossier], Dossier] | None = None,
) -> Dossier:
    """A complete dossier handed over at the desk or arriving by post: coded, promised, received (2).

    `idempotency_key` is scoped to the caller by the screen (`office:<user>:<token>`,
    `api:<user>:<key>`); see the module docstring."""
    actor = audit.Actor.officer(officer)
    require_desk_officer(actor)
    validate(intake, online=False)
    route = check_officer_serves(officer, intake.agency, intake.version, timezone.localdate(now))
    check_return_place(intake, route)

    def write():
        # The clock runs on the competent agency's calendar from the receipt at the centre: the
        # dossier is handed over electronically in the same act (rule "clock.boundary_free_start").
        due = promised_time(version=intake.version, agency=intake.agency, received_at=now)
        # Issue 8: a known person's record is never rewritten by an intake (identity_mismatch).
        person = applicants.person_for_intake(intake.applicant, user=officer.user, label=actor.label, now=now)
        dossier = _create(
            intake,
            applicant=person,
            state=State.RECEIVED,
            now=now,
            received_by=officer.user,
            due=due,
            idempotency_key=idempotency_key or None,
            route=route,
        )
        extra = {}
        if route.boundary_free and route.desk is not None:
            extra = {
                "boundary_free": True,
                "receiving_agency": route.desk.host_agency.name,
                "receiving_desk": route.desk.name,
                "published_list": route.opening.published_list if route.opening else "",
                "return_place": intake.return_place,
                "originals_to_send": intake.originals_to_send,
                # Decree 118/2025 counts from the competent agency's receipt of the electronic
                # dossier: handed over in this same act, it receives it at `now`.
                "clock_start": law.value_in_force("clock.boundary_free_start", timezone.localdate(now)),
            }
        event = audit.record(
            dossier, actor, Action.RECEIVE, at=now, from_state=None, due_at=due.isoformat(), **extra
        )
        audit.after(dossier, event, transitions.TRANSITIONS[(State.SUBMITTED, Action.RECEIVE)])
        if route.boundary_free and hand_over is not None:
            # Received for another agency: handed to it in the same transaction (lifecycle's act).
            papers = dossier.received_papers
            dossier = hand_over(dossier)
            dossier.received_papers, dossier.replayed = papers, False
        return dossier

    return _once(idempotency_key, intake, write)


@dataclass(frozen=True)
class Assistance:
    """An online submission a desk officer makes on a citizen's behalf (nộp hộ): who helped, and the
    consent the citizen gave (its words, and when it was recorded)."""

    officer: Staff
    consent: str
    consent_at: datetime


@dataclass(frozen=True)
class MachineSubmission:
    """An online submission forwarded by a machine client (the national portal, a ministry's
    system), whose citizen signed in there: the client's user acts, the event names the client."""

    user: User
    client_name: str
    client_id: str


def submit_online(
    *,
    intake: Intake,
    now: datetime,
    user: User | None = None,
    idempotency_key: str | None = None,
    assisted: Assistance | None = None,
    machine: MachineSubmission | None = None,
) -> Dossier:
    """An online submission (1): coded only once every mandatory paper is stored; a retry with the
    same idempotency key returns the dossier the first attempt created.

    `assisted`: submitted by a desk officer for the citizen (no citizen account acts; the person is
    found or created from the population database's record as at the desk); the submission event
    is the officer's and carries the flag and the consent (the audit trail and the sync read it).

    `machine`: forwarded by a machine client (its agency grant checked by the caller,
    machines.rules); the person is found or created as at the desk, the event is the client's."""
    validate(intake, online=True)
    if assisted is not None:
        require_desk_officer(assisted.officer)
        actor = audit.Actor.officer(assisted.officer)
        flags: dict[str, Any] = {
            "assisted": True,
            "assisted_by": assisted.officer.full_name,
            "consent": assisted.consent,
            "consent_at": assisted.consent_at.isoformat(),
        }
    elif machine is not None:
        actor = audit.Actor(
            label=machine.client_name, roles=frozenset({transitions.APPLICANT}), user=machine.user
        )
        flags = {"machine_client": machine.client_id}
    else:
        actor = audit.Actor.applicant(user, intake.applicant.full_name)
        flags = {}

    def write():
        if user is not None:  # issue 8: a citizen account submits only for its verified identity
            person = applicants.person_for_online(intake.applicant, user=user, now=now)
        else:  # assisted, a machine's, or the generator's simulated citizen: found or created as at the desk
            person = applicants.person_for_intake(
                intake.applicant,
                user=assisted.officer.user if assisted else actor.user,
                label=actor.label,
                now=now,
            )
        dossier = _create(
            intake, applicant=person, state=State.SUBMITTED, now=now, idempotency_key=idempotency_key or None
        )
        event = audit.record(dossier, actor, Action.SUBMIT, at=now, from_state=None, **flags)
        audit.after(dossier, event, None)
        return dossier

    return _once(idempotency_key, intake, write)
