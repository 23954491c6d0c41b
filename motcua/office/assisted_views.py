"""Assisted submission (nộp hộ, DOMAIN.md §7.9): a desk officer submits online on a citizen's
behalf. Page 1 picks the citizen by ID number (the population database), the procedure, and records
the citizen's consent; page 2 fills the submission and sends it through the portal's own command
(`dossiers.online.submit_assisted` → `intake.submit_online`). Screens parse and render."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.catalog import eforms
from motcua.catalog import selectors as catalog
from motcua.dossiers import online, services
from motcua.dossiers.models import ResultChannel

from .access import staff_required


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [m for e in items for m in e.messages] for name, items in error.error_dict.items()}
    return {"__all__": list(error.messages)}


@staff_required
@require_http_methods(["GET", "POST"])
def start(request):
    services.require_desk_officer(request.staff)  # a PermissionDenied: 403
    values = request.POST if request.method == "POST" else request.GET
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        version = catalog.published_version((values.get("procedure") or "").strip())
        try:
            if version is None:
                raise ValidationError({"procedure": [_("Không có thủ tục đang công bố mang mã này.")]})
            draft = online.start_assisted(
                officer=request.staff,
                id_number=values.get("id_number", ""),
                version=version,
                consent=values.get("consent", ""),
                phone=values.get("phone", ""),
                now=timezone.now(),
            )
            return redirect("office:assisted_submit", token=draft.token)
        except ValidationError as error:
            errors = _messages(error)
    return render(
        request,
        "office/assisted_start.html",
        {
            "values": values,
            "errors": errors,
            "drafts": online.assisted_drafts(request.staff)[:20],
            "section": "assisted",
        },
        status=422 if errors else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def submit(request, token):
    services.require_desk_officer(request.staff)
    draft = online.assisted_drafts(request.staff).filter(token=token).first()
    if draft is None:
        raise Http404
    agencies = online.competent_agencies(draft.procedure_version, online.citizen_data(draft))
    errors: dict[str, list[str]] = {}
    posted = request.method == "POST" and not draft.dossier_id
    # The portal's e-form step (catalog.eforms), filled with the citizen: the same form and rules.
    eform_class = eforms.eform_fields(draft.procedure_version)
    eform = (
        eform_class(request.POST if posted else None, initial=eform_class.initial_from(draft.eform_data))
        if eform_class
        else None
    )
    if posted and eform is not None and not eform.is_valid():
        errors = {"eform": [_("Tờ khai điện tử chưa đúng hoặc chưa đủ: xem các ô được đánh dấu.")]}
    elif posted:
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        # Keyed by component; the command keeps those of the case chosen.
        files = {
            int(name.removeprefix("paper-")): f
            for name, f in request.FILES.items()
            if name.startswith("paper-") and name.removeprefix("paper-").isdigit()
        }
        try:
            online.submit_assisted(
                draft=draft,
                officer=request.staff,
                agency=agency,
                case_id=request.POST.get("case") or None,
                files=files,
                return_channel=int(request.POST.get("return_channel") or ResultChannel.DESK),
                eform_data=eform.eform_data() if eform is not None else None,
                now=timezone.now(),
            )
            return redirect("office:assisted_submit", token=draft.token)
        except ValidationError as error:
            errors = _messages(error)
        except ValueError:
            errors = {"return_channel": [_("Lựa chọn không hợp lệ.")]}
    channels = [(ResultChannel.DESK, ResultChannel.DESK.label)]
    if draft.procedure_version.result_electronic:
        channels.append((ResultChannel.ELECTRONIC, ResultChannel.ELECTRONIC.label))
    return render(
        request,
        "office/assisted_submit.html",
        {
            "draft": draft,
            "citizen": draft.citizen,
            "agencies": agencies,
            "cases": online.case_choices(draft.procedure_version),
            "components": online.components(draft),
            "channels": channels,
            "eform": eform,
            "errors": errors,
            "section": "assisted",
        },
        status=422 if errors else 200,
    )
