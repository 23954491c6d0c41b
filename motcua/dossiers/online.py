"""Online submission through the portal: a draft (hồ sơ nháp) saved step by step, then submitted
through the one intake command (`intake.submit_online`, channel ONLINE), the same door the API and
the office use.

The draft's token is the submission's idempotency key (`portal:<user>:<token>`): a retried or
double-clicked submit returns the dossier the first attempt created (the intake's duplicate rule).
Each component is a document of the citizen's store (`store.keep` checked it at upload time); at
submit every one is read back and checked again, so a dossier gets its code only when every
mandatory component of its case is stored, readable and checked (`catalog.intake.check_components`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.catalog import intake as catalog_intake
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import ProcedureCase, ProcedureVersion, Requirement
from motcua.integrations import population
from motcua.integrations.population.production import PopulationUnavailable
from motcua.org.models import Agency, Staff

from . import access, intake, lifecycle, results, store
from .audit import Actor
from .errors import ErrorCode, collect, invalid
from .models import (
    Applicant,
    Dossier,
    DossierDocument,
    DossierEvent,
    OnlineDraft,
    PaperSource,
    ResultChannel,
    StoredDocument,
)
from .states import Action, Channel

#: The channel components are selected for (the catalogue maps it to its online values).
CATALOG_CHANNEL = Channel.ONLINE


def drafts_of(user: User) -> QuerySet[OnlineDraft]:
    return OnlineDraft.objects.filter(user=user).select_related("procedure_version__procedure", "agency")


def draft_of(user: User, token: uuid.UUID | str) -> OnlineDraft | None:
    try:
        parsed = uuid.UUID(str(token))
    except ValueError:
        return None
    return drafts_of(user).filter(token=parsed).first()


def start(*, user: User, version: ProcedureVersion, now: datetime) -> OnlineDraft:
    return OnlineDraft.objects.create(
        token=uuid.uuid4(), user=user, procedure_version=version, updated_at=now
    )


def competent_agencies(version: ProcedureVersion, applicant: Applicant | None = None) -> list[Agency]:
    """The agencies implementing the version (the catalogue's data), those whose name appears in the
    applicant's address first (the citizen's own commune or district)."""
    agencies = [
        a for a in version.implementing_agencies.all() if catalog_selectors.implemented_by(version, a)
    ]
    address = store.kind_key(applicant.address if applicant else "")

    def near(agency: Agency) -> int:
        words = store.kind_key(agency.name).split()
        tail = " ".join(words[-2:]) if len(words) >= 2 else ""
        return 0 if tail and tail in address else 1

    return sorted(agencies, key=lambda a: (near(a), a.name))


def _editable(draft: OnlineDraft) -> None:
    if draft.dossier_id:
        raise invalid("draft", ErrorCode.DRAFT_SUBMITTED, _("Hồ sơ này đã được nộp; không sửa được nữa."))


def choose_agency(*, draft: OnlineDraft, agency: Agency, now: datetime) -> None:
    _editable(draft)
    if agency not in competent_agencies(draft.procedure_version):
        raise invalid(
            "agency",
            ErrorCode.AGENCY_NOT_COMPETENT,
            _("%(agency)s không có thẩm quyền giải quyết thủ tục này.") % {"agency": agency.name},
        )
    draft.agency, draft.updated_at = agency, now
    draft.save(update_fields=["agency", "updated_at"])


def choose_case(*, draft: OnlineDraft, case_id: int | str | None, now: datetime) -> None:
    _editable(draft)
    case = catalog_intake.resolve_case(draft.procedure_version, case_id)  # unknown_case refused there
    draft.case, draft.updated_at = case, now
    draft.save(update_fields=["case", "updated_at"])


def save_eform(*, draft: OnlineDraft, data: dict | None, now: datetime) -> None:
    _editable(draft)
    draft.eform_data, draft.updated_at = data, now
    draft.save(update_fields=["eform_data", "updated_at"])


def components(draft: OnlineDraft) -> list[Requirement]:
    """The components of the draft's case for the online channel (handed in, not only shown)."""
    case = draft.case
    if case is None:
        case = catalog_intake.resolve_case(draft.procedure_version, None)
    return [
        r
        for r in catalog_intake.components(draft.procedure_version, case=case, channel=CATALOG_CHANNEL)
        if getattr(r, "presentation", "submit") != "show"
    ]


def _requirement(draft: OnlineDraft, requirement_id: int | str) -> Requirement:
    for r in components(draft):
        if str(r.pk) == str(requirement_id):
            return r
    raise invalid("papers", ErrorCode.REQUIRED, _("Thành phần hồ sơ không thuộc trường hợp đã chọn."))


def upload_component(
    *, draft: OnlineDraft, requirement_id: int | str, file: File, applicant: Applicant, now: datetime
) -> StoredDocument:
    """A component uploaded now: checked at upload time (never after), kept in the store."""
    _editable(draft)
    requirement = _requirement(draft, requirement_id)
    with transaction.atomic():
        doc = store.keep(applicant=applicant, file=file, name=requirement.name, now=now)
        draft.papers = {**draft.papers, str(requirement.pk): {"doc": doc.pk, "reused": False}}
        draft.updated_at = now
        draft.save(update_fields=["papers", "updated_at"])
    return doc


def reuse_component(
    *,
    draft: OnlineDraft,
    requirement_id: int | str,
    document_id: int | str,
    applicant: Applicant,
    now: datetime,
) -> StoredDocument:
    """A component taken from the store (once-only): recorded as reused on the dossier's paper."""
    _editable(draft)
    requirement = _requirement(draft, requirement_id)
    doc = store.documents_of(applicant).filter(pk=document_id).first()
    if doc is None:
        raise invalid(
            "papers", ErrorCode.NOT_YOUR_DOCUMENT, _("Giấy tờ này không có trong kho dữ liệu của bạn.")
        )
    draft.papers = {**draft.papers, str(requirement.pk): {"doc": doc.pk, "reused": True}}
    draft.updated_at = now
    draft.save(update_fields=["papers", "updated_at"])
    return doc


#: Papers the state itself holds in the national population database (residence, identity): a
#: component whose name (folded) contains one of these may be taken from it instead of uploaded.
#: The catalogue does not say which papers a registry holds; a province may extend the list
#: (setting MOTCUA_REGISTRY_PAPERS).
REGISTRY_PAPERS = (
    "xac nhan thong tin ve cu tru",
    "giay xac nhan cu tru",
    "so ho khau",
    "so tam tru",
    "noi cu tru",
    "can cuoc",
    "chung minh nhan dan",
    "ho chieu",
    "giay to tuy than",
    "giay to chung minh nhan than",
)


def registry_offered(requirement: Requirement) -> bool:
    """Whether the component is a paper the population database holds (asked from it, not of you)."""
    from django.conf import settings

    key = store.kind_key(requirement.name)
    return any(word in key for word in (*REGISTRY_PAPERS, *getattr(settings, "MOTCUA_REGISTRY_PAPERS", ())))


def registry_entries(draft: OnlineDraft) -> dict[int, dict]:
    """{requirement id: what the population database confirmed} for components taken from it."""
    return {int(k): v for k, v in (draft.papers or {}).items() if v.get("registry")}


def take_from_registry(
    *, draft: OnlineDraft, requirement_id: int | str, typed: dict, applicant: Applicant, now: datetime
) -> dict:
    """A component satisfied from the national population database (once-only): the applicant's
    identity (their verified ID number) looked up, what they typed (name, date of birth, address)
    checked against the record field by field, the residence filled in from it; recorded on the
    draft, and at submission on the dossier's paper as taken from the registry (`PaperSource.
    REGISTRY`, sync `DuocLayTuKhoDMQG = 1`). No file is asked for."""
    _editable(draft)
    requirement = _requirement(draft, requirement_id)
    if not registry_offered(requirement):
        raise invalid(
            "papers",
            ErrorCode.NOT_IN_REGISTRY,
            _("“%(name)s” không có trong Cơ sở dữ liệu quốc gia về dân cư: tải lên giấy tờ này.")
            % {"name": requirement.name},
        )
    try:
        check = population.verify({**typed, "id_number": applicant.id_number})
    except PopulationUnavailable as error:
        raise invalid(
            "papers",
            ErrorCode.REGISTRY_UNAVAILABLE,
            _("Cơ sở dữ liệu quốc gia về dân cư tạm thời không trả lời; thử lại sau hoặc tải lên giấy tờ."),
        ) from error
    if not check.found:
        raise invalid(
            "papers",
            ErrorCode.CITIZEN_NOT_FOUND,
            _("Không tìm thấy công dân mang số định danh này trong Cơ sở dữ liệu quốc gia về dân cư."),
        )
    if check.mismatches:
        labels = {
            "full_name": _("họ và tên"),
            "date_of_birth": _("ngày sinh"),
            "address": _("nơi cư trú"),
        }
        raise collect(
            {
                name: [
                    ValidationError(
                        _("%(field)s không khớp với Cơ sở dữ liệu quốc gia về dân cư.")
                        % {"field": str(labels[name]).capitalize()},
                        code=str(ErrorCode.REGISTRY_MISMATCH),
                    )
                ]
                for name in check.mismatches
            }
        )
    entry = {
        "registry": True,
        "source": "population_db",
        "checked": list(check.checked),
        "residence": check.residence,
        "at": now.isoformat(),
    }
    draft.papers = {**draft.papers, str(requirement.pk): entry}
    draft.updated_at = now
    draft.save(update_fields=["papers", "updated_at"])
    return entry


def set_return_channel(*, draft: OnlineDraft, channel: int, now: datetime) -> None:
    """Full online (electronic result) only where the procedure issues one; otherwise at the desk."""
    _editable(draft)
    if int(channel) == ResultChannel.ELECTRONIC and not draft.procedure_version.result_electronic:
        raise invalid(
            "return_channel",
            ErrorCode.REQUIRED,
            _("Thủ tục này không trả kết quả điện tử; chọn nhận kết quả tại Bộ phận Một cửa."),
        )
    draft.return_channel, draft.updated_at = int(channel), now
    draft.save(update_fields=["return_channel", "updated_at"])


def provided(draft: OnlineDraft) -> dict[int, StoredDocument]:
    """The stored documents given for the draft's components (a registry entry has none)."""
    ids = {int(k): v["doc"] for k, v in (draft.papers or {}).items() if v.get("doc")}
    docs = StoredDocument.objects.in_bulk(ids.values())
    return {req: docs[doc] for req, doc in ids.items() if doc in docs}


def applicant_data(person: Applicant) -> intake.ApplicantData:
    """The verified identity of the account (never the request's)."""
    return intake.ApplicantData(
        kind=person.kind,
        full_name=person.full_name,
        id_number=person.id_number,
        date_of_birth=person.date_of_birth,
        address=person.address,
        phone=person.phone,
        email=person.email,
    )


def build_intake(draft: OnlineDraft, person: Applicant) -> intake.Intake:
    """The draft as the intake command's input; an unreadable stored component raises (no code)."""
    if draft.agency is None:
        raise invalid("agency", ErrorCode.AGENCY_REQUIRED, _("Chọn cơ quan tiếp nhận hồ sơ."))
    docs = provided(draft)
    registry = registry_entries(draft)
    papers, unreadable = [], []
    for r in components(draft):
        if r.pk in registry:  # taken from the population database: no file, its source recorded
            papers.append(
                intake.PaperData(
                    name=r.name, kind="electronic", requirement_id=r.pk, source=PaperSource.REGISTRY
                )
            )
            continue
        doc = docs.get(r.pk)
        if doc is None:
            continue  # check_components names the missing mandatory ones
        if not store.readable(doc):
            unreadable.append(
                ValidationError(
                    _("Không đọc được tệp của “%(name)s”: tải lại giấy tờ này.") % {"name": r.name},
                    code=str(ErrorCode.FILE_UNREADABLE),
                )
            )
            continue
        reused = bool((draft.papers.get(str(r.pk)) or {}).get("reused"))
        papers.append(
            intake.PaperData(
                name=r.name,
                kind="electronic",
                requirement_id=r.pk,
                source=doc.source if reused and doc.source != PaperSource.UPLOADED else PaperSource.UPLOADED,
                file=doc.file,
                stored_document_id=doc.pk,
                from_store=reused,
            )
        )
    if unreadable:
        raise collect({"papers": unreadable})
    applicant = applicant_data(person)
    residence = next((e["residence"] for e in registry.values() if e.get("residence")), "")
    if residence:  # the residence as the population database gives it
        applicant.address = residence
    return intake.Intake(
        version=draft.procedure_version,
        agency=draft.agency,
        applicant=applicant,
        case_id=draft.case_id,
        papers=papers,
        channel=Channel.ONLINE,
        eform_data=draft.eform_data,
        return_channel=draft.return_channel,
    )


def submit(*, draft: OnlineDraft, user: User, now: datetime) -> Dossier:
    """Submit the draft (once): the intake command creates and codes the dossier, state 1."""
    person = store.person_of(user)
    if draft.dossier_id:
        if draft.dossier is None:
            raise ValueError(f"draft {draft.pk} has a dossier id but no dossier")
        return draft.dossier  # a retry after success: the same dossier
    built = build_intake(draft, person) if person is not None else None
    if built is None:
        # The intake's own identity rule answers (identity_not_verified).
        if draft.agency is None:
            raise invalid("agency", ErrorCode.AGENCY_REQUIRED, _("Chọn cơ quan tiếp nhận hồ sơ."))
        built = intake.Intake(
            version=draft.procedure_version,
            agency=draft.agency,
            applicant=intake.ApplicantData(kind="0", full_name=""),
            channel=Channel.ONLINE,
            return_channel=draft.return_channel,
        )
    with transaction.atomic():
        dossier = intake.submit_online(
            intake=built, now=now, user=user, idempotency_key=f"portal:{user.pk}:{draft.token}"
        )
        OnlineDraft.objects.filter(pk=draft.pk).update(dossier=dossier, updated_at=now)
        draft.dossier = dossier
    return dossier


def case_choices(version: ProcedureVersion) -> list[ProcedureCase]:
    return list(version.cases.all())


# ---------------------------------------------------------------------------------------------
# After submission: the supplement answered online, the electronic result


def my_dossier(user: User | AnonymousUser | None, code: str) -> Dossier | None:
    """One of the account's dossiers, through the one access rule."""
    return access.visible_dossiers(user).filter(code=code).select_related("procedure_version").first()


def answer_supplement(*, dossier: Dossier, user: User, files: dict[str, File], now: datetime) -> Dossier:
    """The citizen answers the supplement request once, with the missing papers (`files`: item
    name -> upload): each kept in their store (checked there), then the existing supplement command
    (the clock resumes; a second answer meets its transition rule)."""
    person = store.person_of(user)
    if person is None or dossier.applicant_id != person.pk:
        raise invalid("dossier", ErrorCode.NOT_YOUR_DOSSIER, _("Hồ sơ này không phải của bạn."))
    with transaction.atomic():
        papers = []
        for name, file in files.items():
            doc = store.keep(applicant=person, file=file, name=name, now=now, dossier=dossier)
            papers.append(
                intake.PaperData(name=name, kind="electronic", source=PaperSource.UPLOADED, file=doc.file)
            )
        return lifecycle.supplement(
            dossier=dossier, actor=Actor.applicant(user, person.full_name), papers=papers, now=now
        )


def electronic_result(user: User | AnonymousUser | None, code: str) -> DossierDocument | None:
    """The signed result of one of the account's dossiers (None until it is signed)."""
    dossier = my_dossier(user, code)
    if dossier is None:
        return None
    doc = results.latest_result(dossier)
    return doc if doc is not None and doc.signed_at and doc.file else None


# ---------------------------------------------------------------------------------------------
# Assisted submission (nộp hộ): a desk officer prepares and submits for a citizen


def _registry_record(id_number: str) -> population.PersonRecord | None:
    """The population database's record of `id_number`; a clear refusal when it cannot answer."""
    try:
        return population.lookup_person(id_number)
    except PopulationUnavailable as error:
        raise invalid(
            "id_number",
            ErrorCode.REGISTRY_UNAVAILABLE,
            _("Cơ sở dữ liệu quốc gia về dân cư tạm thời không trả lời; thử lại sau hoặc tải lên giấy tờ."),
        ) from error


def start_assisted(
    *,
    officer: Staff,
    id_number: str,
    version: ProcedureVersion,
    consent: str,
    phone: str = "",
    now: datetime,
) -> OnlineDraft:
    """A draft a desk officer fills for the citizen with ID number `id_number`, as the national
    population database knows them (name, date of birth, residence), flagged with who helped and the
    consent the citizen gave (its words and when: required). The draft belongs to the officer."""
    intake.require_desk_officer(officer)
    errors: dict[str, list[ValidationError]] = {}
    if not consent.strip():
        errors["consent"] = [
            ValidationError(
                _("Ghi nhận sự đồng ý của công dân trước khi nộp hộ hồ sơ."), code=str(ErrorCode.REQUIRED)
            )
        ]
    if not catalog_intake.accepts_online(version):
        errors["procedure"] = [
            ValidationError(
                _("Thủ tục này không nhận hồ sơ trực tuyến."), code=str(ErrorCode.CHANNEL_NOT_ALLOWED)
            )
        ]
    record = _registry_record(id_number)
    if record is None:
        errors["id_number"] = [
            ValidationError(
                _("Không tìm thấy công dân mang số định danh này trong Cơ sở dữ liệu quốc gia về dân cư."),
                code=str(ErrorCode.CITIZEN_NOT_FOUND),
            )
        ]
    if errors:
        raise collect(errors)
    assert record is not None
    return OnlineDraft.objects.create(
        token=uuid.uuid4(),
        user=officer.user,
        procedure_version=version,
        assisted_by=officer.user,
        consent=consent.strip(),
        consent_at=now,
        citizen={
            "id_number": record.id_number,
            "full_name": record.full_name,
            "date_of_birth": record.date_of_birth.isoformat() if record.date_of_birth else "",
            "address": record.permanent_address,
            "phone": (phone or record.phone or "").strip(),
        },
        updated_at=now,
    )


def assisted_drafts(officer: Staff) -> QuerySet[OnlineDraft]:
    return drafts_of(officer.user).filter(assisted_by=officer.user)


def citizen_data(draft: OnlineDraft) -> intake.ApplicantData:
    """The citizen of an assisted draft, as the population database gave them."""
    c = draft.citizen or {}
    born = c.get("date_of_birth") or None
    return intake.ApplicantData(
        kind="0",
        full_name=c.get("full_name", ""),
        id_number=c.get("id_number", ""),
        date_of_birth=date.fromisoformat(born) if born else None,
        address=c.get("address", ""),
        phone=c.get("phone", ""),
    )


def submit_assisted(
    *,
    draft: OnlineDraft,
    officer: Staff,
    agency: Agency | None,
    case_id: int | str | None,
    files: dict[int, File],
    return_channel: int = ResultChannel.DESK,
    eform_data: dict | None = None,
    now: datetime,
) -> Dossier:
    """Submit an assisted draft through the same intake command as the portal (state 1, coded only
    when every mandatory component is there; uploads checked by the intake), once per draft.
    `eform_data`: the e-form as the officer filled it with the citizen (the portal's e-form,
    catalog.eforms), kept on the draft first so a refused submission does not lose it; the intake
    checks it as it checks the portal's."""
    if draft.assisted_by_id is None or draft.assisted_by_id != officer.user_id:
        raise invalid("draft", ErrorCode.NOT_YOUR_DOSSIER, _("Hồ sơ nháp này không phải của bạn."))
    if draft.dossier_id:
        if draft.dossier is None:
            raise ValueError(f"draft {draft.pk} has a dossier id but no dossier")
        return draft.dossier
    if agency is None:
        raise invalid("agency", ErrorCode.AGENCY_REQUIRED, _("Chọn cơ quan tiếp nhận hồ sơ."))
    choose_agency(draft=draft, agency=agency, now=now)
    choose_case(draft=draft, case_id=case_id, now=now)
    set_return_channel(draft=draft, channel=return_channel, now=now)
    if eform_data is not None:
        save_eform(draft=draft, data=eform_data, now=now)
    wanted = {r.pk: r for r in components(draft)}
    papers = [
        intake.PaperData(
            name=wanted[pk].name, kind="electronic", requirement_id=pk, source=PaperSource.UPLOADED, file=f
        )
        for pk, f in files.items()
        if pk in wanted
    ]
    built = intake.Intake(
        version=draft.procedure_version,
        agency=agency,
        applicant=citizen_data(draft),
        case_id=draft.case_id,
        papers=papers,
        channel=Channel.ONLINE,
        eform_data=draft.eform_data,
        return_channel=draft.return_channel,
    )
    with transaction.atomic():
        dossier = intake.submit_online(
            intake=built,
            now=now,
            idempotency_key=f"assisted:{officer.user_id}:{draft.token}",
            assisted=intake.Assistance(
                officer=officer, consent=draft.consent, consent_at=draft.consent_at or now
            ),
        )
        OnlineDraft.objects.filter(pk=draft.pk).update(dossier=dossier, updated_at=now)
        draft.dossier = dossier
    return dossier


def assistance(events: Iterable[DossierEvent]) -> dict | None:
    """The assisted-submission flag of a dossier, from its submission event (None: not assisted)."""
    for event in events:
        if event.action == Action.SUBMIT and (event.data or {}).get("assisted"):
            return event.data
    return None
