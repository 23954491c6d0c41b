"""Read-only REST API of the catalogue (`/api/v1/sectors/`, `/api/v1/procedures/`)."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from motcua.core.filters import IdFilter
from motcua.machines import scopes

from . import fees, selectors
from .models import Level, ProcedureVersion, VersionState
from .serializers import (
    FeeQuerySerializer,
    FeeQuoteSerializer,
    ProcedureDetailSerializer,
    ProcedureListSerializer,
    SectorSerializer,
)

PUBLIC_STATE_CHOICES = [(s.value, s.label) for s in VersionState if s != VersionState.DRAFT]


class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    """Sectors (lĩnh vực) of the catalogue."""

    queryset = selectors.sectors()
    serializer_class = SectorSerializer
    permission_classes = [AllowAny]
    # Machine clients with catalog:read (the catalogue is public: no agency narrows it).
    machine_scopes = scopes.CATALOG_READ


class ProcedureFilter(filters.FilterSet):
    """Filters are applied by `selectors.search_procedures`; declared here for validation and the schema."""

    search = filters.CharFilter(
        label=_("Tìm theo tên, mã, lĩnh vực, cơ quan (không phân biệt dấu)"), method="noop"
    )
    sector = IdFilter(label=_("Mã số lĩnh vực"), method="noop")
    level = filters.ChoiceFilter(label=_("Cấp thực hiện"), choices=Level.choices, method="noop")
    agency = filters.CharFilter(label=_("Mã định danh cơ quan thực hiện"), method="noop")
    state = filters.ChoiceFilter(label=_("Trạng thái"), choices=PUBLIC_STATE_CHOICES, method="noop")

    class Meta:
        model = ProcedureVersion
        fields: list[str] = []

    def noop(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.search_procedures(
            query=data.get("search") or "",
            sector=data.get("sector"),
            level=data.get("level") or None,
            agency=data.get("agency") or None,
            state=data.get("state") or VersionState.PUBLISHED,
        )


@extend_schema_view(
    list=extend_schema(summary="Danh mục thủ tục hành chính (tìm kiếm không phân biệt dấu)"),
    retrieve=extend_schema(
        summary="Một thủ tục với mọi thành phần và quy trình nội bộ",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã thủ tục, ví dụ 1.001193")
        ],
    ),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    machine_scopes = scopes.CATALOG_READ
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d{6}"
    filterset_class = ProcedureFilter
    queryset = ProcedureVersion.objects.none()

    def get_queryset(self):
        return selectors.search_procedures()

    def get_serializer_class(self):
        return ProcedureDetailSerializer if self.action == "retrieve" else ProcedureListSerializer

    def get_object(self):
        return selectors.procedure_detail(code=self.kwargs["code"])

    @extend_schema(
        summary="Phí, lệ phí của một hồ sơ: tính theo số trang, số bản, kênh (phiên bản đang có hiệu lực)",
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Mã thủ tục, ví dụ 2.000815"),
            FeeQuerySerializer,
        ],
        responses=FeeQuoteSerializer,
    )
    @action(detail=True, methods=["get"], url_path="fee")
    def fee(self, request, code=None):
        query = FeeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        version = selectors.procedure_detail(code=code)
        channel = params.get("channel")
        total, lines = fees.fee_for(
            version,
            pages=params["pages"],
            copies=params["copies"],
            channel=channel,
            on_time=params["on_time"],
        )
        body = {
            "code": version.procedure.code,
            "version": version.number,
            "pages": params["pages"],
            "copies": params["copies"],
            "channel": channel,
            "on_time": params["on_time"],
            "total": total,
            "lines": [line.__dict__ for line in lines],
        }
        return Response(FeeQuoteSerializer(body).data)
