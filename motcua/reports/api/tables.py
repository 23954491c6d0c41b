"""`GET /api/v1/reports/one-stop/`: seed 003's table (Phụ lục I, II or III) for a unit and period,
as JSON: title lines, header tree, rows (group / number / name / values), totals. Errors are
`{code, field, message}` (core.api.exception_handler); 403 outside the caller's report scope."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.machines import scopes
from motcua.reports.tables import APPENDICES, VALUE_KEYS, Column, Table, table_for_request


def _column(column: Column) -> dict:
    node: dict = {"label": column.label, "key": column.key}
    if column.children:
        node["children"] = [_column(child) for child in column.children]
    return node


def _json(value):
    if value is None or isinstance(value, int | str):
        return value
    return float(value)


def table_json(table: Table) -> dict:
    def row(r) -> dict:
        return {
            "kind": r.kind,
            "number": r.number,
            "name": r.name,
            "unit": r.agency.code if r.agency is not None else None,
            "values": {key: _json(r.value(key)) for key in VALUE_KEYS},
        }

    return {
        "appendix": table.appendix,
        "unit": table.unit.code,
        "from": table.period.start.isoformat(),
        "to": table.period.end.isoformat(),
        "agency_line": table.agency_line,
        "title_lines": list(table.title_lines),
        "columns": [_column(c) for c in table.columns],
        "rows": [row(r) for r in table.rows[:-1]],
        "totals": row(table.total)["values"],
        "notes": list(table.notes),
        "date_line": table.date_line,
        "signatures": list(table.signatures),
    }


_VALUES = inline_serializer(
    "OneStopValues",
    {
        **{key: serializers.IntegerField(allow_null=True) for key in VALUE_KEYS},
        "area_m2": serializers.FloatField(allow_null=True),
        "one_stop_rate": serializers.FloatField(allow_null=True, help_text="%; null: không có mẫu số"),
        "on_time_rate": serializers.FloatField(allow_null=True, help_text="%; null: không có mẫu số"),
        "note": serializers.CharField(),
    },
)
_ROW_FIELDS = (
    "OneStopRow",
    {
        "kind": serializers.ChoiceField(choices=["group", "unit"]),
        "number": serializers.CharField(help_text="A, B, 1, 2, …"),
        "name": serializers.CharField(),
        "unit": serializers.CharField(
            allow_null=True, help_text="mã định danh của đơn vị; null cho dòng nhóm"
        ),
        "values": _VALUES,
    },
)
_COLUMN_FIELDS = (
    "OneStopColumn",
    {
        "label": serializers.CharField(),
        "key": serializers.CharField(allow_null=True),
        "children": serializers.ListField(child=serializers.DictField(), required=False),
    },
)
_TABLE = inline_serializer(
    "OneStopTable",
    {
        "appendix": serializers.ChoiceField(choices=APPENDICES),
        "unit": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "agency_line": serializers.CharField(),
        "title_lines": serializers.ListField(child=serializers.CharField()),
        "columns": inline_serializer(*_COLUMN_FIELDS, many=True),
        "rows": inline_serializer(*_ROW_FIELDS, many=True),
        "totals": _VALUES,
        "notes": serializers.ListField(child=serializers.CharField()),
        "date_line": serializers.CharField(),
        "signatures": serializers.ListField(child=serializers.CharField()),
    },
)


class OneStopTableView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    machine_scopes = scopes.REPORTS_READ  # for the unit granted (scope.require_unit)

    @extend_schema(
        summary="Biểu kết quả thực hiện cơ chế một cửa (KH 106/KH-UBND, Phụ lục I, II, III)",
        tags=["reports"],
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, required=True, description="mã định danh đơn vị"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True),
            OpenApiParameter("appendix", OpenApiTypes.STR, enum=list(APPENDICES), required=False),
        ],
        responses={200: _TABLE},
    )
    def get(self, request):
        return Response(table_json(table_for_request(request.user, request.query_params)))
