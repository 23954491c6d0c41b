"""The dossier statistics of a unit's subtree for a period, one row per `by` key (issue 12), and the
dossiers behind each figure (the drill-down)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.models import Procedure, ProcedureVersion, Sector
from motcua.dossiers.access import visible_dossiers
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import Channel
from motcua.org.models import Agency, Staff

from .counts import BY_FIELDS, Counts, _definitions, dossier_counts
from .periods import REPORTING_ZONE, Period

#: The row keys offered, in the selector's order.
BY_CHOICES = {
    "unit": gettext_lazy("Đơn vị"),
    "procedure": gettext_lazy("Thủ tục"),
    "sector": gettext_lazy("Lĩnh vực"),
    "channel": gettext_lazy("Kênh tiếp nhận"),
    "officer": gettext_lazy("Cán bộ xử lý"),
    "step": gettext_lazy("Bước xử lý"),
}
#: The figures' columns, in the table's order (Counts' stable names).
COLUMNS = {
    "received": gettext_lazy("Tiếp nhận trong kỳ"),
    "carried_over": gettext_lazy("Kỳ trước chuyển sang"),
    "resolved_early": gettext_lazy("Giải quyết trước hạn"),
    "resolved_on_time": gettext_lazy("Giải quyết đúng hạn"),
    "resolved_late": gettext_lazy("Giải quyết quá hạn"),
    "open_within": gettext_lazy("Đang giải quyết trong hạn"),
    "open_overdue": gettext_lazy("Đang giải quyết quá hạn"),
    "withdrawn": gettext_lazy("Rút hồ sơ"),
    "refused": gettext_lazy("Từ chối tiếp nhận"),
    "stopped": gettext_lazy("Dừng xử lý"),
}


@dataclass
class Row:
    key: object
    code: str  # the agency's or procedure's code, the channel's number, "" otherwise
    label: str
    counts: Counts


def parse_by(value: str | None) -> str:
    by = value or "unit"
    if by not in BY_CHOICES:
        raise ValidationError(
            {
                "by": ValidationError(
                    _("Chọn một trong: %(choices)s.") % {"choices": ", ".join(BY_CHOICES)}, code="by_unknown"
                )
            }
        )
    return by


def _labels(by: str, keys: list) -> dict[object, tuple[str, str]]:
    if by == "unit":
        return {a.pk: (a.code, a.name) for a in Agency.objects.filter(pk__in=keys)}
    if by == "procedure":
        names = dict(
            ProcedureVersion.objects.filter(procedure_id__in=keys)
            .order_by("procedure_id", "number")
            .values_list("procedure_id", "name")
        )  # the latest version's name
        return {p.pk: (p.code, names.get(p.pk, p.code)) for p in Procedure.objects.filter(pk__in=keys)}
    if by == "sector":
        return {s.pk: (s.code, s.name) for s in Sector.objects.filter(pk__in=keys)}
    if by == "channel":
        return {key: (str(key), str(Channel(key).label)) for key in keys}
    if by == "officer":
        return {
            s.pk: (s.user.username if s.user_id else "", s.full_name)
            for s in Staff.objects.filter(pk__in=keys).select_related("user")
        }
    return {key: ("", key) for key in keys}


def statistics(agency_ids: list[int], period: Period, by: str) -> tuple[list[Row], Counts]:
    """The rows (by label) and their total. By officer and by step a dossier may sit in several rows,
    so the total is the unit's own (from the rollups), not the sum of the rows."""
    counts = dossier_counts(agency_ids, period, by)
    labels = _labels(by, list(counts))
    rows = [Row(key, *labels.get(key, ("", str(key))), counts=c) for key, c in counts.items()]
    rows.sort(key=lambda r: (r.code, r.label))
    total = dossier_counts(agency_ids, period)[None]
    return rows, total


def drilldown(
    user, agency_ids: list[int], period: Period, column: str, by: str | None = None, key=None
) -> QuerySet[Dossier]:
    """The dossiers behind one figure (`column` of the row `key`), among those `user` may see."""
    if column not in COLUMNS:
        raise ValidationError({"column": ValidationError(_("Cột không hợp lệ."), code="column_unknown")})
    rows = (
        visible_dossiers(user)
        .filter(agency_id__in=agency_ids)
        .annotate(
            finished_day=TruncDate("finished_at", tzinfo=REPORTING_ZONE),
            due_day=TruncDate("due_at", tzinfo=REPORTING_ZONE),
        )
    )
    rows = rows.filter(_definitions(period)[column])
    if by:
        rows = rows.filter(Q(**{BY_FIELDS[parse_by(by)]: key})).distinct()
    return rows.order_by("-received_at", "pk")
