"""Public read API: the promised time of a dossier and the working days of an agency.

Parameters are validated here and every problem becomes a 400 naming the parameter, in Vietnamese;
the arithmetic is `workcal`'s, through `services.calendar_for`.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua import workcal
from motcua.org.models import Agency

from . import services

MAX_AMOUNT = 10_000
MAX_SPAN_DAYS = 3 * 366

AGENCY_PARAM = OpenApiParameter(
    "agency",
    OpenApiTypes.STR,
    required=True,
    description="Mã định danh điện tử của cơ quan, ví dụ 000.00.12.H26",
)


def _agency(params) -> Agency:
    code = params.get("agency", "").strip()
    if not code:
        raise ValidationError({"agency": [_("Thiếu mã cơ quan.")]})
    agency: Agency | None = Agency.objects.filter(code=code).valid_on(timezone.localdate()).first() or (
        Agency.objects.filter(code=code).order_by("-valid_to").first()
    )
    if agency is None:
        raise ValidationError({"agency": [_("Không có cơ quan nào có mã %(code)s.") % {"code": code}]})
    return agency


def _aware_datetime(params, name: str) -> datetime:
    raw = params.get(name, "").strip()
    if not raw:
        raise ValidationError({name: [_("Thiếu thời điểm.")]})
    # An unencoded "+07:00" in a query string arrives as " 07:00"; put the plus back.
    raw = re.sub(r" (\d{2}:?\d{2})$", r"+\1", raw)
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {name: [_("Thời điểm không đúng định dạng ISO 8601, ví dụ 2026-08-21T10:00:00+07:00.")]}
        ) from None
    if value.tzinfo is None:
        raise ValidationError({name: [_("Thời điểm phải có múi giờ, ví dụ 2026-08-21T10:00:00+07:00.")]})
    return value


def _date(params, name: str) -> date:
    raw = params.get(name, "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Ngày không đúng định dạng YYYY-MM-DD.")]}) from None


def _range_error(calendar, name: str) -> ValidationError:
    return ValidationError(
        {
            name: [
                _("Ngoài phạm vi lịch làm việc (năm %(first)s–%(last)s).")
                % {"first": calendar.first_year, "last": calendar.last_year}
            ]
        }
    )


class DueTimeView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_due_time",
        summary="Thời hạn giải quyết",
        description=(
            "Thời điểm hẹn trả kết quả khi nhận hồ sơ lúc `start`, với thời hạn `amount` `unit` theo lịch làm "
            "việc của cơ quan (ngày lễ, làm bù, giờ hành chính, giờ chốt hồ sơ trong ngày)."
        ),
        parameters=[
            AGENCY_PARAM,
            OpenApiParameter(
                "start",
                OpenApiTypes.DATETIME,
                required=True,
                description="Thời điểm tiếp nhận, ISO 8601 có múi giờ",
            ),
            OpenApiParameter(
                "amount",
                OpenApiTypes.NUMBER,
                required=True,
                description="Thời hạn (≥ 0; 0.5 ngày làm việc = 4 giờ làm việc, như trên hồ sơ)",
            ),
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                required=True,
                enum=[u.value for u in workcal.Unit],
                description="Đơn vị",
            ),
        ],
        responses={
            200: inline_serializer("DueTime", {"due": serializers.DateTimeField()}),
            400: OpenApiTypes.OBJECT,
        },
        examples=[OpenApiExample("Hạn", value={"due": "2026-08-26T10:00:00+07:00"}, response_only=True)],
    )
    def get(self, request):
        params = request.query_params
        agency = _agency(params)
        start = _aware_datetime(params, "start")
        try:  # a decimal: half a working day (0.5) is four working hours, as on a dossier
            amount = Decimal(params.get("amount", "").replace(",", "."))
        except (ArithmeticError, ValueError):
            amount = Decimal(-1)
        if not amount.is_finite() or not 0 <= amount <= MAX_AMOUNT:
            raise ValidationError(
                {"amount": [_("Thời hạn phải là số nguyên từ 0 đến %(max)s.") % {"max": MAX_AMOUNT}]}
            )
        unit = params.get("unit", "")
        if unit not in workcal.Unit._value2member_map_:
            raise ValidationError(
                {"unit": [_("Đơn vị phải là một trong: %(units)s.") % {"units": ", ".join(workcal.Unit)}]}
            )
        calendar = services.calendar_for(agency)
        try:
            due = services.working_due(agency, start, amount, unit)
        except workcal.OutOfRangeError:
            raise _range_error(calendar, "start" if not calendar.covers(start) else "amount") from None
        return Response({"due": due.isoformat()})


class WorkingDaysView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="calendar_working_days",
        summary="Ngày làm việc",
        description="Các ngày làm việc của cơ quan từ `from` đến `to` (gồm cả hai ngày), với giờ làm việc.",
        parameters=[
            AGENCY_PARAM,
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="Từ ngày (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Đến ngày (YYYY-MM-DD)"),
        ],
        responses={
            200: inline_serializer(
                "WorkingDays",
                {
                    "agency": serializers.CharField(),
                    "from": serializers.DateField(),
                    "to": serializers.DateField(),
                    "count": serializers.IntegerField(),
                    "working_days": inline_serializer(
                        "WorkingDay",
                        {
                            "date": serializers.DateField(),
                            "kind": serializers.ChoiceField(
                                choices=["working", "swapped", "saturday_session"]
                            ),
                            "name": serializers.CharField(),
                            "hours": serializers.ListField(
                                child=serializers.ListField(child=serializers.CharField())
                            ),
                        },
                        many=True,
                    ),
                },
            ),
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        params = request.query_params
        agency = _agency(params)
        first, last = _date(params, "from"), _date(params, "to")
        if last < first:
            raise ValidationError({"to": [_("Ngày kết thúc phải không trước ngày bắt đầu.")]})
        if (last - first).days > MAX_SPAN_DAYS:
            raise ValidationError(
                {"to": [_("Khoảng thời gian tối đa là %(days)s ngày.") % {"days": MAX_SPAN_DAYS}]}
            )
        calendar = services.calendar_for(agency)
        for name, day in (("from", first), ("to", last)):
            if not calendar.first_year <= day.year <= calendar.last_year:
                raise _range_error(calendar, name)
        days = [calendar.day_info(d) for d in calendar.working_days_between(first, last)]
        return Response(
            {
                "agency": agency.code,
                "from": first.isoformat(),
                "to": last.isoformat(),
                "count": len(days),
                "working_days": [
                    {
                        "date": info.day.isoformat(),
                        "kind": info.kind.value,
                        "name": info.name,
                        "hours": [[f"{a:%H:%M}", f"{b:%H:%M}"] for a, b in info.hours],
                    }
                    for info in days
                ],
            }
        )
