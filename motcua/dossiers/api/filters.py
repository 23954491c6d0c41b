"""Filters of the dossier list: state, channel, procedure, agency, dates, overdue and a search box."""

import re
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from .. import selectors
from ..models import Dossier
from ..states import Channel, State
from . import clock

#: States in which the legal clock runs and a dossier can be overdue.
RUNNING = (State.RECEIVED, State.PROCESSING)
IDENTIFIER = re.compile(r"^(\d{12}|\d{10}(-\d{3})?)$")


class DossierFilter(filters.FilterSet):
    state = filters.MultipleChoiceFilter(
        choices=State.choices, label=_("Trạng thái (TrangThaiHoSo, lặp lại tham số để chọn nhiều)")
    )
    channel = filters.ChoiceFilter(choices=Channel.choices, label=_("Kênh tiếp nhận (KenhThucHien)"))
    procedure = filters.CharFilter(field_name="procedure_version__procedure__code", label=_("Mã thủ tục"))
    agency = filters.CharFilter(field_name="agency__code", label=_("Mã định danh cơ quan tiếp nhận"))
    received_from = filters.DateFilter(
        field_name="received_at", method="filter_received_from", label=_("Tiếp nhận từ ngày (YYYY-MM-DD)")
    )
    received_to = filters.DateFilter(
        field_name="received_at", method="filter_received_to", label=_("Tiếp nhận đến hết ngày (YYYY-MM-DD)")
    )
    due_before = filters.IsoDateTimeFilter(
        field_name="due_at", lookup_expr="lt", label=_("Hẹn trả trước thời điểm (ISO 8601)")
    )
    overdue = filters.BooleanFilter(
        method="filter_overdue", label=_("Đang quá hạn (true) hoặc không (false)")
    )
    search = filters.CharFilter(
        method="filter_search", label=_("Tìm theo mã hồ sơ, tên người nộp, số định danh hoặc mã số thuế")
    )

    external_code = filters.CharFilter(
        method="filter_external_code",
        max_length=40,
        label=_("Mã hồ sơ ở hệ thống ngành (hộ tịch, đăng ký kinh doanh…)"),
    )

    class Meta:
        model = Dossier
        fields = ["state", "channel", "procedure", "agency"]

    @staticmethod
    def _start_of(day):
        return timezone.make_aware(datetime.combine(day, time.min))

    def filter_received_from(self, queryset, name, value):
        return queryset.filter(received_at__gte=self._start_of(value))

    def filter_received_to(self, queryset, name, value):
        return queryset.filter(received_at__lt=self._start_of(value + timedelta(days=1)))

    def filter_overdue(self, queryset, name, value):
        late = Q(state__in=RUNNING, due_at__lt=clock.now())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_external_code(self, queryset, name, value):
        term = value.strip()
        return queryset.filter(selectors.known_by_external_code(term)) if term else queryset

    def filter_search(self, queryset, name, value):
        term = value.strip()
        if not term:
            return queryset
        if IDENTIFIER.match(term):
            return queryset.filter(Q(applicant__id_number=term) | Q(applicant__tax_code=term))
        if "-" in term and any(c.isdigit() for c in term):
            code = term.upper()
            return queryset.filter(Q(code=code) | Q(code__startswith=code))
        return queryset.filter(
            Q(applicant__full_name__icontains=term) | Q(applicant__organisation__icontains=term)
        )
