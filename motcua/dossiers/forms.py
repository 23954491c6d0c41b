"""The legal forms of a dossier, built from its rows and events and stored as DossierDocuments.

When: a transition whose rule names a form (receipt Mẫu 01, supplement request 02, refusal 03,
apology and extension 04, stop notice 05) and the resolution and delivery (control slip 06, from
the hand-over events) queue a render **after the transaction commits** (`form_for`, queued with
the event's notifications by `tasks.after_commit`), as a Celery task (eager in development and
tests). So the officer's action never waits for WeasyPrint and a
render failure never undoes a state change. It is not lost either: the task retries, the failure is
logged, `missing_forms()` lists events whose form is not stored yet, the periodic task
`dossiers.render_missing_forms` renders them, and `ensure_form()` (what a "print" button calls)
renders synchronously when the stored one is missing. Rendering is idempotent per (event, form):
a unique constraint keeps one document.

Bulk data generation switches rendering off with `effects.suspended("forms")`.

The tracking book (Mẫu 07) covers an agency and a period: `tracking_book_pdf()` returns the PDF
and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from motcua.core import law
from motcua.documents import contexts as c
from motcua.documents.rendering import render_form, render_result, result_template
from motcua.org.models import Agency, Role, Staff

from . import effects
from .models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    ResultChannel,
    ReturnPlace,
    StepState,
)
from .states import Action, State

log = logging.getLogger(__name__)

#: The form each event issues (besides the rule's own, these come from the hand-over records).
#: The form each action issues (keyed by the `DossierEvent.action` strings it matches).
EVENT_FORMS: dict[str, str] = {
    Action.RECEIVE: DocumentKind.RECEIPT,
    Action.REQUEST_SUPPLEMENT: DocumentKind.SUPPLEMENT_REQUEST,
    Action.REFUSE: DocumentKind.REFUSAL,
    Action.EXTEND: DocumentKind.APOLOGY,
    Action.STOP: DocumentKind.STOP_NOTICE,
    Action.RESOLVE: DocumentKind.CONTROL_SLIP,
    Action.DELIVER: DocumentKind.CONTROL_SLIP,
}
PAPER_KINDS = {"original": c.PaperKind.ORIGINAL, "electronic": c.PaperKind.ELECTRONIC}
DESK_NAME = "Bộ phận Một cửa"


#: Where the demo and a development machine answer: the lookup link on Mẫu 01 is always absolute.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def form_set_of(dossier: Dossier) -> str:
    """The form set (Circular 01/2018 or 03/2025) of the law in force on the dossier's local
    received day (submitted, for one refused before receipt); a dossier not yet in has today's."""
    moment = dossier.received_at or dossier.submitted_at
    on = law.local_date(moment) if moment is not None else timezone.localdate()
    return law.value_in_force("forms.set", on)


def tracking_url(code: str) -> str:
    base = (getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")
    return f"{base}/tra-cuu/{code}/"


# ---------------------------------------------------------------------------------------------
# Scheduling


def form_for(event: DossierEvent, form: str | None = None) -> str | None:
    """The form `event` issues (the rule's own, else the hand-over's), or None (or forms are off)."""
    kind = form or EVENT_FORMS.get(event.action)
    return kind if kind is not None and effects.enabled("forms") else None


def render_for_event(event: DossierEvent, kind: str) -> DossierDocument:
    """Render and store the form `kind` of `event`, once (a second call returns the stored one)."""
    existing = DossierDocument.objects.filter(event=event, kind=kind).first()
    if existing is not None:
        return existing
    dossier = _dossier(event.dossier_id)
    context = build_context(dossier, event, kind)
    pdf = render_form(kind, context, form_set=form_set_of(dossier))
    doc = DossierDocument(
        dossier=dossier,
        kind=kind,
        event=event,
        created_at=event.at,
        created_by=event.actor,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
    doc.file.save(f"{dossier.code}-{kind}-{event.pk}.pdf", _content(pdf), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:  # a concurrent render won
        return DossierDocument.objects.get(event=event, kind=kind)
    return doc


def _content(pdf: bytes) -> File:
    from django.core.files.base import ContentFile

    return ContentFile(pdf)


def missing_forms(*, since: dt.datetime | None = None) -> QuerySet[DossierEvent]:
    """Events whose form is not stored yet (a failed or lost render)."""
    events = DossierEvent.objects.filter(action__in=list(EVENT_FORMS))
    if since is not None:
        events = events.filter(at__gte=since)
    return events.filter(~Exists(DossierDocument.objects.filter(event=OuterRef("pk"))))


def ensure_form(dossier: Dossier, kind: str) -> DossierDocument | None:
    """The latest stored form `kind` of the dossier, rendered now if its event has none yet."""
    doc = DossierDocument.objects.filter(dossier=dossier, kind=kind).order_by("-id").first()
    if doc is not None:
        return doc
    actions = [a for a, k in EVENT_FORMS.items() if k == kind]
    event = DossierEvent.objects.filter(dossier=dossier, action__in=actions).order_by("-at", "-id").first()
    return render_for_event(event, kind) if event is not None else None


# ---------------------------------------------------------------------------------------------
# Contexts


def _dossier(pk: int) -> Dossier:
    return Dossier.objects.select_related(
        "agency__parent",
        "applicant",
        "procedure_version",
        "received_by__staff",
        "receiving_agency__parent",
        "receiving_desk",
    ).get(pk=pk)


def place_of(agency: Agency) -> str:
    """The place on the date line: the province or city at the root of the agency's tree."""
    chain = [agency, *agency.ancestors()]
    name = chain[-1].name
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        name = name.removeprefix(prefix)
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        name = name.removeprefix(prefix)
    return name


def desk_header(agency: Agency) -> c.AgencyHeader:
    return c.AgencyHeader(parent_name=agency.name, name=DESK_NAME, place=place_of(agency))


def agency_header(agency: Agency) -> c.AgencyHeader:
    return c.AgencyHeader(
        parent_name=agency.parent.name if agency.parent is not None else "",
        name=agency.name,
        place=place_of(agency),
    )


def applicant_of(dossier: Dossier) -> c.Applicant:
    a = dossier.contact  # as given for this dossier (issue 8)
    return c.Applicant(
        name=a.name,
        id_number=a.number,
        address=a.address,
        phone=a.phone,
        email=a.email,
    )


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


def _actor_title(event: DossierEvent, default: str) -> str:
    staff = getattr(event.actor, "staff", None) if event.actor_id else None
    return (staff.position if staff is not None and staff.position else "") or default


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def build_context(dossier: Dossier, event: DossierEvent, kind: str) -> c.FormContext:
    version = dossier.procedure_version
    issued = _local_date(event.at)
    if kind == DocumentKind.RECEIPT:
        return receipt_context(dossier, event)
    if kind == DocumentKind.SUPPLEMENT_REQUEST:
        items = event.data.get("items") or [{"what": r, "reason": ""} for r in event.data.get("reasons", [])]
        return c.SupplementRequestContext(
            agency=desk_header(dossier.agency),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            received_at=dossier.received_at or dossier.submitted_at,
            items=[
                c.SupplementItem(what=i["what"], reason=i["reason"] or "Chưa đầy đủ, chưa hợp lệ")
                for i in items
            ],
            officer=c.Signatory(title="Người yêu cầu", name=event.actor_label),
            request_number=event.data.get("number", dossier.supplement_requests or 1),
            issued_on=issued,
            dossier_code=dossier.code,
        )
    if kind == DocumentKind.REFUSAL:
        return c.RefusalContext(
            agency=desk_header(dossier.agency),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            reasons=[event.reason],
            officer=c.Signatory(title="Người từ chối", name=event.actor_label),
            received_at=dossier.received_at or dossier.submitted_at,
            issued_on=issued,
            dossier_code=dossier.code,
        )
    signatory = c.Signatory(
        title=_actor_title(event, "Thủ trưởng cơ quan"),
        name=event.actor_label,
        instruction="(Ký, ghi rõ họ tên và đóng dấu)",
    )
    if kind == DocumentKind.APOLOGY:
        # Decree 61/2018, art. 19 and Circular 01/2018's Mẫu 04: the agency that caused the delay
        # apologises, signed by its head (not the desk that hands the letter over).
        late = delaying_agency(dossier, at=event.at)
        leader = _leader_of(late)
        return c.ApologyContext(
            agency=agency_header(late),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            received_at=dossier.received_at,
            original_due_at=_when(event.data.get("old_due")) or dossier.original_due_at,
            reason=event.reason,
            new_due_at=_when(event.data.get("new_due")),
            signatory=c.Signatory(
                title="\n".join(signer_lines(late, leader.position if leader is not None else "")),
                name=leader.full_name if leader is not None else "",
                instruction="(Ký, ghi rõ họ tên và đóng dấu)",
            ),
            issued_on=issued,
            dossier_code=dossier.code,
        )
    if kind == DocumentKind.STOP_NOTICE:
        step = DossierStep.objects.filter(dossier=dossier, state=StepState.ACTIVE).order_by("order").first()
        if step is not None:
            stage = step.work
        elif event.from_state is not None:
            stage = str(State(event.from_state).label)
        else:  # only the submission records no state before it
            raise ValueError(f"stop event {event.pk} records no state it stopped at")
        return c.StopNoticeContext(
            agency=agency_header(dossier.agency),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            received_at=dossier.received_at or dossier.submitted_at,
            stopped_at=event.at,
            stage_reached=str(stage),
            reason=event.reason,
            signatory=signatory,
            issued_on=issued,
            dossier_code=dossier.code,
        )
    if kind == DocumentKind.CONTROL_SLIP:
        return control_slip_context(dossier, until=event)
    raise ValueError(f"no context for form {kind!r}")


def delaying_agency(dossier: Dossier, *, at: dt.datetime) -> Agency:
    """The agency whose step made the dossier late at `at`: the holder of an active step past its
    due time, else of the current step, else the dossier's own agency (a unit answers for its parent)."""
    active = list(
        DossierStep.objects.filter(dossier=dossier, state="active")
        .select_related("agency__parent")
        .order_by("order")
    )
    late = [s for s in active if s.due_at is not None and s.due_at < at]
    step = late[0] if late else active[0] if active else None
    agency = step.agency if step is not None else dossier.agency
    if agency.level == "sub_unit" and agency.parent is not None:
        agency = agency.parent
    return agency


def receipt_context(dossier: Dossier, event: DossierEvent | None = None) -> c.ReceiptContext:
    version = dossier.procedure_version
    received = dossier.received_at or dossier.submitted_at
    label = event.actor_label if event is not None else ""
    papers = list(dossier.papers.all())
    if event is not None and any(p.supplement_number for p in papers):
        # Rendered late (ensure_form): only what had been handed over when the dossier was received.
        answered = DossierEvent.objects.filter(
            dossier=dossier, action=Action.SUPPLEMENT, pk__lt=event.pk
        ).count()
        papers = [p for p in papers if (p.supplement_number or 0) <= answered]
    centre = dossier.receiving_agency if dossier.receiving_agency_id else None
    return_channel = str(ResultChannel(dossier.return_channel).label)
    if dossier.return_place:
        return_channel = str(ReturnPlace(dossier.return_place).label)
    return c.ReceiptContext(
        # Received at a centre for another agency (Decree 118/2025): the centre issues the receipt,
        # naming the competent agency.
        agency=desk_header(centre or dossier.agency),
        receiving_centre=dossier.receiving_desk.name
        if centre is not None and dossier.receiving_desk is not None
        else "",
        competent_agency=dossier.agency.name if centre is not None else "",
        originals_to_send=dossier.originals_to_send,
        issued_on=_local_date(received),
        dossier_code=dossier.code,
        applicant=applicant_of(dossier),
        procedure_name=version.name,
        papers=[
            c.PaperReceived(
                name=p.name,
                kind=PAPER_KINDS.get(p.kind, c.PaperKind.COPY),
                count=p.count,
                shown_only=p.shown_only,
            )
            for p in papers
        ],
        legal_time_limit=version.time_limit_display(),
        received_at=received,
        promised_at=dossier.due_at,
        return_channel=return_channel,
        tracking_url=tracking_url(dossier.code),
        receiving_officer=c.Signatory(title="Người tiếp nhận hồ sơ", name=label),
        fees=[c.Fee(name=f.name, amount=f.amount_vnd) for f in version.fees.all() if f.amount_vnd],
        tracking_book=f"Năm {_local_date(received).year}",
        tracking_book_line=f"Số thứ tự {dossier.code.rsplit('-', 1)[-1]}",
    )


def hand_overs(dossier: Dossier, *, until: DossierEvent | None = None) -> list[c.HandOver]:
    """Every hand-over of the dossier, from the audit trail: who, to whom, when, early/on time/late."""
    events = DossierEvent.objects.filter(dossier=dossier).order_by("at", "id")
    if until is not None:
        events = events.filter(id__lte=until.pk)
    applicant = dossier.contact.name
    rows = []
    for e in events:
        data = e.data or {}
        outcome = c.Timeliness(data["outcome"]) if data.get("outcome") else None
        if e.action in (Action.RECEIVE, Action.SUBMIT):
            rows.append(
                c.HandOver(from_party=applicant, to_party=DESK_NAME, handed_at=e.at, to_person=e.actor_label)
            )
        elif e.action == Action.START_PROCESSING:
            rows.append(
                c.HandOver(
                    from_party=DESK_NAME,
                    to_party=data.get("to", ""),
                    handed_at=e.at,
                    from_person=e.actor_label,
                )
            )
        elif e.action in (Action.COMPLETE_STEP, Action.TRANSFER, Action.RETURN_STEP, Action.ASSIGN_STEP):
            note = {
                Action.RETURN_STEP: f"Trả lại: {e.reason}",
                Action.TRANSFER: "Chuyển liên thông" + (" (song song)" if data.get("parallel") else ""),
                Action.ASSIGN_STEP: "Phân công xử lý",
            }.get(e.action, data.get("note", ""))
            rows.append(
                c.HandOver(
                    from_party=data.get("from", ""),
                    to_party=data.get("to", "") or "—",
                    handed_at=e.at,
                    from_person=e.actor_label,
                    outcome=outcome,
                    note=note,
                )
            )
        elif e.action == Action.RESOLVE:
            judged = c.Timeliness.judge(e.at, dossier.due_at) if dossier.due_at else None
            rows.append(
                c.HandOver(
                    from_party=dossier.agency.name,
                    to_party=DESK_NAME,
                    handed_at=e.at,
                    from_person=e.actor_label,
                    outcome=judged,
                    note="Kết quả đã phê duyệt",
                )
            )
        elif e.action == Action.DELIVER:
            rows.append(
                c.HandOver(
                    from_party=DESK_NAME,
                    to_party=applicant,
                    handed_at=e.at,
                    from_person=e.actor_label,
                    to_person=data.get("received_by", ""),
                    note=str(ResultChannel(int(data.get("channel", 1))).label),
                )
            )
        elif e.action in (Action.REQUEST_SUPPLEMENT, Action.SUPPLEMENT, Action.AWAIT_FEES, Action.PAY_FEES):
            to_applicant = e.action in (Action.REQUEST_SUPPLEMENT, Action.AWAIT_FEES)
            note = f"{Action(e.action).label}" + (f": {e.reason}" if e.reason else "")
            if e.action == Action.SUPPLEMENT and data.get("papers"):
                note += ": " + ", ".join(p["name"] for p in data["papers"])
            rows.append(
                c.HandOver(
                    from_party=DESK_NAME if to_applicant else applicant,
                    to_party=applicant if to_applicant else DESK_NAME,
                    handed_at=e.at,
                    from_person=e.actor_label,
                    note=note,
                )
            )
    return rows


def control_slip_context(dossier: Dossier, *, until: DossierEvent | None = None) -> c.ControlSlipContext:
    partners = sorted(
        {
            s.agency.name
            for s in DossierStep.objects.filter(dossier=dossier).select_related("agency")
            if s.agency_id != dossier.agency_id
        }
    )
    received = dossier.received_at or dossier.submitted_at
    return c.ControlSlipContext(
        agency=desk_header(dossier.agency),
        issued_on=_local_date(until.at if until is not None else timezone.now()),
        dossier_code=dossier.code,
        applicant=applicant_of(dossier),
        procedure_name=dossier.procedure_version.name,
        received_at=received,
        promised_at=dossier.due_at or received,
        lead_agency=dossier.agency.name,
        hand_overs=hand_overs(dossier, until=until),
        partner_agencies=partners,
        receipt_number=dossier.code,
    )


def control_slip_pdf(dossier: Dossier) -> bytes:
    """The control slip as of now (not stored)."""
    dossier = _dossier(dossier.pk)
    return render_form("mau_06", control_slip_context(dossier), form_set=form_set_of(dossier))


def tracking_book_pdf(agency: Agency, start: dt.date, end: dt.date, *, book_label: str = "") -> bytes:
    """Mẫu 07 for the dossiers `agency` received from `start` to `end` (local days, inclusive)."""
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    started = DossierEvent.objects.filter(dossier=OuterRef("pk"), action=Action.START_PROCESSING).order_by(
        "at"
    )
    dossiers = (
        Dossier.objects.filter(agency=agency, received_at__gte=since, received_at__lt=until)
        .select_related("applicant", "procedure_version")
        .annotate(transferred_at=Subquery(started.values("at")[:1]))
        .order_by("received_at", "id")
    )
    entries = []
    for number, d in enumerate(dossiers, start=1):
        a = d.contact
        entries.append(
            c.RegisterEntry(
                number=number,
                dossier_code=d.code,
                procedure_name=d.procedure_version.name,
                applicant_name=a.name,
                address_phone=", ".join(x for x in (a.address, a.phone) if x),
                lead_agency=agency.name,
                received_at=d.received_at,
                promised_at=d.due_at or d.received_at,
                transferred_at=d.transferred_at,
                result_at=d.finished_at if d.state in (State.RESOLVED, State.RETURNED) else None,
                returned_at=d.returned_at,
                note=str(State(d.state).label) if d.state in (State.STOPPED, State.WITHDRAWN) else "",
            )
        )
    context = c.TrackingBookContext(
        agency=desk_header(agency),
        issued_on=end,
        entries=entries,
        book_label=book_label,
        period=f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
    )
    # A book spanning 1/7/2025 is the new register: the set in force on its last day.
    return render_form("mau_07", context, form_set=law.value_in_force("forms.set", end))


# ---------------------------------------------------------------------------------------------
# The procedure's result document (when the approver uploads none)

#: E-form keys that are the holder's details rather than entries printed in the body.
_HOLDER_KEYS = {
    "full_name",
    "ho_ten",
    "name",
    "id_number",
    "so_dinh_danh",
    "date_of_birth",
    "ngay_sinh",
    "address",
}


def _leader_of(agency: Agency) -> Staff | None:
    """The agency's leader: a holder of the agency-leader role there (the head first)."""
    return (
        Staff.objects.filter(agency=agency, roles__role=Role.AGENCY_LEADER)
        .order_by("-is_leader", "pk")
        .first()
    )


def signer_lines(agency: Agency, position: str) -> list[str]:
    """The lines above a leader's signature, as official documents print them (Decree 30/2020):
    a ward's People's Committee signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", a deputy "KT. GIÁM ĐỐC /
    PHÓ GIÁM ĐỐC", a head "GIÁM ĐỐC"."""
    title = (position or "").strip()
    for suffix in (" Sở", " UBND phường", " UBND xã", " UBND", " phường", " xã"):
        title = title.removesuffix(suffix)
    lines = []
    if agency.name.startswith("Ủy ban nhân dân"):
        lines.append("TM. ỦY BAN NHÂN DÂN")
        title = title or "Chủ tịch"
        if title.lower().startswith("phó"):
            lines[0] = "KT. CHỦ TỊCH"
    elif title.lower().startswith("phó "):
        lines.append(f"KT. {title[4:].upper()}")
    lines.append((title or "Thủ trưởng cơ quan").upper())
    return lines


def _eform_fields(data: object) -> list[tuple[str, str]]:
    """The e-form's entries as (label, value): keys turned into labels, nested values flattened."""
    if not isinstance(data, dict):
        return []
    rows = []
    for key, value in data.items():
        if key in _HOLDER_KEYS or value in (None, "", [], {}):
            continue
        if isinstance(value, dict):
            rows += [
                (f"{key.replace('_', ' ').capitalize()} – {k.replace('_', ' ')}", str(v))
                for k, v in value.items()
                if v not in (None, "")
            ]
        else:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            rows.append((key.replace("_", " ").capitalize(), text))
    return rows


def result_context(dossier: Dossier) -> c.ResultContext:
    version = dossier.procedure_version
    agency = dossier.agency
    contact = dossier.contact  # the applicant as given for this dossier
    eform = dossier.eform_data if isinstance(dossier.eform_data, dict) else {}
    approval = (
        DossierEvent.objects.filter(dossier=dossier, action=Action.RESOLVE)
        .select_related("actor__staff")
        .order_by("-at")
        .first()
    )
    leader = getattr(approval.actor, "staff", None) if approval is not None and approval.actor_id else None
    if leader is None or leader.agency_id != agency.pk:
        leader = _leader_of(agency)
    applicant_name, applicant_id = contact.name, contact.number
    born = eform.get("date_of_birth") or eform.get("ngay_sinh")
    issued = timezone.localdate()
    title = (version.result_name or version.name).split(";")[0].strip().rstrip(".")
    return c.ResultContext(
        agency=agency_header(agency),
        issued_on=issued,
        dossier_code=dossier.code,
        title=title,
        procedure_name=version.name,
        holder=eform.get("full_name") or eform.get("ho_ten") or applicant_name,
        id_number=eform.get("id_number") or eform.get("so_dinh_danh") or applicant_id,
        date_of_birth=dt.date.fromisoformat(born) if isinstance(born, str) and len(born) == 10 else None,
        address=eform.get("address") or contact.address,
        applicant_name=applicant_name,
        applicant_id=applicant_id,
        fields=_eform_fields(eform),
        register_number=dossier.code.rsplit("-", 1)[-1],
        register_book=f"{issued.year}",
        signer_lines=signer_lines(agency, leader.position if leader is not None else ""),
        signer_name=leader.full_name if leader is not None else "",
    )


def result_pdf(dossier: Dossier) -> bytes:
    """The procedure's result document from its sector's template, prefilled from the dossier."""
    dossier = _dossier(dossier.pk)
    version = dossier.procedure_version
    sector = version.sector.name if version.sector_id else ""
    return render_result(result_template(sector, version.result_name), result_context(dossier))


# ---------------------------------------------------------------------------------------------
# Which forms a dossier's screens offer


#: What each printable form needs of the dossier: the event that issues it.
_FORM_EVENTS = {
    DocumentKind.RECEIPT: (Action.RECEIVE,),
    DocumentKind.SUPPLEMENT_REQUEST: (Action.REQUEST_SUPPLEMENT,),
    DocumentKind.REFUSAL: (Action.REFUSE,),
    DocumentKind.APOLOGY: (Action.EXTEND,),
    DocumentKind.STOP_NOTICE: (Action.STOP,),
}


def printable_forms(dossier: Dossier) -> list[str]:
    """The forms a screen offers to print for this dossier, in form order: each one whose event
    happened (a refused dossier has no receipt: it was never received), the control slip once
    the dossier is received. Mẫu 07 (the tracking book) is the agency's, offered on the queue."""
    actions = set(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True).distinct())
    forms: list[str] = [kind for kind, needs in _FORM_EVENTS.items() if actions & set(needs)]
    if Action.RECEIVE in actions and dossier.state != State.REFUSED:
        forms.append(DocumentKind.CONTROL_SLIP)
    return forms


__all__ = [
    "control_slip_pdf",
    "ensure_form",
    "form_set_of",
    "hand_overs",
    "missing_forms",
    "printable_forms",
    "render_for_event",
    "result_context",
    "result_pdf",
    "tracking_book_pdf",
    "tracking_url",
]
