"""What is behind each figure of the index: the dossiers (through the one access rule,
`dossiers.access.visible_dossiers`), the procedure versions or the feedback items of an indicator's
numerator, denominator, or what keeps it below full marks (`missing`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.access import visible_dossiers
from motcua.feedback.access import visible_feedback

from .compute import DOSSIER, FEEDBACK, PROCEDURE, Evaluation, Metric

PARTS = ("numerator", "denominator", "missing")
LIMIT = 200


@dataclass
class Items:
    metric: Metric
    part: str
    kind: str
    count: int  # in the figure
    visible: int  # of those, what the user may see (dossiers) or all (procedures)
    rows: list[dict]


def metric_or_error(evaluation: Evaluation, code: str | None) -> Metric:
    known = {m.code: m for m in evaluation.metrics}
    if not code or code not in known:
        raise ValidationError(
            {
                "indicator": ValidationError(
                    _("Chỉ tiêu không có trong phương pháp áp dụng: chọn một trong %(codes)s.")
                    % {"codes": ", ".join(known)},
                    code="indicator_unknown",
                )
            }
        )
    return known[code]


def part_ids(metric: Metric, part: str) -> set[int]:
    if part not in PARTS:
        raise ValidationError(
            {
                "part": ValidationError(
                    _("Phần phải là numerator, denominator hoặc missing."), code="part_unknown"
                )
            }
        )
    if part == "numerator":
        return metric.numerator_ids
    if part == "denominator":
        return metric.denominator_ids
    return metric.costing_ids


def items(user, metric: Metric, part: str, limit: int = LIMIT) -> Items:
    ids = part_ids(metric, part)
    if metric.kind == DOSSIER:
        qs = (
            visible_dossiers(user)
            .filter(pk__in=sorted(ids))
            .select_related("procedure_version__procedure", "agency")
            .order_by("received_at", "pk")
        )
        visible = qs.count()
        rows = [
            {
                "code": d.code,
                "procedure": d.procedure_version.procedure.code,
                "procedure_name": d.procedure_version.name,
                "agency": d.agency.code,
                "state": d.state,
                "state_label": d.get_state_display(),
                "received_at": d.received_at,
                "due_at": d.due_at,
                "finished_at": d.finished_at,
            }
            for d in qs[:limit]
        ]
        return Items(metric, part, metric.kind, len(ids), visible, rows)
    if metric.kind == PROCEDURE:
        versions = ProcedureVersion.objects.filter(pk__in=sorted(ids)).select_related("procedure", "sector")
        rows = [
            {
                "code": v.procedure.code,
                "name": v.name,
                "version": v.number,
                "sector": v.sector.name,
                "effective_from": v.effective_from,
            }
            for v in versions.order_by("procedure__code")[:limit]
        ]
        return Items(metric, part, metric.kind, len(ids), len(ids), rows)
    if metric.kind == FEEDBACK:
        items = (
            visible_feedback(user)
            .filter(pk__in=sorted(ids))
            .select_related("handler_agency", "addressed_agency")
        )
        rows = [
            {
                "code": f.code,
                "title": f.title,
                "agency": (f.handler_agency or f.addressed_agency).code,
                "state": f.state,
                "state_label": f.get_state_display(),
                "received_at": f.received_at,
            }
            for f in items.order_by("received_at", "pk")[:limit]
        ]
        return Items(metric, part, metric.kind, len(ids), items.count(), rows)
    return Items(metric, part, metric.kind, 0, 0, [])
