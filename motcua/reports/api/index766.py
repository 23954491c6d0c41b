"""The national index's API, in the national portal's shape (groups → `metrics[]` of
`{code, name, numerator, denominator, ratio, score, maxScore}`, and the total), with the drill-down,
the ranking and the "how to gain points" list. Parses and renders; the figures are
`reports.index766`'s, the scope `reports.scope`'s."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.machines import scopes
from motcua.reports.index766 import compute, drill
from motcua.reports.index766.methodology import NoMethodology, cents
from motcua.reports.periods import parse_period
from motcua.reports.scope import require_unit, unit_by_code

PARAMS = [
    OpenApiParameter(
        "unit", OpenApiTypes.STR, required=True, description="Mã định danh của đơn vị, ví dụ 000.00.00.H26"
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="Từ ngày (YYYY-MM-DD)"),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Đến ngày (YYYY-MM-DD)"),
]
ITEM_PARAMS = [
    *PARAMS,
    OpenApiParameter("indicator", OpenApiTypes.STR, required=True, description="Mã chỉ tiêu, ví dụ 2.1"),
    OpenApiParameter(
        "part",
        OpenApiTypes.STR,
        enum=list(drill.PARTS),
        description="numerator (tử số), denominator (mẫu số) hoặc missing (làm mất điểm); mặc định denominator",
    ),
]

METRIC = inline_serializer(
    "Index766Metric",
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "numerator": serializers.FloatField(allow_null=True),
        "denominator": serializers.IntegerField(),
        "ratio": serializers.FloatField(allow_null=True),
        "score": serializers.FloatField(allow_null=True),
        "maxScore": serializers.FloatField(),
        "threshold": serializers.FloatField(allow_null=True),
        "kind": serializers.CharField(),
        "note": serializers.CharField(),
        "items": serializers.CharField(),
    },
)
GROUP = inline_serializer(
    "Index766Group",
    {
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "nationalPath": serializers.CharField(),
        "points": serializers.FloatField(),
        "score": serializers.FloatField(allow_null=True),
        "maxScore": serializers.FloatField(),
        "metrics": METRIC.__class__(many=True),
    },
)
UNIT = inline_serializer(
    "Index766Unit",
    {"code": serializers.CharField(), "name": serializers.CharField(), "level": serializers.CharField()},
)
EVALUATION = inline_serializer(
    "Index766",
    {
        "unit": UNIT,
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "methodology": inline_serializer(
            "Index766Methodology",
            {
                "code": serializers.CharField(),
                "effectiveFrom": serializers.DateField(),
                "level": serializers.CharField(),
                "notApplicable": serializers.ListField(child=serializers.CharField()),
            },
        ),
        "groups": GROUP.__class__(many=True),
        "total": serializers.FloatField(allow_null=True),
        "scoredMaxScore": serializers.FloatField(),
    },
)


def number(value: Decimal | int | None) -> float | int | None:
    if value is None or isinstance(value, int):
        return value
    return float(cents(value))


def evaluation_for(request):
    params = request.query_params
    unit = unit_by_code(params.get("unit"))
    period = parse_period(params)
    ids = require_unit(request.user, unit)
    try:
        return compute.evaluate_ids(ids, period, unit)
    except NoMethodology as error:
        raise ValidationError({"to": ValidationError(str(error), code="no_methodology")}) from None


def query(evaluation: compute.Evaluation, **extra) -> str:
    assert evaluation.unit is not None
    return urlencode(
        {
            "unit": evaluation.unit.code,
            "from": evaluation.period.start.isoformat(),
            "to": evaluation.period.end.isoformat(),
            **extra,
        }
    )


def metric_body(evaluation: compute.Evaluation, metric: compute.Metric) -> dict:
    return {
        "code": metric.code,
        "name": metric.name,
        "numerator": number(metric.numerator),
        "denominator": metric.denominator,
        "ratio": number(metric.ratio),
        "score": number(metric.score),
        "maxScore": number(metric.max_score),
        "threshold": number(metric.threshold),
        "kind": metric.kind,
        "note": metric.note,
        "items": f"{reverse('api-index766-items')}?{query(evaluation, indicator=metric.code)}",
    }


def evaluation_body(evaluation: compute.Evaluation) -> dict:
    unit = evaluation.unit
    assert unit is not None
    return {
        "unit": {"code": unit.code, "name": unit.name, "level": evaluation.plan.level},
        "from": evaluation.period.start.isoformat(),
        "to": evaluation.period.end.isoformat(),
        "methodology": {
            "code": evaluation.plan.code,
            "effectiveFrom": evaluation.plan.effective_from.isoformat(),
            "level": evaluation.plan.level,
            "notApplicable": list(evaluation.plan.dropped),
        },
        "groups": [
            {
                "code": group.code,
                "name": group.name,
                "nationalPath": next(g.national_path for g in evaluation.plan.groups if g.code == group.code),
                "points": number(group.points),
                "score": number(group.score),
                "maxScore": number(group.max_score),
                "metrics": [metric_body(evaluation, m) for m in group.metrics],
            }
            for group in evaluation.groups
        ],
        "total": number(evaluation.total),
        "scoredMaxScore": number(evaluation.scored_max),
    }


class Index766View(APIView):
    machine_scopes = scopes.REPORTS_READ  # for the unit granted (scope.require_unit)

    @extend_schema(
        operation_id="index766",
        summary="Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766)",
        description=(
            "Mọi chỉ tiêu của đơn vị (và các đơn vị trực thuộc) trong kỳ, theo cấu trúc của Cổng DVCQG: "
            "nhóm → `metrics[]` {code, name, numerator, denominator, ratio, score, maxScore}; mẫu số bằng 0 "
            "hoặc chưa có nguồn dữ liệu: `ratio` và `score` là null (N/A). `total` = 100 × Σ điểm ÷ Σ điểm tối "
            "đa của các chỉ tiêu tính được."
        ),
        parameters=PARAMS,
        responses={200: EVALUATION},
    )
    def get(self, request):
        return Response(evaluation_body(evaluation_for(request)))


class Index766ItemsView(APIView):
    @extend_schema(
        operation_id="index766_items",
        summary="Hồ sơ, thủ tục sau một chỉ tiêu",
        description="Hồ sơ (trong phạm vi được xem), thủ tục hoặc PAKN thuộc tử số, mẫu số hoặc làm mất điểm của chỉ tiêu.",
        parameters=ITEM_PARAMS,
        responses={
            200: inline_serializer(
                "Index766Items",
                {
                    "indicator": serializers.CharField(),
                    "part": serializers.CharField(),
                    "kind": serializers.CharField(),
                    "count": serializers.IntegerField(),
                    "visible": serializers.IntegerField(),
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    def get(self, request):
        evaluation = evaluation_for(request)
        metric = drill.metric_or_error(evaluation, request.query_params.get("indicator"))
        found = drill.items(request.user, metric, request.query_params.get("part") or "denominator")
        return Response(
            {
                "indicator": metric.code,
                "part": found.part,
                "kind": found.kind,
                "count": found.count,
                "visible": found.visible,
                "results": found.rows,
            }
        )


class Index766RankingView(APIView):
    @extend_schema(
        operation_id="index766_ranking",
        summary="Xếp hạng các đơn vị trực thuộc theo Chỉ số 766",
        description="Các đơn vị trực tiếp dưới `unit`, mỗi đơn vị tính trên cây đơn vị của mình như Cổng DVCQG; cao trước.",
        parameters=PARAMS,
        responses={
            200: inline_serializer(
                "Index766Ranking",
                {
                    "results": serializers.ListField(child=serializers.DictField()),
                },
            )
        },
    )
    def get(self, request):
        parent = evaluation_for(request)
        assert parent.unit is not None
        rows = compute.ranking(parent.unit, parent.period)
        return Response(
            {
                "unit": parent.unit.code,
                "results": [
                    {
                        "rank": r.rank,
                        "unit": {"code": r.unit.code, "name": r.unit.name, "level": r.evaluation.plan.level},
                        "total": number(r.evaluation.total),
                        "groups": {g.code: number(g.score) for g in r.evaluation.groups},
                    }
                    for r in rows
                ],
            }
        )


class Index766GainsView(APIView):
    @extend_schema(
        operation_id="index766_how_to_gain",
        summary="Cách tăng điểm Chỉ số 766",
        description="Các chỉ tiêu xa điểm tối đa nhất (điểm còn thiếu) và hồ sơ, thủ tục làm mất điểm.",
        parameters=PARAMS,
        responses={
            200: inline_serializer(
                "Index766Gains", {"results": serializers.ListField(child=serializers.DictField())}
            )
        },
    )
    def get(self, request):
        evaluation = evaluation_for(request)
        results = []
        for metric in compute.how_to_gain(evaluation):
            found = drill.items(request.user, metric, "missing", limit=10)
            results.append(
                {
                    **metric_body(evaluation, metric),
                    "missing": number(metric.missing),
                    "costing": found.count,
                    "examples": found.rows,
                    "items": f"{reverse('api-index766-items')}?{query(evaluation, indicator=metric.code, part='missing')}",
                }
            )
        return Response({"unit": evaluation.unit.code if evaluation.unit else None, "results": results})
