"""Views of the officers' workspace. They parse input, call `motcua.dossiers.services` and render;
they never change a dossier themselves."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.catalog import eforms
from motcua.catalog import fees as catalog_fees
from motcua.catalog import intake as catalog_intake
from motcua.catalog import selectors as catalog
from motcua.catalog.models import Presentation, ProcedureVersion
from motcua.core.text import fold
from motcua.dossiers import access, commands, deadlines, downloads, national_sync, online, sector, services
from motcua.dossiers.audit import Actor
from motcua.dossiers.forms import printable_forms
from motcua.dossiers.models import (
    DocumentKind,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierPaper,
    DossierStep,
    PaperSource,
)
from motcua.dossiers.states import FINAL_STATES, FINISHED_STATES, Action, Channel
from motcua.org.models import Role
from motcua.reports import alerts

from . import actions, queue
from .access import forbidden, roles_of, served_agencies, staff_required, visible_dossiers
from .forms import IntakeForm, SearchForm

#: States whose dossier page shows no time band: the clock has stopped for good.
CLOCKLESS = FINISHED_STATES | FINAL_STATES


class LoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# ---------------------------------------------------------------------------------------------
# My work


@staff_required
@require_GET
def my_work(request):
    now = timezone.now()
    page = queue.page_number(request)
    context = {"queue": queue.build(request, now, page), "now": now, "bands": queue.BANDS, "section": "queue"}
    context["tracking_book"] = Role.DESK_OFFICER in roles_of(request.staff)  # Mẫu 07 is the desk's book
    if is_htmx(request):
        if page > 1:  # "more": the next rows, appended to the table
            return render(request, "office/partials/queue_rows.html", context)
        return render(request, "office/partials/queue.html", context)
    return render(request, "office/queue.html", context)


# ---------------------------------------------------------------------------------------------
# Intake


def _case_and_components(version: ProcedureVersion, source):
    """The chosen case (default when none or unknown), the channel, and that case's components for
    the channel: the intake's checklist (catalog.intake)."""
    try:
        case = catalog_intake.resolve_case(version, source.get("case") or None)
    except ValidationError:
        case = catalog_intake.resolve_case(version, None)
    try:
        channel = int(source.get("channel") or Channel.DESK)
    except ValueError:
        channel = Channel.DESK
    return case, channel, catalog_intake.components(version, case=case, channel=channel)


def _fee(version, source, channel):
    """(total, lines) of the fee for the pages and copies typed on the intake screen."""

    def number(name):
        value = source.get(name) or "1"
        return max(1, min(int(value), 10000)) if value.isdigit() else 1

    return catalog_fees.fee_for(version, pages=number("pages"), copies=number("copies"), channel=channel)


def _intake_version(request, agencies, raw) -> ProcedureVersion | None:
    return catalog.version_for_intake(raw, [a.pk for a in agencies])


def _procedure_results(request, agencies, query: str, agency_id=None):
    if not query.strip():
        return []
    chosen = [a for a in agencies if str(a.pk) == str(agency_id)] or agencies
    # Another agency's procedures only when opened to boundary-free intake (dossiers.access).
    competent = access.intake_versions(request.staff, [a.pk for a in chosen], timezone.localdate())
    return list(catalog.search_procedures(query=query).filter(pk__in=competent)[:15])


def _promised(version, agency, now):
    """(promised time, error message) for a dossier of `version` received by `agency` now."""
    try:
        return services.promised_time(version=version, agency=agency, received_at=now), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


@staff_required
def intake(request):
    staff = request.staff
    agencies = served_agencies(staff)
    services.require_desk_officer(staff)  # the intake command's rule (a PermissionDenied: 403)
    source = request.POST if request.method == "POST" else request.GET
    version = _intake_version(request, agencies, source.get("version"))
    agency_id = source.get("agency") or (agencies[0].pk if agencies else None)
    agency = next((a for a in agencies if str(a.pk) == str(agency_id)), agencies[0] if agencies else None)
    if version is not None and agency is not None and not catalog.implemented_by(version, agency):
        agency = next((a for a in agencies if catalog.implemented_by(version, a)), agency)
    case, channel, requirements = _case_and_components(version, source) if version else (None, None, [])
    cases = list(version.cases.all()) if version else []
    initial = {
        "version": version.pk if version else None,
        "agency": agency.pk if agency else None,
        "submission": uuid.uuid4().hex,
        "case": case.pk if case else None,
    }
    eform_class = eforms.eform_fields(version) if version else None
    eform = eform_class() if eform_class else None
    if request.method == "POST" and version is not None:
        form = IntakeForm(
            request.POST, request.FILES, agencies=agencies, requirements=requirements, cases=cases
        )
        eform = eform_class(request.POST) if eform_class else None
        # At the desk and by post the e-form is optional (the paper tờ khai may be handed in): left
        # blank, it is not sent; begun, it is checked in full.
        filled = eform is not None and _eform_filled(eform)
        eform_ok = not filled or eform.is_valid()
        if form.is_valid() and eform_ok:
            dossier = _receive(request, form, version, agencies, eform=eform if filled else None)
            if dossier is not None:
                return redirect(reverse("office:dossier", args=[dossier.code]) + "?moi=1")
    else:
        form = IntakeForm(initial=initial, agencies=agencies, requirements=requirements, cases=cases)
    now = timezone.now()
    promised, promised_error = _promised(version, agency, now) if version and agency else (None, "")
    query = request.GET.get("q", "")
    context = {
        "form": form,
        "eform": eform,
        "version": version,
        "agency": agency,
        "agencies": agencies,
        "query": query,
        "results": _procedure_results(request, agencies, query, agency_id) if not version else [],
        "promised": promised,
        "promised_error": promised_error,
        "now": now,
        "section": "intake",
        "cases": cases,
        "fee": _fee(version, source, channel) if version else None,
        # A centre may receive for other agencies (Decree 118/2025): ask where to return the result.
        "boundary_free": agency is not None and agency.pk not in access.served_agency_ids(staff),
    }
    has_errors = form.errors or (eform is not None and eform.is_bound and eform.errors)
    return render(request, "office/intake.html", context, status=422 if has_errors else 200)


def _eform_filled(eform) -> bool:
    """Whether the officer typed anything into the e-form."""
    return any((eform.data.get(name) or "").strip() for name in eform.fields)


@staff_required
@require_GET
def intake_papers(request):
    """htmx: the component checklist of the chosen case for the chosen channel."""
    agencies = served_agencies(request.staff)
    version = _intake_version(request, agencies, request.GET.get("version"))
    if version is None:
        return HttpResponse("")
    _case, _channel, requirements = _case_and_components(version, request.GET)
    form = IntakeForm(agencies=agencies, requirements=requirements, cases=version.cases.all())
    return render(request, "office/partials/paper_rows.html", {"form": form})


@staff_required
@require_GET
def intake_fee(request):
    """htmx: the fee for the pages and copies typed (catalog.fees)."""
    agencies = served_agencies(request.staff)
    version = _intake_version(request, agencies, request.GET.get("version"))
    if version is None:
        return HttpResponse("")
    _case, channel, _requirements = _case_and_components(version, request.GET)
    return render(request, "office/partials/fee.html", {"fee": _fee(version, request.GET, channel)})


def _receive(request, form: IntakeForm, version, agencies, *, eform=None) -> Dossier | None:
    data = form.cleaned_data
    agency = next(a for a in agencies if a.pk == data["agency"])
    papers = [
        actions.desk_paper(req, req.name, count, kind, upload)
        for req, count, kind, upload in form.ticked_papers()
    ]
    for paper, (req, *_rest) in zip(papers, form.ticked_papers(), strict=True):
        if req.presentation == Presentation.SHOW:  # shown at the desk: seen, not kept
            paper.shown_only, paper.file, paper.source = True, None, PaperSource.PAPER
    applicant = services.ApplicantData(
        kind=data["kind"],
        full_name=data["full_name"],
        id_number=data["id_number"].replace(" ", "").replace(".", ""),
        date_of_birth=data["date_of_birth"],
        organisation=data["organisation"],
        tax_code=data["tax_code"],
        address=data["address"],
        phone=data["phone"],
        email=data["email"],
    )
    intake = services.Intake(
        version=version,
        agency=agency,
        applicant=applicant,
        papers=papers,
        channel=data["channel"],
        postal_item_number=data["postal_item_number"].strip(),
        case_id=data.get("case"),
        eform_data=eform.eform_data() if eform is not None else None,
        return_place=data.get("return_place") or "",
        originals_to_send=bool(data.get("originals_to_send")),
    )
    key = f"office:{request.user.pk}:{data['submission']}" if data.get("submission") else None
    try:  # a double click or a resent form: the intake command returns the first dossier
        return services.receive_at_desk(
            officer=request.staff, intake=intake, now=timezone.now(), idempotency_key=key
        )
    except ValidationError as error:
        _add_errors(form, error, eform=eform)
    except PermissionDenied as error:
        form.add_error(None, str(error))
    return None


def _add_errors(form, error: ValidationError, *, eform=None) -> None:
    """The service's errors, next to the field they name (the rest above the form); the e-form's
    (`eform_data.child.birth_date`) next to its field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        if eform is not None and name.startswith("eform_data."):
            target = eforms.field_name(name.removeprefix("eform_data."))
            if target in eform.fields:
                eform.add_error(target, messages)
                continue
        form.add_error(name if name in form.fields else None, messages)


@staff_required
@require_GET
def intake_procedures(request):
    """htmx: the procedures matching the search box (diacritics-insensitive)."""
    agencies = served_agencies(request.staff)
    query = request.GET.get("q", "")
    results = _procedure_results(request, agencies, query, request.GET.get("agency"))
    return render(request, "office/partials/procedure_results.html", {"results": results, "query": query})


@staff_required
@require_GET
def intake_promised(request):
    """htmx: the promised return time if the dossier were received now (same-day cut-off included)."""
    agencies = served_agencies(request.staff)
    version = _intake_version(request, agencies, request.GET.get("version"))
    agency = next((a for a in agencies if str(a.pk) == request.GET.get("agency")), None)
    if version is None or agency is None:
        return HttpResponse("")
    now = timezone.now()
    promised, error = _promised(version, agency, now)
    return render(
        request,
        "office/partials/promised.html",
        {"promised": promised, "promised_error": error, "now": now, "version": version, "agency": agency},
    )


@staff_required
@require_GET
def intake_applicant(request):
    """htmx: prefill the applicant from an earlier dossier, found by personal ID number or tax code."""
    number = "".join(ch for ch in request.GET.get("id_number", "") if ch.isdigit())
    applicant = None
    # Only desk officers, only among the applicants of dossiers at an agency they receive for.
    people = access.applicants_for_lookup(request.staff)
    if len(number) == 12:
        applicant = people.filter(id_number=number).order_by("-pk").first()
    elif len(number) in (10, 13):
        applicant = people.filter(tax_code=number).order_by("-pk").first()
    agencies = served_agencies(request.staff)
    initial = {}
    if applicant is not None:
        initial = {name: getattr(applicant, name) for name in IntakeForm.APPLICANT_FIELDS}
    else:
        initial = {
            name: request.GET.get(name, "") for name in IntakeForm.APPLICANT_FIELDS if request.GET.get(name)
        }
    form = IntakeForm(initial=initial, agencies=agencies)
    return render(
        request,
        "office/partials/applicant.html",
        {"form": form, "found": applicant, "looked_up": bool(number), "number": number},
    )


# ---------------------------------------------------------------------------------------------
# Dossier page


def _dossier_or_404(request, code: str) -> Dossier:
    qs = visible_dossiers(request.user).select_related(
        "procedure_version__procedure", "procedure_version__sector", "agency", "applicant", "received_by"
    )
    return get_object_or_404(qs, code=code)


def _dossier_context(request, dossier: Dossier, *, bound: tuple[str, object] | None = None, done: str = ""):
    now = timezone.now()
    roles = roles_of(request.staff)
    steps = list(
        DossierStep.objects.filter(dossier=dossier).select_related(
            "agency", "unit", "assignee", "completed_by__staff"
        )
    )
    ctx = actions.Context(dossier, request.staff, roles, steps)
    action_forms = []
    offered = ctx.offered()
    # The act that moves the dossier on is open and ready (one click), unless another form is being
    # corrected after an error.
    forward = next((a for a in offered if commands.COMMANDS[a].forward), None) if not bound else None
    for action in offered:
        command = commands.COMMANDS[action]
        form = bound[1] if bound and bound[0] == action else actions.make_form(action, ctx)
        action_forms.append(
            {
                "action": action,
                "label": command.label,
                "form": form,
                "spec": command,
                "available": True,
                "open": bool(bound and bound[0] == action) or action == forward,
            }
        )
    documents = list(DossierDocument.objects.filter(dossier=dossier).select_related("created_by", "step"))
    events = list(DossierEvent.objects.filter(dossier=dossier).select_related("actor"))
    # A dossier whose process names a sector system: its hand-offs (no query for the others).
    sector_code = next((s.sector_system for s in steps if s.sector_system), "")
    handoffs = sector.handoffs_of(dossier) if sector_code else []
    return {
        "dossier": dossier,
        "now": now,
        "band": queue.band(dossier, now) if dossier.state not in CLOCKLESS else "",
        "time_left": deadlines.time_left(dossier, now),
        "events": events,
        # Submitted online by a desk officer for the citizen (nộp hộ): who, and the consent.
        "assisted": online.assistance(events),
        "papers": list(DossierPaper.objects.filter(dossier=dossier).select_related("stored_document")),
        "steps": steps,
        "documents": documents,
        "receipt": next((d for d in documents if d.kind == DocumentKind.RECEIPT), None),
        "action_forms": action_forms,
        # The forms this dossier's page offers to print (dossiers.forms.printable_forms decides).
        "printable": [(kind, DocumentKind(kind).label) for kind in printable_forms(dossier)],
        "done": done,
        "sector_code": sector_code,
        "handoffs": handoffs,
        "sector_offer": bool(sector_code)
        and sector.may_hand_off(ctx.actor, dossier, code=sector_code, handoffs=handoffs),
        "is_new": request.GET.get("moi") == "1",
        # The system's Mẫu 04 draft (a predicted miss of the promised time), to review and sign here.
        "apology_draft": alerts.draft_of(dossier),
        "roles": roles,
        # The national portal sync (issue 13): the last record's state, shown, never in the way.
        "sync": national_sync.state_of(dossier),
    }


@staff_required
@require_GET
def dossier_detail(request, code: str):
    dossier = _dossier_or_404(request, code)
    return render(request, "office/dossier.html", _dossier_context(request, dossier))


@staff_required
@require_POST
def dossier_action(request, code: str, action: str):
    dossier = _dossier_or_404(request, code)
    if action not in actions.SPECS:
        raise Http404(action)
    roles = roles_of(request.staff)
    spec = actions.SPECS[action]
    steps = list(DossierStep.objects.filter(dossier=dossier).select_related("agency", "unit", "assignee"))
    ctx = actions.Context(dossier, request.staff, roles, steps)
    # Not offered to this officer (role, agency, step): 403; a state that moved on (another officer
    # was faster): the service's refusal is shown on the form.
    refusal = commands.refusal(ctx.actor, dossier, Action(action), situation=ctx.situation)
    if isinstance(refusal, PermissionDenied):
        return forbidden(request, refusal)
    form = actions.make_form(action, ctx, data=request.POST, files=request.FILES)
    if form.is_valid():
        try:
            commands.run(
                action,
                dossier=dossier,
                actor=ctx.actor,
                data=spec.to_input(form.cleaned_data, dossier),
                now=timezone.now(),
            )
        except PermissionDenied as error:
            return forbidden(request, error)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not is_htmx(request):
                return redirect("office:dossier", code=dossier.code)
            dossier = _dossier_or_404(request, code)
            context = _dossier_context(request, dossier, done=Action(action).label)
            return render(request, "office/partials/dossier_body.html", context)
    status = 422 if form.errors else 200
    dossier = _dossier_or_404(request, code)
    context = _dossier_context(request, dossier, bound=(action, form))
    template = "office/partials/dossier_body.html" if is_htmx(request) else "office/dossier.html"
    response = render(request, template, context, status=status)
    if is_htmx(request):
        # htmx ignores 4xx answers by default: the page swaps them in anyway (see office.js config).
        response.status_code = 200
    return response


@staff_required
@require_POST
def sector_handoff(request, code: str):
    """The officer hands the dossier to its sector system (dossiers.sector.hand_to_sector)."""
    dossier = _dossier_or_404(request, code)
    actor = Actor.officer(request.staff)
    try:
        sector.hand_to_sector(dossier=dossier, actor=actor, now=timezone.now())
    except PermissionDenied as error:
        return forbidden(request, error)
    except ValidationError as error:
        context = _dossier_context(request, dossier)
        context["sector_error"] = "; ".join(error.messages)
        return render(request, "office/dossier.html", context, status=422)
    return redirect("office:dossier", code=dossier.code)


@staff_required
@require_GET
def document_file(request, code: str, pk: int):
    document = downloads.file_of(request.user, DossierDocument, code=code, pk=pk)
    if document is None:
        raise Http404
    return downloads.file_response(document, inline=request.GET.get("tai") != "1")


@staff_required
@require_GET
def paper_file(request, code: str, pk: int):
    paper = downloads.file_of(request.user, DossierPaper, code=code, pk=pk)
    if paper is None:
        raise Http404
    return downloads.file_response(paper, inline=True)


@staff_required
@require_GET
def print_form(request, code: str, kind: str):
    """The latest issued form of `kind` (mau_01 … mau_06) for printing."""
    dossier = _dossier_or_404(request, code)
    if kind not in DocumentKind.values:
        raise Http404(kind)
    if kind == DocumentKind.CONTROL_SLIP:
        # The control slip (Mẫu 06) grows with every hand-over: rendered fresh each time.
        from motcua.dossiers.forms import control_slip_pdf

        response = HttpResponse(control_slip_pdf(dossier), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{dossier.code}-mau-06.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response
    document = _issued(dossier, kind)
    if document is None:
        return render(
            request,
            "office/form_missing.html",
            {"dossier": dossier, "kind_label": DocumentKind(kind).label},
            status=404,
        )
    return downloads.file_response(document, inline=True)


@staff_required
@require_GET
def declaration(request, code: str):
    """The declaration (tờ khai) typed into the e-form, as PDF, rendered from the dossier's data;
    only for a dossier the officer may see (404 otherwise) that has e-form data."""
    dossier = _dossier_or_404(request, code)
    if not dossier.eform_data:
        raise Http404
    pdf = eforms.declaration_pdf(
        dossier.procedure_version,
        dossier.eform_data,
        requester_name=dossier.applicant.full_name,
        agency_name=dossier.agency.name,
        dossier_code=dossier.code,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{dossier.code}-to-khai.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Mẫu 07: the desk's tracking book for a period (default: this month so far)


@staff_required
@require_GET
def tracking_book(request):
    from motcua.dossiers.forms import tracking_book_pdf

    if Role.DESK_OFFICER not in roles_of(request.staff):
        raise PermissionDenied(_("Sổ theo dõi hồ sơ là của Bộ phận Một cửa."))
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("tu") or today.replace(day=1).isoformat())
        end = dt.date.fromisoformat(request.GET.get("den") or today.isoformat())
    except ValueError:
        raise Http404("ngày") from None
    pdf = tracking_book_pdf(request.staff.agency, start, end, book_label=f"Năm {start.year}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}.pdf"'
    return response


def _issued(dossier, kind):
    """The stored form, rendered now by the backend if its event has none yet (a lost render)."""
    from motcua.dossiers.forms import ensure_form

    return ensure_form(dossier, kind)


# ---------------------------------------------------------------------------------------------
# Search


@staff_required
@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    rows, searched = [], False
    if form.is_bound and form.is_valid():
        searched = any(v not in (None, "") for v in form.cleaned_data.values())
        if searched:
            rows = list(_search(request, form.cleaned_data)[:100])
    context = {"form": form, "rows": rows, "searched": searched, "now": timezone.now(), "section": "search"}
    template = "office/partials/search_results.html" if is_htmx(request) else "office/search.html"
    return render(request, template, context)


def _search(request, data):
    """The backend's search on the officer's visible dossiers; the procedure box also takes a name,
    matched word by word without diacritics."""
    from motcua.dossiers.selectors import search_dossiers

    qs = search_dossiers(
        visible_dossiers(request.user),
        q=data.get("q") or "",
        state=data.get("state"),
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
    )
    procedure = (data.get("procedure") or "").strip()
    if procedure:
        name = Q()
        for word in (w for w in fold(procedure).split(" ") if w):
            name &= Q(procedure_version__name_folded__contains=word)
        qs = qs.filter(Q(procedure_version__procedure__code=procedure) | name)
    return qs.select_related("procedure_version__procedure", "applicant").order_by(
        F("submitted_at").desc(), "code"
    )
