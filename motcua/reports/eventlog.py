"""The dossiers' event log for process mining: XES (IEEE 1849) and CSV, streamed row by row.

One trace per dossier (received in the period at the unit's subtree), one event per step start and
completion: `concept:name` = the step's work, `lifecycle:transition` = start / complete,
`time:timestamp`, `org:resource` (who completed it, else the assignee or the step's position) and
`org:group` (the agency's code). pm4py (`pm4py.read_xes`, `pm4py.read_csv`-style frames) reads both.
XES is written here rather than by pm4py: pm4py builds the whole log in memory, and it is a test
dependency only; a large log streams in constant memory.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import quoteattr

from django.utils.translation import gettext as _

from motcua.dossiers.models import DossierStep
from motcua.org.auth import staff_of
from motcua.org.models import Role

from .periods import Period
from .scope import ReportRefused, require_unit

XES_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">\n'
    '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
    '<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n'
    '<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n'
    '<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n'
    '<global scope="trace"><string key="concept:name" value=""/></global>\n'
    '<global scope="event"><string key="concept:name" value=""/>'
    '<date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>'
    '<string key="lifecycle:transition" value="complete"/></global>\n'
)
CSV_HEADER = ["case_id", "activity", "lifecycle", "timestamp", "resource", "agency", "procedure"]


def _rows(agency_ids: Iterable[int], period: Period):
    return (
        DossierStep.objects.filter(
            dossier__agency_id__in=list(agency_ids),
            dossier__received_at__gte=period.starts_at,
            dossier__received_at__lt=period.ends_at,
            started_at__isnull=False,
        )
        .order_by("dossier_id", "started_at", "order", "pk")
        .values_list(
            "dossier_id",
            "dossier__code",
            "dossier__procedure_version__procedure__code",
            "work",
            "agency__code",
            "position",
            "assignee__full_name",
            "completed_by__staff__full_name",
            "started_at",
            "completed_at",
        )
        .iterator(chunk_size=2000)
    )


def events(agency_ids: Iterable[int], period: Period) -> Iterator[tuple[str, list[dict]]]:
    """(case id, its events in time order) per dossier."""
    for _pk, group in itertools.groupby(_rows(agency_ids, period), key=lambda r: r[0]):
        rows = list(group)
        trace: list[dict] = []
        for _id, _code, procedure, work, agency, position, assignee, completer, started, completed in rows:
            base = {"activity": work, "agency": agency, "procedure": procedure or ""}
            trace.append({**base, "lifecycle": "start", "at": started, "resource": assignee or position})
            if completed is not None:
                resource = completer or assignee or position
                trace.append({**base, "lifecycle": "complete", "at": completed, "resource": resource})
        trace.sort(key=lambda e: (e["at"], e["lifecycle"] != "complete"))
        yield rows[0][1], trace


def _stamp(value) -> str:
    return value.isoformat(timespec="milliseconds")


def xes(agency_ids: Iterable[int], period: Period) -> Iterator[str]:
    yield XES_HEAD
    for code, trace in events(agency_ids, period):
        parts = [f'<trace><string key="concept:name" value={quoteattr(code)}/>\n']
        for e in trace:
            parts.append(
                "<event>"
                f'<string key="concept:name" value={quoteattr(e["activity"])}/>'
                f'<string key="lifecycle:transition" value="{e["lifecycle"]}"/>'
                f'<date key="time:timestamp" value="{_stamp(e["at"])}"/>'
                f'<string key="org:resource" value={quoteattr(e["resource"] or "")}/>'
                f'<string key="org:group" value={quoteattr(e["agency"])}/>'
                "</event>\n"
            )
        parts.append("</trace>\n")
        yield "".join(parts)
    yield "</log>\n"


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(agency_ids: Iterable[int], period: Period) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for code, trace in events(agency_ids, period):
        for e in trace:
            yield writer.writerow(
                [
                    code,
                    e["activity"],
                    e["lifecycle"],
                    _stamp(e["at"]),
                    e["resource"] or "",
                    e["agency"],
                    e["procedure"],
                ]
            )


#: Who exports the event log: the procedure-control office (and the system's administrators).
EXPORT_ROLES = frozenset({Role.CONTROL_OFFICER, Role.ADMINISTRATOR})


def require_export(user, unit) -> list[int]:
    """The ids of `unit`'s subtree once `user` may export its event log (else 403 `report_forbidden`)."""
    if not getattr(user, "is_superuser", False):
        staff = staff_of(user)
        if staff is None or not {r.role for r in staff.roles.all()} & EXPORT_ROLES:
            raise ReportRefused(_("Chỉ cán bộ kiểm soát thủ tục hành chính được xuất nhật ký sự kiện."))
    return require_unit(user, unit)
