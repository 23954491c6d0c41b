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
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.template import Context, Template
from django.utils import timezone

from motcua.documents import contexts as c
from motcua.documents.rendering import render_form

from . import effects
from .models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    ResultChannel,
    StepState,
)
from .states import Action, State

log = logging.getLogger(__name__)

#: The form each event issues (besides the rule's own, these come from the hand-over records).
EVENT_FORMS = {
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


def tracking_url(code: str) -> str:
    base = getattr(settings, "MOTCUA_PUBLIC_BASE_URL", "").rstrip("/")
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
    pdf = render_form(kind, context)
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


def _content(pdf: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(pdf)


def missing_forms(*, since: dt.datetime | None = None):
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
        "agency__parent", "applicant", "procedure_version", "received_by__staff"
    ).get(pk=pk)


def place_of(agency) -> str:
    """The place on the date line: the province or city at the root of the agency's tree."""
    chain = [agency, *agency.ancestors()]
    name = chain[-1].name
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        name = name.removeprefix(prefix)
    for prefix in ("Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        name = name.removeprefix(prefix)
    return name


def desk_header(agency) -> c.AgencyHeader:
    return c.AgencyHeader(parent_name=agency.name, name=DESK_NAME, place=place_of(agency))


def agency_header(agency) -> c.AgencyHeader:
    return c.AgencyHeader(
        parent_name=agency.parent.name if agency.parent_id else "", name=agency.name, place=place_of(agency)
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
    common = {"issued_on": issued, "dossier_code": dossier.code}
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
            **common,
        )
    if kind == DocumentKind.REFUSAL:
        return c.RefusalContext(
            agency=desk_header(dossier.agency),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            reasons=[event.reason],
            officer=c.Signatory(title="Người từ chối", name=event.actor_label),
            received_at=dossier.received_at or dossier.submitted_at,
            **common,
        )
    signatory = c.Signatory(
        title=_actor_title(event, "Thủ trưởng cơ quan"),
        name=event.actor_label,
        instruction="(Ký, ghi rõ họ tên và đóng dấu)",
    )
    if kind == DocumentKind.APOLOGY:
        return c.ApologyContext(
            agency=agency_header(dossier.agency),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            received_at=dossier.received_at,
            original_due_at=_when(event.data.get("old_due")) or dossier.original_due_at,
            reason=event.reason,
            new_due_at=_when(event.data.get("new_due")),
            signatory=signatory,
            **common,
        )
    if kind == DocumentKind.STOP_NOTICE:
        step = DossierStep.objects.filter(dossier=dossier, state=StepState.ACTIVE).order_by("order").first()
        stage = step.work if step is not None else State(event.from_state).label
        return c.StopNoticeContext(
            agency=agency_header(dossier.agency),
            applicant=applicant_of(dossier),
            procedure_name=version.name,
            received_at=dossier.received_at or dossier.submitted_at,
            stopped_at=event.at,
            stage_reached=str(stage),
            reason=event.reason,
            signatory=signatory,
            **common,
        )
    if kind == DocumentKind.CONTROL_SLIP:
        return control_slip_context(dossier, until=event)
    raise ValueError(f"no context for form {kind!r}")


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
    return c.ReceiptContext(
        agency=desk_header(dossier.agency),
        issued_on=_local_date(received),
        dossier_code=dossier.code,
        applicant=applicant_of(dossier),
        procedure_name=version.name,
        papers=[
            c.PaperReceived(name=p.name, kind=PAPER_KINDS.get(p.kind, c.PaperKind.COPY), count=p.count)
            for p in papers
        ],
        legal_time_limit=version.time_limit_display(),
        received_at=received,
        promised_at=dossier.due_at,
        return_channel=str(ResultChannel(dossier.return_channel).label),
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
    return render_form("mau_06", control_slip_context(_dossier(dossier.pk)))


def tracking_book_pdf(agency, start: dt.date, end: dt.date, *, book_label: str = "") -> bytes:
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
    return render_form("mau_07", context)


# ---------------------------------------------------------------------------------------------
# A generated result document (when the approver does not upload one)

RESULT_TEMPLATE = Template(
    """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
html { font-family: "Liberation Serif", "Noto Serif", serif; font-size: 13pt; line-height: 1.35; }
table.h { width: 100%; } table.h td { text-align: center; vertical-align: top; width: 50%; }
.b { font-weight: bold; } .u { text-transform: uppercase; } h1 { text-align: center; font-size: 14pt; margin-top: 18pt; }
.sig { margin-left: 50%; text-align: center; margin-top: 18pt; }
</style></head><body>
<table class="h"><tr><td><div class="u">{{ parent }}</div><div class="u b">{{ agency }}</div></td>
<td><div class="b">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="b">Độc lập - Tự do - Hạnh phúc</div>
<div><i>{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}</i></div></td></tr></table>
<h1>KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH</h1>
<p>Thủ tục: {{ procedure }}</p>
<p>Kết quả: {{ result }}</p>
<p>Cấp cho: {{ applicant }}{% if id_number %} — Số định danh: {{ id_number }}{% endif %}</p>
<p>Mã hồ sơ: {{ code }}</p>
<div class="sig b">THỦ TRƯỞNG CƠ QUAN</div>
</body></html>"""
)


def result_pdf(dossier: Dossier) -> bytes:
    from weasyprint import HTML

    dossier = _dossier(dossier.pk)
    today = timezone.localdate()
    a = dossier.contact
    html = RESULT_TEMPLATE.render(
        Context(
            {
                "parent": dossier.agency.parent.name if dossier.agency.parent_id else "",
                "agency": dossier.agency.name,
                "place": place_of(dossier.agency),
                "day": f"{today.day:02d}",
                "month": f"{today.month:02d}",
                "year": today.year,
                "procedure": dossier.procedure_version.name,
                "result": dossier.procedure_version.result_name or dossier.procedure_version.name,
                "applicant": a.name,
                "id_number": a.number,
                "code": dossier.code,
            }
        )
    )
    return HTML(string=html).write_pdf()


__all__ = [
    "control_slip_pdf",
    "ensure_form",
    "hand_overs",
    "missing_forms",
    "render_for_event",
    "result_pdf",
    "tracking_book_pdf",
    "tracking_url",
]
