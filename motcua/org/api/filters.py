import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import selectors
from ..models import Agency, AgencyLevel, DeskKind, ServiceDesk


class AgencyFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=AgencyLevel.choices, label=_("cấp"))
    parent = django_filters.CharFilter(field_name="parent__code", label=_("mã định danh cơ quan cấp trên"))
    valid_on = django_filters.DateFilter(
        method="filter_valid_on", label=_("có hiệu lực vào ngày (YYYY-MM-DD)")
    )
    search = django_filters.CharFilter(
        method="filter_search", label=_("tìm theo tên, tên viết tắt, mã (không dấu)")
    )

    class Meta:
        model = Agency
        fields = ["level", "parent", "valid_on", "search"]

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)

    def filter_search(self, queryset, name, value):
        return selectors.search_agencies(queryset, value)


class DeskFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DeskKind.choices, label=_("loại"))
    agency = django_filters.CharFilter(
        method="filter_agency", label=_("mã định danh cơ quan quản lý hoặc được phục vụ")
    )

    class Meta:
        model = ServiceDesk
        fields = ["kind", "agency"]

    def filter_agency(self, queryset, name, value):
        return queryset.filter(Q(host_agency__code=value) | Q(agencies__code=value)).distinct()
