"""The national index's screen, /bao-cao/chi-so-766/: unit and period, groups and indicators with
score bars and drill-down links, the ranking of the units below, the "how to gain points" list; and
the page behind each figure. Parses and renders; the figures are `reports.index766`'s."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone

from motcua.org.auth import staff_of
from motcua.reports.index766 import compute, drill
from motcua.reports.index766.methodology import NoMethodology
from motcua.reports.periods import Period, parse_period
from motcua.reports.scope import require_unit, unit_by_code


def _defaults(request) -> dict:
    today = timezone.localdate()
    staff = staff_of(request.user)
    return {
        "unit": request.GET.get("unit") or (staff.agency.code if staff is not None else ""),
        "from": request.GET.get("from") or today.replace(day=1).isoformat(),
        "to": request.GET.get("to") or today.isoformat(),
    }


def _evaluate(request, params: dict) -> tuple[compute.Evaluation | None, list[str]]:
    try:
        unit = unit_by_code(params["unit"])
        period: Period = parse_period(params)
        ids = require_unit(request.user, unit)  # PermissionDenied → 403
        return compute.evaluate_ids(ids, period, unit), []
    except ValidationError as error:
        return None, [m for ms in error.message_dict.values() for m in ms]
    except NoMethodology as error:
        return None, [str(error)]


@login_required
def index(request):
    params = _defaults(request)
    evaluation, errors = _evaluate(request, params)
    context = {"params": params, "errors": errors, "evaluation": evaluation}
    if evaluation is not None and evaluation.unit is not None:
        context["ranking"] = compute.ranking(evaluation.unit, evaluation.period)
        context["gains"] = [
            (metric, drill.items(request.user, metric, "missing", limit=5))
            for metric in compute.how_to_gain(evaluation)
        ]
    return render(request, "reports/index766.html", context, status=400 if errors else 200)


@login_required
def items(request, code: str):
    params = _defaults(request)
    evaluation, errors = _evaluate(request, params)
    found = None
    if evaluation is not None:
        try:
            metric = drill.metric_or_error(evaluation, code)
            found = drill.items(request.user, metric, request.GET.get("part") or "denominator")
        except ValidationError as error:
            errors = [m for ms in error.message_dict.values() for m in ms]
    context = {
        "params": params,
        "errors": errors,
        "evaluation": evaluation,
        "found": found,
        "parts": drill.PARTS,
    }
    return render(request, "reports/index766_items.html", context, status=400 if errors else 200)
