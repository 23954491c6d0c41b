"""The portal's acknowledgement by callback (POST /integrations/cong-dvc/xac-nhan/): the portal
presents the bearer token agreed with it (MOTCUA_NATIONAL_PORTAL['CALLBACK_TOKEN']) and names the
record by our idempotency key or its receipt number. Idempotent: a duplicate acknowledgement
answers 200 and changes nothing (dispatch.services.acknowledge)."""

from __future__ import annotations

import hmac
import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ..dispatch import services
from . import PARTNER
from .client import config


class CallbackThrottle(SimpleRateThrottle):
    """Per address, at DEFAULT_THROTTLE_RATES["partner_callback"] (none: unthrottled), so the
    bearer token cannot be guessed at speed."""

    scope = "partner_callback"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)  # read now: tests change rates

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR", "")}


@csrf_exempt
@require_POST
def acknowledgement(request):
    throttle = CallbackThrottle()
    if not throttle.allow_request(request, None):
        return JsonResponse({"code": "throttled", "field": "", "message": "too many requests"}, status=429)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    expected = str(config()["CALLBACK_TOKEN"])
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        return JsonResponse({"code": "unauthorised", "field": "", "message": "invalid token"}, status=401)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"code": "invalid", "field": "", "message": "JSON object expected"}, status=400)
    key = str(body.get("KhoaChongTrung", ""))[:200].replace("\x00", "")
    ref = str(body.get("MaBienNhan", ""))[:120].replace("\x00", "")
    delivery = services.acknowledge(
        partner=PARTNER, key=key, partner_ref=ref, message=str(body.get("ThongBao", ""))[:2000]
    )
    if delivery is None:
        return JsonResponse(
            {"code": "not_found", "field": "KhoaChongTrung", "message": "unknown record"}, status=404
        )
    return JsonResponse({"TrangThai": delivery.status})
