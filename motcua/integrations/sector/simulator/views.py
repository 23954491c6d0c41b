"""The simulator's API (what MotCua's plugin calls) and its page (a tester finishes or refuses a
received dossier)."""

from __future__ import annotations

import json

from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .. import record, signing
from ..config import system, systems
from ..models import SimulatedSectorCase
from . import protocol


def _system_or_404(code: str):
    found = system(code)
    if found is None:
        raise Http404
    return found


@csrf_exempt
@require_POST
def receive(request, code: str):
    """Take a dossier's record: signed, valid against the schema; one case per reference."""
    sector = _system_or_404(code)
    try:
        signing.verify(
            request.body,
            secret=sector.secret,
            timestamp=request.headers.get(signing.TIMESTAMP_HEADER, ""),
            given=request.headers.get(signing.SIGNATURE_HEADER, ""),
            now=timezone.now(),
        )
    except signing.Refused as refused:
        return JsonResponse({"error": refused.reason, "message": "Chữ ký không hợp lệ."}, status=401)
    try:
        data = json.loads(request.body)
    except ValueError:
        return JsonResponse({"error": "invalid_json", "message": "Nội dung không phải JSON."}, status=400)
    problems = record.errors(data)
    if not problems and data["system"] != sector.code:
        problems = ["system: hồ sơ gửi nhầm hệ thống"]
    if problems:
        return JsonResponse({"error": "invalid_record", "message": "; ".join(problems)[:2000]}, status=400)
    existing = SimulatedSectorCase.objects.filter(reference=data["reference"]).first()
    if existing is not None:  # the same record again (a retry): the same case, no second callback
        return JsonResponse({"external_code": existing.external_code, "message": "Đã tiếp nhận trước đó."})
    try:
        with transaction.atomic():
            case = SimulatedSectorCase.objects.create(
                system=sector.code,
                external_code=protocol.next_code(sector),
                reference=data["reference"],
                dossier_code=data["dossier_code"],
                record=data,
                callback_url=data["callback_url"],
            )
    except IntegrityError:
        return JsonResponse({"error": "busy", "message": "Thử lại sau."}, status=503)
    protocol.send_callback(sector, case, "received", message="Đã tiếp nhận hồ sơ.")
    return JsonResponse({"external_code": case.external_code, "message": "Đã tiếp nhận hồ sơ."}, status=201)


@require_http_methods(["GET", "POST"])
def index(request):
    """The systems simulated here and the dossiers each received; finish or refuse one."""
    if request.method == "POST":
        case = SimulatedSectorCase.objects.filter(
            pk=request.POST.get("case"), status=SimulatedSectorCase.Status.RECEIVED
        ).first()
        decision = request.POST.get("decision")
        note = (request.POST.get("note") or "").strip()[:500]
        sector = system(case.system) if case is not None else None
        if sector is None or decision not in ("resolve", "refuse") or (decision == "refuse" and not note):
            return HttpResponse("Yêu cầu không hợp lệ (từ chối cần lý do).", status=400)
        if decision == "resolve":
            protocol.resolve(sector, case, note)
        else:
            protocol.refuse(sector, case, note)
        return redirect("sector-simulator")
    return render(
        request,
        "integrations/sector/index.html",
        {"systems": systems(), "cases": SimulatedSectorCase.objects.all()[:50]},
    )
