"""The at-risk, bottleneck and event-log API (issue 12): parse the query, call the reports' readers."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.org.auth import staff_of

from .. import alerts, eventlog
from ..bottlenecks import bottlenecks, slowest_paths
from ..periods import parse_period
from ..risk import at_risk_for
from ..scope import require_unit, unit_by_code


def _query(name: str, description: str, *, required: bool = False, enum=None) -> OpenApiParameter:
    return OpenApiParameter(
        name, str, OpenApiParameter.QUERY, required=required, description=description, enum=enum
    )


#: The unit and period every report takes (reports.scope, reports.periods).
UNIT_PERIOD = [
    _query("unit", "Mã định danh của đơn vị", required=True),
    _query("from", "Từ ngày (YYYY-MM-DD)", required=True),
    _query("to", "Đến ngày (YYYY-MM-DD)", required=True),
]


def score_row(score) -> dict:
    d = score.dossier
    step = score.step
    return {
        "dossier": d.code,
        "procedure": d.procedure_version.name,
        "agency": d.agency.code,
        "probability": float(score.probability),
        "due_at": score.due_at.isoformat(),
        "left_hours": round(score.left_seconds / 3600, 2),
        "expected_hours": round(score.expected_seconds / 3600, 2),
        "step": step.work if step is not None else None,
        "step_agency": step.agency.code if step is not None else None,
        "assignee": step.assignee.full_name if step is not None and step.assignee is not None else None,
        "explanation": score.explanation,
        "computed_at": score.computed_at.isoformat(),
    }


class AtRiskView(APIView):
    """`GET /api/v1/at-risk/?scope=mine|all&min=0.5`: the open dossiers' risk scores, highest first;
    `mine` the steps the caller holds, `all` every dossier the caller may see (a head's subtree)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="at_risk",
        summary="Hồ sơ có nguy cơ trễ hạn",
        parameters=[
            _query("scope", "mine: các bước mình giữ; all: mọi hồ sơ được xem", enum=["mine", "all"]),
            OpenApiParameter("min", float, OpenApiParameter.QUERY, description="Xác suất tối thiểu (0–1)"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        scope = request.query_params.get("scope", "mine")
        if scope not in ("mine", "all"):
            raise ValidationError({"scope": ["mine | all"]})
        try:
            minimum = float(request.query_params.get("min", "0") or 0)
        except ValueError:
            raise ValidationError({"min": ["0 … 1"]}) from None
        rows = at_risk_for(request.user, mine=scope == "mine", minimum=minimum)[:500]
        return Response({"results": [score_row(r) for r in rows]})


class BottlenecksView(APIView):
    """`GET /api/v1/bottlenecks/?unit=…&from=…&to=…`: work, wait and lateness per step, officer, unit
    and inter-agency hand-over, and each procedure's slowest paths."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="bottlenecks",
        summary="Điểm nghẽn: thời gian xử lý, chờ và trễ theo bước, cán bộ, đơn vị, liên thông",
        parameters=UNIT_PERIOD,
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        unit = unit_by_code(request.query_params.get("unit"))
        period = parse_period(request.query_params)
        ids = require_unit(request.user, unit)
        return Response(
            {
                "unit": unit.code,
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                **bottlenecks(ids, period),
                "paths": slowest_paths(ids, period),
            }
        )


class EventLogView(APIView):
    """`GET /api/v1/event-log/?unit=…&from=…&to=…&kind=xes|csv`: streamed (not `format`: DRF reads that one), for the control office."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="event_log",
        summary="Nhật ký sự kiện (XES hoặc CSV) để khai phá quy trình",
        parameters=[*UNIT_PERIOD, _query("kind", "Định dạng tệp", enum=["xes", "csv"])],
        responses={(200, "application/xml"): OpenApiTypes.BINARY, (200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request):
        unit = unit_by_code(request.query_params.get("unit"))
        period = parse_period(request.query_params)
        kind = request.query_params.get("kind", "xes")
        if kind not in ("xes", "csv"):
            raise ValidationError({"kind": ["xes | csv"]})
        ids = eventlog.require_export(request.user, unit)
        body = eventlog.xes(ids, period) if kind == "xes" else eventlog.csv_rows(ids, period)
        content_type = "application/xml; charset=utf-8" if kind == "xes" else "text/csv; charset=utf-8"
        response = StreamingHttpResponse(body, content_type=content_type)
        name = f"nhat-ky-{unit.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{kind}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class SignInput(serializers.Serializer):
    reason = serializers.CharField()
    new_due = serializers.DateTimeField()


class ApologyDraftsView(APIView):
    """`GET /api/v1/apology-drafts/`: the unsigned Mẫu 04 drafts of dossiers the caller may see."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="apology_drafts",
        summary="Dự thảo văn bản xin lỗi (Mẫu 04) chờ ký",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return Response(
            {
                "results": [
                    {
                        "id": d.pk,
                        "dossier": d.dossier.code,
                        "due_at": d.due_at.isoformat(),
                        "probability": float(d.probability),
                        "reason": d.reason,
                        "new_due": d.new_due.isoformat(),
                    }
                    for d in alerts.drafts_for(request.user)
                ]
            }
        )


class SignApologyView(APIView):
    """`POST /api/v1/apology-drafts/<id>/sign/` {reason, new_due}: the step owner signs (the extension
    command runs; 403/409/400 as that command answers)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="apology_draft_sign",
        summary="Ký văn bản xin lỗi và gia hạn (Mẫu 04) từ dự thảo",
        request=SignInput,
        responses={200: OpenApiTypes.OBJECT},
    )
    def post(self, request, pk: int):
        draft = get_object_or_404(alerts.drafts_for(request.user), pk=pk)
        staff = staff_of(request.user)
        if staff is None:
            raise ValidationError({"draft": ["staff only"]})
        data = SignInput(data=request.data)
        data.is_valid(raise_exception=True)
        draft = alerts.sign_apology(
            draft=draft,
            staff=staff,
            reason=data.validated_data["reason"],
            new_due=data.validated_data["new_due"],
            now=timezone.now(),
        )
        return Response({"id": draft.pk, "event": draft.event_id, "new_due": draft.new_due.isoformat()})
