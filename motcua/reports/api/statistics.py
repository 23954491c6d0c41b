"""GET /api/v1/statistics/dossiers/?unit=<agency code>&from=YYYY-MM-DD&to=YYYY-MM-DD&by=…"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.machines import scopes

from .. import statistics as stats
from ..periods import parse_period
from ..scope import require_unit, unit_by_code

#: A row's figures under the stable names (and, in `rows`, its `by` key under that name).
Row = type(
    "StatisticsRow",
    (serializers.Serializer,),
    {
        "key": serializers.CharField(help_text="Khóa của dòng: mã đơn vị (by=unit), mã thủ tục, mã kênh, …"),
        "label": serializers.CharField(),
        **{name: serializers.IntegerField() for name in stats.COLUMNS},
        "resolved": serializers.IntegerField(),
        "on_time_rate": serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True),
    },
)


def _row(key, label, counts) -> dict:
    data = counts.as_dict()
    rate = data["on_time_rate"]
    return {"key": key, "label": label, **data, "on_time_rate": None if rate is None else str(rate)}


class DossierStatisticsView(APIView):
    permission_classes = [IsAuthenticated]
    # Machine clients with reports:read for the unit (scope.reportable_root_ids).
    machine_scopes = scopes.REPORTS_READ

    @extend_schema(
        operation_id="statistics_dossiers",
        summary="Thống kê hồ sơ",
        description=(
            "Số hồ sơ của đơn vị `unit` và các đơn vị trực thuộc trong kỳ [from 00:00, to + 1 ngày 00:00) giờ "
            "Việt Nam, theo `by`; chỉ lãnh đạo, trưởng phòng, cán bộ kiểm soát thủ tục, quản trị (403 "
            "`report_forbidden` ngoài phạm vi)."
        ),
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, required=True, description="Mã định danh cơ quan"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter(
                "by", OpenApiTypes.STR, enum=list(stats.BY_CHOICES), description="Mặc định: unit"
            ),
        ],
        responses={
            200: inline_serializer(
                "DossierStatistics",
                {
                    "unit": serializers.CharField(),
                    "from": serializers.DateField(),
                    "to": serializers.DateField(),
                    "by": serializers.CharField(),
                    "rows": Row(many=True),
                    "total": Row(),
                },
            ),
            400: OpenApiTypes.OBJECT,
            403: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        params = request.query_params
        unit = unit_by_code(params.get("unit"))
        ids = require_unit(request.user, unit)
        period = parse_period(params)
        by = stats.parse_by(params.get("by"))
        rows, total = stats.statistics(ids, period, by)
        key_of = (lambda r: r.code) if by in ("unit", "procedure") else (lambda r: r.key)
        body = {
            "unit": unit.code,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "by": by,
            "rows": [{by: key_of(r), **_row(key_of(r), r.label, r.counts)} for r in rows],
            "total": _row(unit.code, unit.name, total),
        }
        return Response(body)
