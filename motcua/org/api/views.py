from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from .. import selectors
from ..models import Agency, Hotline, ServiceDesk
from .filters import AgencyFilter, DeskFilter
from .serializers import AgencySerializer, DeskSerializer


@extend_schema_view(
    list=extend_schema(summary="Danh sách cơ quan, đơn vị", tags=["org"]),
    retrieve=extend_schema(
        summary="Một cơ quan theo mã định danh",
        description="Cơ quan giữ mã vào ngày hôm nay; nếu mã đã hết hiệu lực, cơ quan gần nhất từng giữ mã.",
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="mã định danh điện tử")],
        tags=["org"],
    ),
)
class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AgencySerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = AgencyFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z.]+"
    queryset = Agency.objects.select_related("parent").order_by("code", "valid_from")

    def get_object(self):
        # Codes are not unique over time (a code may be reused after a merger).
        agency = selectors.agency_by_code(self.kwargs["code"])
        if agency is None:
            raise Http404
        return agency


@extend_schema_view(
    list=extend_schema(summary="Bộ phận Một cửa, Trung tâm Phục vụ hành chính công", tags=["org"]),
    retrieve=extend_schema(summary="Một bộ phận tiếp nhận và trả kết quả", tags=["org"]),
)
class DeskViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeskSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = DeskFilter
    queryset = (
        ServiceDesk.objects.select_related("host_agency")
        .prefetch_related(
            Prefetch("hotlines", queryset=Hotline.objects.order_by("id")),
            Prefetch("agencies", queryset=Agency.objects.order_by("code")),
        )
        .order_by("kind", "name", "id")
    )
