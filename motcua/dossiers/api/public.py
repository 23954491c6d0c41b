"""The public status lookup: by dossier code, for anyone.

Dossier codes are sequential, so a code alone says only the state: `GET /api/v1/tracking/{code}/`
and the page `/tra-cuu/<code>/` (where the receipt's QR code points) answer the code, the state and
whether the clock is paused, nothing else (public: kept in the shared cache per code for at most
MOTCUA_TRACKING_MAX_AGE seconds and forgotten when the dossier changes, dossiers.lookup_cache;
HTTP caches must revalidate, so the throttle counts every lookup).
With `?last4=` the last four digits of the applicant's ID number or phone as given for this dossier,
they also show the details: the applicant's name (initials but the given name), the procedure, the
receiving agency and desk, the received and promised times, the last event and who holds the
dossier now (private, not stored by caches). Never the ID number, phone or address. Both are
throttled per address (`public_lookup` rate, core.throttles). A sector system's code for the dossier
(its external code, docs/sector-systems.md) finds it too, but only with `last4`.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.choices import choice_label
from motcua.core.pagecache import cached, cached_page
from motcua.core.throttles import PublicLookupThrottle, check_page
from motcua.org import selectors as org_selectors

from ..codes import normalise
from ..lookup_cache import lookup_generation
from ..models import Dossier, DossierEvent, DossierStep, StepState
from ..selectors import known_by_external_code
from ..states import PAUSED_STATES, Action, Channel, State
from .serializers import CodeNameSerializer, ErrorSerializer


def max_age() -> int:
    return int(getattr(settings, "MOTCUA_TRACKING_MAX_AGE", 60))


def _digits(value: object) -> str:
    return "".join(ch for ch in str(value or "") if ch.isdigit())


def proves_applicant(row: dict, last4: str) -> bool:
    """`last4` is the last four digits of the applicant's ID number or phone on this dossier."""
    if len(last4) != 4 or not last4.isdigit():
        return False
    details = row.get("applicant_details") or {}
    candidates = {
        _digits(details.get("id_number") or row.get("applicant__id_number"))[-4:],
        _digits(details.get("phone") or row.get("applicant__phone"))[-4:],
    }
    return any(len(c) == 4 and hmac.compare_digest(c, last4) for c in candidates)


def masked_name(name: str) -> str:
    """ "Trần Thị Lan" → "T. T. Lan": enough for the applicant to recognise, little for others."""
    words = (name or "").split()
    return " ".join([*(f"{w[0]}." for w in words[:-1]), *words[-1:]])


def tracking_status(code: str, last4: str = "") -> dict | None:
    """What anyone may know about dossier `code` (the state only), or, when `last4` proves the
    applicant, its details; None when no such dossier. One query (two while it is processed: who
    holds it), the desk from the reference cache. Busy and public, so it reads plain values; the
    state alone comes from the shared cache (dossiers.lookup_cache)."""
    last4 = (last4 or "").strip()
    if not last4:
        known = cached(
            f"lookup:{normalise(code)}", [lookup_generation(code)], lambda: _code_and_state(code), max_age()
        )
        return None if known is None else _state_only(*known)
    last_event = DossierEvent.objects.filter(dossier=OuterRef("pk")).order_by("-at", "-id").values("at")[:1]
    columns = Dossier.objects.values(
        "pk",
        "code",
        "state",
        "channel",
        "submitted_at",
        "received_at",
        "due_at",
        "finished_at",
        "returned_at",
        "agency_id",
        "agency__code",
        "agency__name",
        "procedure_version__name",
        "procedure_version__procedure__code",
        "received_by__staff__desk_id",
        "applicant_details",
        "applicant__full_name",
        "applicant__id_number",
        "applicant__phone",
    ).annotate(last_event_at=Subquery(last_event))
    row = next(iter(columns.filter(code=normalise(code))[:1]), None)  # the code is unique: no ORDER BY
    if row is None:
        # A sector system's code (the civil-status number the applicant was given) finds the dossier
        # only with the applicant's proof: the alias is not a second public code to probe.
        if len(last4) != 4 or not last4.isdigit():
            return None
        row = next(iter(columns.filter(known_by_external_code(code))[:1]), None)
        if row is None or not proves_applicant(row, last4):
            return None
    state_only = _state_only(row["code"], row["state"])
    if not proves_applicant(row, last4):
        return state_only
    desk = org_selectors.desk_serving(row["agency_id"], row["received_by__staff__desk_id"])
    held_by = [{"code": row["agency__code"], "name": row["agency__name"]}]
    if row["state"] == State.PROCESSING:
        active = (
            DossierStep.objects.filter(dossier_id=row["pk"], state=StepState.ACTIVE)
            .order_by("order", "id")
            .values_list("agency__code", "agency__name")
        )
        if active:
            held_by = [{"code": c, "name": n} for c, n in dict(active).items()]
    name = (row["applicant_details"] or {}).get("full_name") or row["applicant__full_name"]
    fees_due = None
    if row["state"] == State.AWAITING_FEES:  # the amount the applicant must pay (one more query)
        data = (
            DossierEvent.objects.filter(dossier_id=row["pk"], action=Action.AWAIT_FEES)
            .order_by("-at", "-id")
            .values_list("data", flat=True)
            .first()
        ) or {}
        fees: list[dict[str, Any]] = [
            {"name": str(f.get("name", "")), "amount_vnd": int(f.get("amount_vnd") or 0)}
            for f in data.get("fees", [])
        ]
        fees_due = {"total_vnd": sum(f["amount_vnd"] for f in fees), "fees": fees}
    return {
        **state_only,
        "verified": True,
        "applicant_name": masked_name(name),
        "channel": row["channel"],
        "channel_label": choice_label(Channel, row["channel"]),
        "procedure": {
            "code": row["procedure_version__procedure__code"],
            "name": row["procedure_version__name"],
        },
        "agency": {"code": row["agency__code"], "name": row["agency__name"]},
        "desk": (
            {
                "name": desk.name,
                "address": desk.address,
                "phone": desk.phone,
                "office_hours": desk.office_hours,
            }
            if desk is not None
            else None
        ),
        "submitted_at": row["submitted_at"],
        "received_at": row["received_at"],
        "due_at": row["due_at"],
        "finished_at": row["finished_at"],
        "returned_at": row["returned_at"],
        "last_event_at": row["last_event_at"],
        "held_by": held_by,
        "fees_due": fees_due,
    }


def _code_and_state(code: str) -> tuple[str, int] | None:
    return Dossier.objects.filter(code=normalise(code)).values_list("code", "state").first()


def _state_only(code: str, state: int) -> dict:
    return {
        "code": code,
        "state": state,
        "state_label": choice_label(State, state),
        "paused": state in PAUSED_STATES,
        "verified": False,
    }


class DeskBriefSerializer(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    office_hours = serializers.CharField()


class FeeDueSerializer(serializers.Serializer):
    name = serializers.CharField()
    amount_vnd = serializers.IntegerField()


class FeesDueSerializer(serializers.Serializer):
    total_vnd = serializers.IntegerField(help_text=gettext_lazy("Tổng số tiền phải nộp (đồng)."))
    fees = FeeDueSerializer(many=True)


class TrackingSerializer(serializers.Serializer):
    code = serializers.CharField()
    state = serializers.IntegerField(help_text=gettext_lazy("Mã trạng thái TrangThaiHoSo (1–10)."))
    state_label = serializers.CharField()
    paused = serializers.BooleanField(
        help_text=gettext_lazy("Đang tạm dừng (chờ bổ sung, chờ nộp phí): không tính giờ.")
    )
    verified = serializers.BooleanField(
        help_text=gettext_lazy(
            "Đã xác minh bằng bốn số cuối số định danh hoặc điện thoại của người nộp: có các thông tin dưới đây."
        )
    )
    # Only when verified:
    applicant_name = serializers.CharField(required=False)
    channel = serializers.IntegerField(required=False)
    channel_label = serializers.CharField(required=False)
    procedure = CodeNameSerializer(required=False)
    agency = CodeNameSerializer(required=False, help_text=gettext_lazy("Cơ quan tiếp nhận."))
    desk = DeskBriefSerializer(
        required=False, allow_null=True, help_text=gettext_lazy("Bộ phận tiếp nhận và trả kết quả.")
    )
    submitted_at = serializers.DateTimeField(required=False)
    received_at = serializers.DateTimeField(required=False, allow_null=True)
    due_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=gettext_lazy("Thời gian hẹn trả kết quả.")
    )
    finished_at = serializers.DateTimeField(required=False, allow_null=True)
    returned_at = serializers.DateTimeField(required=False, allow_null=True)
    last_event_at = serializers.DateTimeField(required=False, allow_null=True)
    held_by = CodeNameSerializer(
        required=False, many=True, help_text=gettext_lazy("Cơ quan đang giữ, xử lý hồ sơ.")
    )
    fees_due = FeesDueSerializer(
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Khi chờ thực hiện nghĩa vụ tài chính (6): các khoản và số tiền phải nộp."),
    )


class TrackingView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous and cacheable: no session, no CSRF
    throttle_classes = [PublicLookupThrottle]

    @extend_schema(
        operation_id="tracking_retrieve",
        summary=gettext_lazy("Tra cứu tình trạng hồ sơ (công khai, không có thông tin cá nhân)"),
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description=gettext_lazy("Mã hồ sơ")),
            OpenApiParameter(
                "last4",
                str,
                OpenApiParameter.QUERY,
                required=False,
                description=gettext_lazy("Bốn số cuối số định danh hoặc số điện thoại của người nộp."),
            ),
        ],
        responses={
            200: TrackingSerializer,
            404: OpenApiResponse(ErrorSerializer),
            429: OpenApiResponse(ErrorSerializer),
        },
        tags=["tracking"],
    )
    def get(self, request: Request, code: str) -> Response:
        last4 = request.query_params.get("last4", "")
        data = tracking_status(code, last4)
        if data is None:
            raise NotFound(_("Không tìm thấy hồ sơ có mã %(code)s.") % {"code": normalise(code)})
        # Without proof of the applicant the details are absent, not null.
        response = Response({k: v for k, v in TrackingSerializer(data).data.items() if k in data})
        if last4:  # an answer about a person: for this client only
            patch_cache_control(response, private=True, no_store=True)
        else:  # HTTP caches ask again each time: the throttle counts, a change shows at once
            patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, ("Accept-Language",))
        return response


# ---------------------------------------------------------------------------------------------
# HTML


def tracking_form(request):
    code = normalise(request.GET.get("code", ""))
    if code:
        return redirect("tracking:status", code=code)
    return render(request, "dossiers/tracking.html", {})


def tracking_page(request: HttpRequest, code: str) -> HttpResponse:
    refused = check_page(request, PublicLookupThrottle)  # counted before the cache answers
    if refused is not None:
        return refused
    return _tracking_page(request, code)


def _without_proof(request: HttpRequest) -> bool:
    return not request.GET.get("last4", "").strip()


@cached_page(lambda request, code: [lookup_generation(code)], seconds=max_age, when=_without_proof)
def _tracking_page(request: HttpRequest, code: str) -> HttpResponse:
    """The page, shared from the cache when it shows the state only (core.pagecache)."""
    last4 = request.GET.get("last4", "").strip()
    data = tracking_status(code, last4)
    if data is None:
        response = render(
            request, "dossiers/tracking.html", {"code": normalise(code), "not_found": True}, status=404
        )
    else:
        response = render(
            request,
            "dossiers/tracking_status.html",
            {"status": data, "last4_refused": bool(last4) and not data["verified"]},
        )
    # Naming the applicant: never stored anywhere. Else (a visitor logged in, or a wrong last4): this
    # browser only, asking again each time.
    if data is not None and data["verified"]:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response
