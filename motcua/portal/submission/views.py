"""Online submission, one thing per page (GOV.UK style): the agency, the case, the e-form, each
component (upload, or a paper from the citizen's store), how the result is received, review,
submit. Screens parse and render; `dossiers.online` checks and writes (the draft, the intake)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motcua.catalog import eforms, selectors
from motcua.catalog import intake as catalog_intake
from motcua.core.files import serve
from motcua.dossiers import online, store
from motcua.dossiers.models import ResultChannel
from motcua.dossiers.selectors import supplement_request_items
from motcua.dossiers.states import State
from motcua.org.models import Agency


def _errors(error: ValidationError) -> list[str]:
    return [m for m in error.messages]


def _draft(request, token):
    draft = online.draft_of(request.user, token)
    if draft is None:
        raise Http404
    return draft


def _steps(draft) -> list[tuple[str, str]]:
    """(url name, kwargs suffix) of the wizard's pages in order; a page with nothing to ask is left out."""
    steps = [("agency", "")]
    if len(online.case_choices(draft.procedure_version)) > 1:
        steps.append(("case", ""))
    if eforms.eform_fields(draft.procedure_version) is not None:
        steps.append(("eform", ""))
    steps += [("component", str(r.pk)) for r in online.components(draft)]
    steps += [("result", ""), ("review", "")]
    return steps


def _url(draft, step: tuple[str, str]) -> str:
    name, arg = step
    kwargs = {"token": draft.token}
    if arg:
        kwargs["requirement_id"] = int(arg)
    return reverse(f"portal:submission-{name}", kwargs=kwargs)


def _next(draft, current: tuple[str, str]):
    steps = _steps(draft)
    index = steps.index(current) if current in steps else -1
    return redirect(_url(draft, steps[min(index + 1, len(steps) - 1)]))


def _back(draft, current: tuple[str, str]) -> str:
    steps = _steps(draft)
    index = steps.index(current) if current in steps else 0
    return _url(draft, steps[index - 1]) if index > 0 else reverse("portal:submission-drafts")


@login_required
@require_http_methods(["GET", "POST"])
def start(request, code):
    version = selectors.published_version(code)
    if version is None or not catalog_intake.accepts_online(version):
        raise Http404
    if request.method == "POST":
        draft = online.start(user=request.user, version=version, now=timezone.now())
        return redirect(_url(draft, ("agency", "")))
    return render(
        request, "portal/submission/start.html", {"v": version, "full": catalog_intake.online_full(version)}
    )


@login_required
def drafts(request):
    return render(request, "portal/submission/drafts.html", {"drafts": online.drafts_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def agency(request, token):
    draft = _draft(request, token)
    choices = online.competent_agencies(draft.procedure_version, store.person_of(request.user))
    errors: list[str] = []
    if request.method == "POST":
        chosen = Agency.objects.filter(pk=request.POST.get("agency") or None).first()
        try:
            if chosen is None:
                raise ValidationError(_("Chọn cơ quan tiếp nhận hồ sơ."))
            online.choose_agency(draft=draft, agency=chosen, now=timezone.now())
            return _next(draft, ("agency", ""))
        except ValidationError as error:
            errors = _errors(error)
    return render(
        request,
        "portal/submission/agency.html",
        {"draft": draft, "choices": choices, "errors": errors, "back": _back(draft, ("agency", ""))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case(request, token):
    draft = _draft(request, token)
    errors: list[str] = []
    if request.method == "POST":
        try:
            online.choose_case(draft=draft, case_id=request.POST.get("case") or None, now=timezone.now())
            return _next(draft, ("case", ""))
        except ValidationError as error:
            errors = _errors(error)
    return render(
        request,
        "portal/submission/case.html",
        {
            "draft": draft,
            "cases": online.case_choices(draft.procedure_version),
            "errors": errors,
            "back": _back(draft, ("case", "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def eform(request, token):
    draft = _draft(request, token)
    form_class = eforms.eform_fields(draft.procedure_version)
    if form_class is None:
        return _next(draft, ("eform", ""))
    form = form_class(request.POST or None, initial=form_class.initial_from(draft.eform_data))
    if request.method == "POST" and form.is_valid():
        online.save_eform(draft=draft, data=form.eform_data(), now=timezone.now())
        return _next(draft, ("eform", ""))
    return render(
        request,
        "portal/submission/eform.html",
        {"draft": draft, "form": form, "back": _back(draft, ("eform", ""))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def component(request, token, requirement_id):
    draft = _draft(request, token)
    requirement = next((r for r in online.components(draft) if r.pk == requirement_id), None)
    if requirement is None:
        raise Http404
    person = store.person_of(request.user)
    step = ("component", str(requirement_id))
    errors: list[str] = []
    if request.method == "POST":
        now = timezone.now()
        try:
            if person is None:
                raise ValidationError(_("Tài khoản chưa được xác thực định danh điện tử."))
            if request.POST.get("registry"):
                online.take_from_registry(
                    draft=draft,
                    requirement_id=requirement_id,
                    typed={
                        "full_name": request.POST.get("full_name", ""),
                        "date_of_birth": request.POST.get("date_of_birth", ""),
                        "address": request.POST.get("address", ""),
                    },
                    applicant=person,
                    now=now,
                )
            elif request.FILES.get("file"):
                online.upload_component(
                    draft=draft,
                    requirement_id=requirement_id,
                    file=request.FILES["file"],
                    applicant=person,
                    now=now,
                )
            elif request.POST.get("stored"):
                online.reuse_component(
                    draft=draft,
                    requirement_id=requirement_id,
                    document_id=request.POST["stored"],
                    applicant=person,
                    now=now,
                )
            elif requirement.mandatory and str(requirement_id) not in draft.papers:
                raise ValidationError(_("Tải lên tệp hoặc chọn một giấy tờ trong kho dữ liệu."))
            return _next(draft, step)
        except ValidationError as error:
            errors = _errors(error)
    current = online.provided(draft).get(requirement_id)
    return render(
        request,
        "portal/submission/component.html",
        {
            "draft": draft,
            "requirement": requirement,
            "current": current,
            "registry": online.registry_offered(requirement) and person is not None,
            "from_registry": online.registry_entries(draft).get(requirement_id),
            "typed": request.POST
            if request.method == "POST"
            else {
                "full_name": person.full_name if person else "",
                "date_of_birth": person.date_of_birth.isoformat() if person and person.date_of_birth else "",
                "address": person.address if person else "",
            },
            "offered": store.offered_for(person, requirement.name),
            "errors": errors,
            "back": _back(draft, step),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def result(request, token):
    draft = _draft(request, token)
    errors: list[str] = []
    if request.method == "POST":
        try:
            online.set_return_channel(
                draft=draft,
                channel=request.POST.get("return_channel") or ResultChannel.DESK,
                now=timezone.now(),
            )
            return _next(draft, ("result", ""))
        except (ValidationError, ValueError) as error:
            errors = _errors(error) if isinstance(error, ValidationError) else [_("Lựa chọn không hợp lệ.")]
    choices = [(ResultChannel.DESK, ResultChannel.DESK.label)]
    if draft.procedure_version.result_electronic:
        choices.append((ResultChannel.ELECTRONIC, ResultChannel.ELECTRONIC.label))
    return render(
        request,
        "portal/submission/result.html",
        {"draft": draft, "choices": choices, "errors": errors, "back": _back(draft, ("result", ""))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, token):
    draft = _draft(request, token)
    if draft.dossier_id:
        return redirect("portal:submission-done", token=draft.token)
    errors: list[str] = []
    if request.method == "POST":
        try:
            online.submit(draft=draft, user=request.user, now=timezone.now())
            return redirect("portal:submission-done", token=draft.token)
        except ValidationError as error:
            errors = _errors(error)
    docs = online.provided(draft)
    registry = online.registry_entries(draft)
    rows = [
        (r, docs.get(r.pk), registry.get(r.pk), _url(draft, ("component", str(r.pk))))
        for r in online.components(draft)
    ]
    return render(
        request,
        "portal/submission/review.html",
        {
            "draft": draft,
            "rows": rows,
            "eform": eforms.printable(draft.procedure_version, draft.eform_data) if draft.eform_data else [],
            "errors": errors,
            "back": _back(draft, ("review", "")),
        },
    )


@login_required
def done(request, token):
    draft = _draft(request, token)
    if not draft.dossier_id:
        return redirect("portal:submission-review", token=draft.token)
    messages.success(request, _("Đã nộp hồ sơ %(code)s.") % {"code": draft.dossier.code})
    return render(request, "portal/submission/done.html", {"draft": draft, "dossier": draft.dossier})


@login_required
@require_http_methods(["GET", "POST"])
def supplement(request, code):
    """The supplement request with its items; one upload per item, answered once."""
    dossier = online.my_dossier(request.user, code)
    if dossier is None:
        raise Http404
    items = supplement_request_items(dossier)
    errors: list[str] = []
    if request.method == "POST":
        files = {
            str(item.get("what") or _("Giấy tờ bổ sung")): request.FILES[f"item-{i}"]
            for i, item in enumerate(items)
            if request.FILES.get(f"item-{i}")
        }
        try:
            online.answer_supplement(dossier=dossier, user=request.user, files=files, now=timezone.now())
            messages.success(request, _("Đã gửi hồ sơ bổ sung."))
            return redirect("portal:submission-supplement", code=code)
        except ValidationError as error:
            errors = _errors(error)
    open_request = dossier.state == State.SUPPLEMENT_REQUESTED
    return render(
        request,
        "portal/submission/supplement.html",
        {"dossier": dossier, "items": items, "open": open_request, "errors": errors},
    )


@login_required
@require_GET
def result_download(request, code):
    doc = online.electronic_result(request.user, code)
    if doc is None:
        raise Http404
    return serve(doc.file, filename=f"{code}-ket-qua.pdf")
