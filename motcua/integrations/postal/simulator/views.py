"""The simulated post: books items (S10 numbers, service "EE", country "VN"), and sends signed
status callbacks when told to on its control page (or by `advance` in the tests)."""

from __future__ import annotations

import json

from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ...inprocess import call
from ..base import STATUSES
from ..models import SimulatedShipment
from ..s10 import item_number
from ..vnpost import config, signature

SERIAL_BASE = 10_000_000


@csrf_exempt
@require_POST
def create(request):
    body = request.body
    if signature(body, config()["SECRET"]) != (request.headers.get("X-Signature") or "").lower():
        return JsonResponse({"error": "invalid_signature"}, status=401)
    try:
        data = json.loads(body)
        order = {k: str(data[k]) for k in ("reference", "kind", "address", "callback_url")}
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "invalid_request"}, status=400)
    last = SimulatedShipment.objects.aggregate(m=Max("pk"))["m"] or 0
    number = item_number("EE", SERIAL_BASE + last + 1)
    SimulatedShipment.objects.create(
        item_number=number, recipient=str(data.get("recipient", ""))[:128], **order
    )
    return JsonResponse({"item_number": number}, status=201)


def send_status(item: str, status: str, *, callback_url: str, note: str = "") -> tuple[int, bytes]:
    """Post a signed status report to the merchant's callback URL (in process for a path)."""
    body = json.dumps(
        {"item_number": item, "status": status, "at": timezone.now().isoformat(), "note": note},
        ensure_ascii=False,
    ).encode()
    sig = signature(body, config()["SECRET"])
    if callback_url.startswith("/"):
        return call("POST", callback_url, body=body, headers={"X-Signature": sig})
    import urllib.request  # pragma: no cover

    req = urllib.request.Request(
        callback_url, data=body, headers={"X-Signature": sig, "Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as response:  # pragma: no cover
        return response.status, response.read()


def advance(shipment: SimulatedShipment, status: str, note: str = "") -> tuple[int, bytes]:
    shipment.status = status
    shipment.save(update_fields=["status"])
    return send_status(shipment.item_number, status, callback_url=shipment.callback_url, note=note)


@require_http_methods(["GET", "POST"])
def control(request):
    if request.method == "POST":
        shipment = SimulatedShipment.objects.filter(pk=request.POST.get("shipment")).first()
        status = request.POST.get("status")
        if shipment is None or status not in STATUSES:
            return HttpResponse(status=400)
        advance(shipment, status, note=request.POST.get("note", ""))
        return redirect("postal-control")
    return render(
        request,
        "integrations/postal/control.html",
        {"shipments": SimulatedShipment.objects.order_by("-pk")[:50], "statuses": STATUSES},
    )
