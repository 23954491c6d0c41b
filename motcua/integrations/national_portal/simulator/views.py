"""The simulated national portal's endpoints (client.py's protocol) and its control page.

Misbehaviour (SimulatedPortalSettings, set on the control page or by PUT api/cau-hinh/): `refuse`
answers 400 with the refusal message; `timeout` takes the record and then answers 504 (the
answer lost after the record was held, so the resend must not make a second record); `down`
answers 503 to everything and holds nothing; `delay_ms` answers slowly; acknowledgement in the
answer (default) or later by callback (api/gui-xac-nhan/ sends them), twice each when told to
duplicate them (in the answer mode the duplicate comes by callback after the answer)."""

from __future__ import annotations

import hmac
import json
import time

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..client import config
from ..models import SimulatedPortalReceipt, SimulatedPortalRecord, SimulatedPortalSettings
from . import store

Mode = SimulatedPortalSettings.Mode
SWITCHES = ("mode", "refusal_message", "delay_ms", "acknowledge_by_callback", "duplicate_acknowledgements")


def _answer(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse(
        {"ThongBao": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _gate(request) -> tuple[SimulatedPortalSettings, JsonResponse | None]:
    """The switches, and the answer to give instead of serving (down, not authorised)."""
    switches = SimulatedPortalSettings.current()
    if switches.delay_ms:
        time.sleep(min(switches.delay_ms, 60_000) / 1000)
    if switches.mode == Mode.DOWN:
        return switches, _answer("Service Unavailable", 503)
    return switches, None


def _authorised(request) -> bool:
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(given.encode(), store.access_token().encode())


def _json(request) -> object:
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        return None


@csrf_exempt
@require_POST
def token(request):
    _switches, refusal = _gate(request)
    if refusal:
        return refusal
    body = _json(request)
    conf = config()
    given = body if isinstance(body, dict) else {}
    if not (
        hmac.compare_digest(str(given.get("client_id", "")).encode(), conf["CLIENT_ID"].encode())
        and hmac.compare_digest(str(given.get("client_secret", "")).encode(), conf["CLIENT_SECRET"].encode())
    ):
        return _answer("Sai thông tin xác thực", 401)
    return JsonResponse({"access_token": store.access_token(), "token_type": "Bearer", "expires_in": 3600})


def _served(request):
    """The common checks of a record endpoint: (switches, body, key) or an answer."""
    switches, refusal = _gate(request)
    if refusal:
        return refusal
    if not _authorised(request):
        return _answer("Token không hợp lệ", 401)
    key = request.headers.get("Idempotency-Key", "")[:200]
    if not key:
        return _answer("Thiếu Idempotency-Key", 400)
    body = _json(request)
    if not isinstance(body, dict):
        return _answer("Nội dung không phải JSON object", 400)
    return switches, body, key


@csrf_exempt
@require_http_methods(["GET", "POST"])
def dossiers(request):
    """POST: create or update a dossier's record; GET: the records held for a unit and period."""
    if request.method == "GET":
        return listing(request)
    served = _served(request)
    if isinstance(served, JsonResponse):
        return served
    switches, record, key = served
    if switches.mode == Mode.REFUSE:
        return _answer(switches.refusal_message, 422)
    try:
        receipt = store.take(record, key)
    except store.Refused as refused:
        return _answer(str(refused), 400)
    if switches.mode == Mode.TIMEOUT:
        return _answer("Gateway Timeout", 504)
    return _answer("Đã cập nhật hồ sơ", 200, MaBienNhan=store.receipt_ref(receipt))


@csrf_exempt
@require_POST
def status(request):
    served = _served(request)
    if isinstance(served, JsonResponse):
        return served
    switches, body, key = served
    receipt = SimulatedPortalReceipt.objects.filter(key=key).first()
    if receipt is None or receipt.ma_ho_so != body.get("MaHoSo"):
        return _answer("Chưa có hồ sơ với khóa này", 409)
    ref = store.receipt_ref(receipt)
    if switches.acknowledge_by_callback:
        return _answer("Đã nhận, sẽ xác nhận sau", 202, MaBienNhan=ref, XacNhan=0)
    if switches.duplicate_acknowledgements:
        # The answer acknowledges, and a callback acknowledges the same record once more.
        store.acknowledge(receipt, times=1)
    return _answer("Cổng DVCQG đã nhận hồ sơ", 200, MaBienNhan=ref, XacNhan=1)


def _period_answer(rows):
    if rows is None:
        return _answer("TuNgay, DenNgay: định dạng yyyyMMdd", 400)
    return JsonResponse({"items": rows}, json_dumps_params={"ensure_ascii": False})


def listing(request):
    _switches, refusal = _gate(request)
    if refusal:
        return refusal
    if not _authorised(request):
        return _answer("Token không hợp lệ", 401)
    return _period_answer(store.held(request.GET))


@require_GET
def counts(request):
    _switches, refusal = _gate(request)
    if refusal:
        return refusal
    if not _authorised(request):
        return _answer("Token không hợp lệ", 401)
    return _period_answer(store.counts(request.GET))


# -- the test API and the control page (no credentials: the simulator serves demos and tests)


def _apply(switches: SimulatedPortalSettings, values) -> str:
    """Set the switches from a form or JSON; '' or the problem."""
    mode = values.get("mode", switches.mode)
    if mode not in Mode.values:
        return "mode"
    try:
        delay = int(values.get("delay_ms", switches.delay_ms))
    except (TypeError, ValueError):
        return "delay_ms"
    if not 0 <= delay <= 60_000:
        return "delay_ms"
    switches.mode, switches.delay_ms = mode, delay
    message = str(values.get("refusal_message", switches.refusal_message)).replace("\x00", "")[:200]
    switches.refusal_message = message or switches.refusal_message
    for flag in ("acknowledge_by_callback", "duplicate_acknowledgements"):
        value = values.get(flag, getattr(switches, flag))
        setattr(switches, flag, value in (True, "1", "on", "true"))
    switches.save()
    return ""


def _switches_json(switches: SimulatedPortalSettings) -> dict:
    return {name: getattr(switches, name) for name in SWITCHES}


@csrf_exempt
@require_http_methods(["GET", "PUT", "POST"])
def settings_api(request):
    switches = SimulatedPortalSettings.current()
    if request.method != "GET":
        values = _json(request)
        if not isinstance(values, dict):
            return _answer("JSON object expected", 400)
        wrong = _apply(switches, values)
        if wrong:
            return _answer(f"invalid {wrong}", 400, field=wrong)
    return JsonResponse(_switches_json(switches), json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def send_acknowledgements(request):
    return JsonResponse({"acknowledged": store.flush_acknowledgements()})


@require_http_methods(["GET", "POST"])
def control(request):
    switches = SimulatedPortalSettings.current()
    if request.method == "POST":
        if request.POST.get("send_acknowledgements"):
            store.flush_acknowledgements()
        else:
            values = {name: request.POST.get(name, "") for name in ("mode", "refusal_message", "delay_ms")}
            for flag in ("acknowledge_by_callback", "duplicate_acknowledgements"):
                values[flag] = request.POST.get(flag, "")
            _apply(switches, values)
        return redirect("national-portal-control")
    conf = config()
    return render(
        request,
        "integrations/national_portal/control.html",
        {
            "switches": switches,
            "modes": Mode.choices,
            "conf": conf,
            "records": SimulatedPortalRecord.objects.order_by("-updated_at")[:50],
            "received": SimulatedPortalReceipt.objects.count(),
            "unacknowledged": SimulatedPortalReceipt.objects.filter(acknowledged_at__isnull=True).count(),
            "title": _("Cổng Dịch vụ công quốc gia (mô phỏng)"),
        },
    )
