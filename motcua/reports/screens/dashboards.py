"""The leaders' dashboard and the compliance cost screens (issue 12): parse, check the unit scope
(`scope.require_unit`), call `dashboard` / `cost`, render."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.org.auth import staff_of
from motcua.org.models import Agency

from .. import charts, cost
from ..dashboard import dashboard as build_dashboard
from ..dashboard import drill
from ..periods import Period, parse_period
from ..scope import ReportRefused, reportable_root_ids, require_unit, unit_by_code


def report_required(view):
    """Anonymous → login; an officer without a reporting role (or a citizen) → 403."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        request.staff = staff_of(request.user)
        try:
            if reportable_root_ids(request.user) == []:
                raise ReportRefused(
                    _("Chỉ lãnh đạo và cán bộ kiểm soát thủ tục hành chính được xem báo cáo.")
                )
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return render(request, "office/403.html", {"message": str(error)}, status=403)

    return wrapper


def default_unit(request) -> Agency:
    if request.staff is not None:
        return request.staff.agency
    root = Agency.objects.filter(parent__isnull=True).order_by("code").first()
    if root is None:
        raise Http404
    return root


def unit_and_period(request) -> tuple[Agency, list[int], Period, dict]:
    """The unit (default: the officer's agency) and period (default: this month to today) asked
    for, checked; errors come back per field for the form."""
    errors: dict = {}
    today = timezone.localdate()
    params = request.GET.copy()
    if not params.get("from") and not params.get("to"):
        params["from"], params["to"] = today.replace(day=1).isoformat(), today.isoformat()
    try:
        period = parse_period(params)
    except ValidationError as error:
        errors.update(error.message_dict)
        period = Period(today.replace(day=1), today)
    unit = default_unit(request)
    if params.get("unit"):
        try:
            unit = unit_by_code(params["unit"])
        except ValidationError as error:
            errors.update(error.message_dict)
    return unit, require_unit(request.user, unit), period, errors


def units_offered(user) -> list[Agency]:
    roots = reportable_root_ids(user)
    agencies = Agency.objects.order_by("code")
    if roots is not None:
        agencies = agencies.filter(pk__in=roots)
    return list(agencies.only("id", "code", "name")[:500])


@report_required
def dashboard(request):
    unit, ids, period, errors = unit_and_period(request)
    board = build_dashboard(unit.code, ids, period, timezone.now())
    received = charts.build(
        id="chart-received",
        title=_("Hồ sơ tiếp nhận theo tháng"),
        description=_("Số hồ sơ tiếp nhận mỗi tháng trong 12 tháng gần nhất, %(unit)s.")
        % {"unit": unit.name},
        items=[
            (f"{m.period.start:%m/%Y}", m.counts.received, drill(unit.code, m.period, "received"))
            for m in board.trend
        ],
    )
    on_time = charts.build(
        id="chart-on-time",
        title=_("Tỷ lệ giải quyết đúng hạn theo tháng (%)"),
        description=_(
            "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn trên số hồ sơ đã giải quyết, mỗi tháng trong 12 tháng gần nhất; "
            "tháng không có hồ sơ giải quyết để trống."
        ),
        items=[
            (f"{m.period.start:%m/%Y}", m.counts.on_time_rate, drill(unit.code, m.period, "on_time_rate"))
            for m in board.trend
        ],
        kind="line",
        maximum=100,
        unit="%",
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "section": "reports",
            "board": board,
            "unit": unit,
            "period": period,
            "errors": errors,
            "units": units_offered(request.user),
            "charts": [received, on_time],
            # The index's total (index766.total_for) and the at-risk count (risk.at_risk_count).
            "index_766": board.index_766,
            "at_risk": board.at_risk,
        },
    )


def _version_param(request, name: str, versions: list[ProcedureVersion], default: ProcedureVersion):
    value = request.GET.get(name)
    if not value:
        return default
    for version in versions:
        if str(version.number) == value:
            return version
    raise Http404


@report_required
def cost_index(request):
    """Pick a procedure by its national code."""
    code = (request.GET.get("procedure") or "").strip()
    if code:
        return redirect("reports:cost", code=code)
    return render(
        request, "reports/cost_index.html", {"section": "reports", "rates": cost.Rates.from_settings()}
    )


@report_required
def procedure_cost(request, code: str):
    """Every version's compliance cost, and two versions compared (?before=N&after=M, version
    numbers; default: the two latest)."""
    versions = cost.versions_of(code)
    allowed = reportable_root_ids(request.user)
    rates = cost.Rates.from_settings()
    costs = [cost.version_cost(v, allowed, rates) for v in versions]
    before = _version_param(request, "before", versions, versions[-2] if len(versions) > 1 else versions[0])
    after = _version_param(request, "after", versions, versions[-1])
    by_pk = {c.version.pk: c for c in costs}
    comparison = cost.compare(by_pk[before.pk], by_pk[after.pk]) if before.pk != after.pk else None
    return render(
        request,
        "reports/cost.html",
        {
            "section": "reports",
            "code": code,
            "costs": costs,
            "versions": versions,
            "before": before,
            "after": after,
            "comparison": comparison,
            "rates": rates,
        },
    )
