"""The dashboard's figures and the compliance cost, as JSON (issue 12)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import cost
from ..dashboard import dashboard
from ..periods import parse_period
from ..scope import ReportRefused, reportable_root_ids, require_unit, unit_by_code

UNIT_PERIOD = [
    OpenApiParameter("unit", OpenApiTypes.STR, required=True, description="Mã định danh của đơn vị"),
    OpenApiParameter("from", OpenApiTypes.DATE, required=True),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True),
]


def _rate(value):
    return None if value is None else str(value)


class DashboardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Bảng điều hành của lãnh đạo",
        tags=["reports"],
        parameters=UNIT_PERIOD,
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        period = parse_period(request.query_params)
        unit = unit_by_code(request.query_params.get("unit"))
        ids = require_unit(request.user, unit)
        board = dashboard(unit.code, ids, period, timezone.now())
        return Response(
            {
                "unit": unit.code,
                "from": period.start,
                "to": period.end,
                "counts": {
                    k: (_rate(v) if k == "on_time_rate" else v) for k, v in board.counts.as_dict().items()
                },
                "online_received": board.online,
                "online_share": _rate(board.online_share),
                "at_risk": board.at_risk,
                "index_766": board.index_766,
                # The national portal sync of the unit's dossiers now: {backlog, failed, dead}.
                "national_sync": board.sync,
                "worst_procedures": [
                    {
                        "procedure": row.code,
                        "name": row.name,
                        "resolved_late": row.counts.resolved_late,
                        "open_overdue": row.counts.open_overdue,
                        "late_share": _rate(row.late_share),
                        "href": row.href,
                    }
                    for row in board.worst_procedures
                ],
                "worst_steps": [
                    {
                        "procedure": row.code,
                        "order": row.order,
                        "work": row.work,
                        "done": row.done,
                        "late": row.late,
                        "overdue_now": row.overdue_now,
                        "href": row.href,
                    }
                    for row in board.worst_steps
                ],
                "trend": [
                    {
                        "month": f"{m.period.start:%Y-%m}",
                        "received": m.counts.received,
                        "resolved": m.counts.resolved,
                        "on_time_rate": _rate(m.counts.on_time_rate),
                        "online_share": _rate(m.online_share),
                    }
                    for m in board.trend
                ],
                "links": board.links,
            }
        )


def _allowed(request) -> list[int] | None:
    allowed = reportable_root_ids(request.user)
    if allowed == []:
        raise ReportRefused(_("Chỉ lãnh đạo và cán bộ kiểm soát thủ tục hành chính được xem báo cáo."))
    return allowed


class ComplianceCostView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Chi phí tuân thủ của mọi phiên bản một thủ tục",
        tags=["reports"],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, code: str):
        allowed = _allowed(request)
        rates = cost.Rates.from_settings()
        return Response(
            {
                "procedure": code,
                "rates": {
                    "hourly_cost_vnd": rates.hourly_cost_vnd,
                    "visit_hours": str(rates.visit_hours),
                    "processing_hour_share": str(rates.processing_hour_share),
                },
                "versions": [cost.version_cost(v, allowed, rates).as_dict() for v in cost.versions_of(code)],
            }
        )


class ComplianceCostCompareView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="So sánh chi phí tuân thủ của hai phiên bản",
        tags=["reports"],
        parameters=[
            OpenApiParameter("before", OpenApiTypes.INT, required=True, description="Số phiên bản trước"),
            OpenApiParameter("after", OpenApiTypes.INT, required=True, description="Số phiên bản sau"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, code: str):
        allowed = _allowed(request)
        by_number = {str(v.number): v for v in cost.versions_of(code)}
        before, after = (
            by_number.get(request.query_params.get("before")),
            by_number.get(request.query_params.get("after")),
        )
        if before is None or after is None:
            raise Http404
        rates = cost.Rates.from_settings()
        a, b = cost.version_cost(before, allowed, rates), cost.version_cost(after, allowed, rates)
        return Response(
            {
                "procedure": code,
                "before": a.as_dict(),
                "after": b.as_dict(),
                "comparison": cost.compare_as_dict(cost.compare(a, b)),
            }
        )
