"""The public status lookup: by dossier code, for anyone, with no personal data.

`GET /api/v1/tracking/{code}/` and the page `/tra-cuu/<code>/` (where the receipt's QR code points)
show the state, the procedure, the receiving agency and desk, the received and promised times, the
last event and who holds the dossier now, never the applicant's name, ID number, phone or address.
Answers carry `Cache-Control: public, max-age=MOTCUA_TRACKING_MAX_AGE` (60 s).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.choices import choice_label
from motcua.org import selectors as org_selectors

from ..models import Dossier, DossierEvent, DossierStep, StepState
from ..states import PAUSED_STATES, Action, Channel, State
from .serializers import CodeNameSerializer, ErrorSerializer


def max_age() -> int:
    return int(getattr(settings, "MOTCUA_TRACKING_MAX_AGE", 60))


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def tracking_status(code: str) -> dict | None:
    """What anyone may know about dossier `code`, or None: one query (two while it is processed:
    who holds it), the desk from the reference cache. Busy and public, so it reads plain values."""
    last_event = DossierEvent.objects.filter(dossier=OuterRef("pk")).order_by("-at", "-id").values("at")[:1]
    rows = (
        Dossier.objects.filter(code=normalise(code))
        .values(
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
        )
        .annotate(last_event_at=Subquery(last_event))[:1]  # the code is unique: no ORDER BY
    )
    row = next(iter(rows), None)
    if row is None:
        return None
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
    fees_due = None
    if row["state"] == State.AWAITING_FEES:  # the amount the applicant must pay (one more query)
        data = (
            DossierEvent.objects.filter(dossier_id=row["pk"], action=Action.AWAIT_FEES)
            .order_by("-at", "-id")
            .values_list("data", flat=True)
            .first()
        ) or {}
        fees = [
            {"name": str(f.get("name", "")), "amount_vnd": int(f.get("amount_vnd") or 0)}
            for f in data.get("fees", [])
        ]
        fees_due = {"total_vnd": sum(f["amount_vnd"] for f in fees), "fees": fees}
    return {
        "code": row["code"],
        "state": row["state"],
        "state_label": choice_label(State, row["state"]),
        "channel": row["channel"],
        "channel_label": choice_label(Channel, row["channel"]),
        "paused": row["state"] in PAUSED_STATES,
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
    channel = serializers.IntegerField()
    channel_label = serializers.CharField()
    paused = serializers.BooleanField(
        help_text=gettext_lazy("Đang tạm dừng (chờ bổ sung, chờ nộp phí): không tính giờ.")
    )
    procedure = CodeNameSerializer()
    agency = CodeNameSerializer(help_text=gettext_lazy("Cơ quan tiếp nhận."))
    desk = DeskBriefSerializer(allow_null=True, help_text=gettext_lazy("Bộ phận tiếp nhận và trả kết quả."))
    submitted_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text=gettext_lazy("Thời gian hẹn trả kết quả."))
    finished_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    last_event_at = serializers.DateTimeField(allow_null=True)
    held_by = CodeNameSerializer(many=True, help_text=gettext_lazy("Cơ quan đang giữ, xử lý hồ sơ."))
    fees_due = FeesDueSerializer(
        allow_null=True,
        help_text=gettext_lazy("Khi chờ thực hiện nghĩa vụ tài chính (6): các khoản và số tiền phải nộp."),
    )


class TrackingView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous and cacheable: no session, no CSRF

    @extend_schema(
        operation_id="tracking_retrieve",
        summary=gettext_lazy("Tra cứu tình trạng hồ sơ (công khai, không có thông tin cá nhân)"),
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description=gettext_lazy("Mã hồ sơ"))
        ],
        responses={200: TrackingSerializer, 404: OpenApiResponse(ErrorSerializer)},
        tags=["tracking"],
    )
    def get(self, request, code: str):
        data = tracking_status(code)
        if data is None:
            raise NotFound(_("Không tìm thấy hồ sơ có mã %(code)s.") % {"code": normalise(code)})
        response = Response(TrackingSerializer(data).data)
        patch_cache_control(response, public=True, max_age=max_age())
        patch_vary_headers(response, ("Accept-Language",))
        return response


# ---------------------------------------------------------------------------------------------
# HTML


def tracking_form(request):
    code = normalise(request.GET.get("code", ""))
    if code:
        return redirect("tracking:status", code=code)
    return render(request, "dossiers/tracking.html", {})


def tracking_page(request, code: str):
    data = tracking_status(code)
    if data is None:
        response = render(
            request, "dossiers/tracking.html", {"code": normalise(code), "not_found": True}, status=404
        )
    else:
        response = render(request, "dossiers/tracking_status.html", {"status": data})
    # The page carries the language form's CSRF token: cached by the browser only.
    patch_cache_control(response, private=True, max_age=max_age())
    return response
