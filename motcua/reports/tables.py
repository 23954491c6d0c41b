"""Seed 003's tables (KH 106/KH-UBND, Phụ lục I, II, III) for any unit and period: pure reading.

    table = build_table(unit, period, appendix="I")

One table: the seed's title lines, its two-level header, its rows (group rows A and B, numbered
units, Tổng cộng), its notes and signature block. Every dossier figure comes from
`counts.dossier_counts` (the statistics' definitions); the procedure figures from the catalogue;
the desk area from `org.ServiceDesk.area_m2`; the one-stop list from `OneStopList`.

Which agencies make the rows (each agency's level and validity dates decide):
- I: the departments and equivalent bodies (A) and their level-2 units (B);
- II: the vertical agencies placed in the city (A) and those under a district or another vertical
  agency (B);
- III: the district-level units (A: the districts for days until they were abolished, then the
  province itself, whose communes hang directly below it) and the communes (B).
A unit reporting on itself: A is that unit alone (the seed's "A | Sở" row, named after it).
A row counts the agency and those below it that are not themselves reporting units (its offices
and sub-units), so no dossier is counted twice; a group row sums its rows; Tổng cộng sums A and B.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.models import Channel as CatalogChannel
from motcua.catalog.models import ProcedureVersion, VersionState
from motcua.documents.formatting import format_long_date, format_vn_date
from motcua.org.models import Agency, AgencyLevel, ServiceDesk

from . import scope
from .counts import Counts, dossier_counts, rate
from .periods import Period, parse_period
from .table_models import OneStopList

APPENDICES = ("I", "II", "III")

#: Where the form comes from (the seed; its Phụ lục I and III misprint the plan's number as 186).
FORM_SOURCE = "(Kèm theo Kế hoạch số 106/KH-UBND ngày 14 tháng 8 năm 2017 của UBND Thành phố)"

TITLES = {
    "I": (
        "Kết quả thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "tại các Sở, cơ quan tương đương Sở, Ban Quản lý các khu công nghiệp và chế xuất",
    ),
    "II": (
        "Kết quả thực hiện cơ chế một cửa, cơ chế một cửa liên thông",
        "tại các cơ quan ngành dọc đặt tại Thành phố",
    ),
    "III": ("Kết quả thực hiện cơ chế một cửa, cơ chế một cửa liên thông", "tại cấp huyện và cấp xã"),
}
#: Phụ lục III once no district exists in the period (the two-level local government, 1/7/2025).
TITLE_III_TWO_LEVEL = "tại cấp tỉnh và cấp xã"

SEED_NOTES = (
    "(1) là số TTHC thực tế được giải quyết theo cơ chế một cửa, cơ chế một cửa liên thông tại cơ quan, đơn vị;",
    "(2) là tỷ lệ số TTHC thực tế được giải quyết theo cơ chế một cửa, cơ chế một cửa liên thông so với số TTHC "
    "thuộc thẩm quyền giải quyết của cơ quan, đơn vị.",
)
#: How MotCua fills the columns the seed leaves to the reporter's judgement (printed under its notes).
METHOD_NOTES = (
    "Hồ sơ đã nhận: tiếp nhận trong kỳ. Giải quyết đúng hạn: kết thúc xử lý trong kỳ trước hoặc đúng hạn, "
    "cộng hồ sơ đang giải quyết còn trong hạn tại cuối kỳ; quá hạn: kết thúc xử lý sau hạn (hoặc yêu cầu "
    "bổ sung quá một lần), cộng hồ sơ đang giải quyết đã quá hạn tại cuối kỳ. Tỷ lệ đúng hạn = đúng hạn ÷ "
    "(đúng hạn + quá hạn); “—”: không có hồ sơ để tính.",
    "Dịch vụ công trực tuyến mức độ 3, 4: nay là dịch vụ công trực tuyến toàn trình và một phần "
    "(Nghị định 42/2022/NĐ-CP).",
)

#: The stable names of the value columns (the API's keys), in the seed's order.
VALUE_KEYS = (
    "area_m2",
    "procedures",
    "one_stop_procedures",
    "one_stop_rate",
    "received",
    "on_time",
    "late",
    "on_time_rate",
    "online_services",
    "postal_procedures",
    "note",
)
RATE_KEYS = frozenset({"one_stop_rate", "on_time_rate"})


@dataclass(frozen=True)
class Column:
    label: str
    key: str | None = None
    children: tuple[Column, ...] = ()

    @property
    def leaves(self) -> list[Column]:
        return [leaf for child in self.children for leaf in child.leaves] if self.children else [self]


def header(period: Period) -> tuple[Column, ...]:
    """The seed's header: two levels, the second under the two grouped columns."""
    return (
        Column("STT", "number"),
        Column("Tên đơn vị", "name"),
        Column("Diện tích của Bộ phận tiếp nhận và trả kết quả (m²)", "area_m2"),
        Column(
            "Số TTHC thực hiện theo cơ chế một cửa, cơ chế một cửa liên thông",
            children=(
                Column("Số TTHC thuộc thẩm quyền giải quyết của đơn vị", "procedures"),
                Column("Số TTHC đang thực hiện (1)", "one_stop_procedures"),
                Column("Tỷ lệ % số TTHC đang thực hiện (2)", "one_stop_rate"),
            ),
        ),
        Column(
            "Kết quả giải quyết TTHC theo cơ chế một cửa, cơ chế một cửa liên thông "
            f"(số liệu từ {format_vn_date(period.start)} đến {format_vn_date(period.end)})",
            children=(
                Column("Tổng số hồ sơ TTHC đã nhận", "received"),
                Column("Tổng số hồ sơ TTHC được giải quyết đúng hạn", "on_time"),
                Column("Tổng số hồ sơ TTHC quá hạn giải quyết", "late"),
                Column("Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn", "on_time_rate"),
            ),
        ),
        Column("Số lượng dịch vụ công trực tuyến mức độ 3, 4", "online_services"),
        Column("Số lượng TTHC tiếp nhận, trả kết quả qua dịch vụ bưu chính công ích", "postal_procedures"),
        Column("Ghi chú", "note"),
    )


@dataclass
class Figures:
    """One row's values: sums, and the rates computed from them (never an average of rates)."""

    area_m2: Decimal | None = None
    procedures: int = 0
    one_stop_procedures: int | None = None  # None: no list published for the period
    one_stop_base: int = 0  # the procedures of the units that have a list: the rate's denominator
    received: int = 0
    on_time: int = 0
    late: int = 0
    online_services: int = 0
    postal_procedures: int = 0

    @property
    def one_stop_rate(self) -> Decimal | None:
        if self.one_stop_procedures is None:
            return None
        return rate(self.one_stop_procedures, self.one_stop_base)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.on_time + self.late)

    def __add__(self, other: Figures) -> Figures:
        def add(a, b):
            return b if a is None else a if b is None else a + b

        return Figures(
            area_m2=add(self.area_m2, other.area_m2),
            procedures=self.procedures + other.procedures,
            one_stop_procedures=add(self.one_stop_procedures, other.one_stop_procedures),
            one_stop_base=self.one_stop_base + other.one_stop_base,
            received=self.received + other.received,
            on_time=self.on_time + other.on_time,
            late=self.late + other.late,
            online_services=self.online_services + other.online_services,
            postal_procedures=self.postal_procedures + other.postal_procedures,
        )


@dataclass
class Row:
    kind: str  # "group" (A, B), "unit" (numbered, or A itself), "total" (Tổng cộng)
    number: str
    name: str
    figures: Figures
    agency: Agency | None = None
    note: str = ""

    def value(self, key: str):
        if key == "note":
            return self.note
        return getattr(self.figures, key)

    @property
    def values(self) -> dict:
        return {key: self.value(key) for key in VALUE_KEYS}


@dataclass
class Table:
    appendix: str
    unit: Agency
    period: Period
    agency_line: str
    title_lines: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: list[Row]
    notes: tuple[str, ...]
    date_line: str
    signatures: tuple[str, str] = ("Người lập biểu", "Thủ trưởng cơ quan, đơn vị")
    made_on: dt.date = field(default_factory=timezone.localdate)

    @property
    def total(self) -> Row:
        return self.rows[-1]

    @property
    def leaves(self) -> list[Column]:
        return [leaf for column in self.columns for leaf in column.leaves]


def default_appendix(unit: Agency) -> str:
    """The appendix a unit reports on itself with (a province: I, its departments)."""
    if unit.level == AgencyLevel.VERTICAL:
        return "II"
    if unit.level in (AgencyLevel.DISTRICT, AgencyLevel.COMMUNE):
        return "III"
    return "I"


# ---- which agencies make the rows --------------------------------------------------------------

#: Levels that report for themselves: a row never absorbs one of them from below.
REPORTING_LEVELS = frozenset(
    {
        AgencyLevel.MINISTRY,
        AgencyLevel.PROVINCE,
        AgencyLevel.PROVINCE_OFFICE,
        AgencyLevel.DEPARTMENT,
        AgencyLevel.VERTICAL,
        AgencyLevel.DISTRICT,
        AgencyLevel.COMMUNE,
    }
)
_DEPARTMENT_LEVELS = frozenset({AgencyLevel.DEPARTMENT, AgencyLevel.PROVINCE_OFFICE})
_LOCAL_LEVELS = frozenset({AgencyLevel.DISTRICT, AgencyLevel.COMMUNE})


def _overlapping(period: Period) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=period.end)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start)
    )


def _groups(appendix: str, unit: Agency, agencies: dict[int, Agency]) -> list[tuple[str, str, list[Agency]]]:
    """[(letter, label, members)] for the appendix, members in code order."""
    ordered = sorted(agencies.values(), key=lambda a: (a.code, a.pk))

    def parent_level(a: Agency) -> str | None:
        parent = agencies.get(a.parent_id) if a.parent_id else None
        return parent.level if parent is not None else (a.parent.level if a.parent_id else None)

    if appendix == "I":
        a = [x for x in ordered if x.level in _DEPARTMENT_LEVELS]
        heads = {x.pk for x in a}
        b = [x for x in ordered if x.level == AgencyLevel.SUB_UNIT and x.parent_id in heads]
        if not a and unit.level == AgencyLevel.SUB_UNIT:
            b = [unit]
        return [("A", "Sở, cơ quan tương đương Sở", a), ("B", "Đơn vị cấp 2 trực thuộc", b)]
    if appendix == "II":
        vertical = [x for x in ordered if x.level == AgencyLevel.VERTICAL]
        local = {AgencyLevel.VERTICAL, *_LOCAL_LEVELS}
        a = [x for x in vertical if parent_level(x) not in local]
        b = [x for x in vertical if parent_level(x) in local]
        return [("A", "Đặt tại Thành phố", a), ("B", "Đặt tại cấp Huyện", b)]
    communes = [x for x in ordered if x.level == AgencyLevel.COMMUNE]
    a = [x for x in ordered if x.level == AgencyLevel.DISTRICT]
    provinces = {x.parent_id for x in communes if parent_level(x) == AgencyLevel.PROVINCE}
    a += [x for x in ordered if x.pk in provinces]
    levels = {x.level for x in a}
    label = (
        "Cấp huyện"
        if levels <= {AgencyLevel.DISTRICT}
        else "Cấp tỉnh"
        if levels == {AgencyLevel.PROVINCE}
        else "Cấp huyện, cấp tỉnh"
    )
    return [("A", label, a), ("B", f"Cấp xã (tổng số xã: {len(communes)})", communes)]


def _row_sets(rows: list[Agency], agencies: dict[int, Agency]) -> dict[int, set[int]]:
    """Each row agency's ids: itself and what hangs below it, down to the next reporting unit."""
    children: dict[int, list[Agency]] = defaultdict(list)
    for a in agencies.values():
        if a.parent_id:
            children[a.parent_id].append(a)
    row_ids = {a.pk for a in rows}
    sets = {}
    for agency in rows:
        ids, stack = {agency.pk}, [agency.pk]
        while stack:
            for child in children[stack.pop()]:
                if child.pk in row_ids or child.level in REPORTING_LEVELS:
                    continue
                ids.add(child.pk)
                stack.append(child.pk)
        sets[agency.pk] = ids
    return sets


# ---- the facts ---------------------------------------------------------------------------------

_ONLINE = frozenset({CatalogChannel.ONLINE_FULL, CatalogChannel.ONLINE_PARTIAL, CatalogChannel.ONLINE})
_APPLIED_STATES = (VersionState.PUBLISHED, VersionState.AMENDED, VersionState.ABOLISHED)


@dataclass
class _Catalogue:
    competent: dict[int, set[int]]  # agency id → procedure ids
    online: set[int]
    postal: set[int]


def _catalogue(agency_ids: set[int], period: Period) -> _Catalogue:
    """The procedures each agency implements in a version applied during the period; a procedure's
    channels are its latest such version's."""
    applied = (
        Q(state__in=_APPLIED_STATES)
        & (Q(effective_from__isnull=True) | Q(effective_from__lte=period.end))
        & (Q(effective_to__isnull=True) | Q(effective_to__gte=period.start))
    )
    competent: dict[int, set[int]] = defaultdict(set)
    Through = ProcedureVersion.implementing_agencies.through
    for agency_id, procedure_id in Through.objects.filter(
        agency_id__in=agency_ids, procedureversion__in=ProcedureVersion.objects.filter(applied)
    ).values_list("agency_id", "procedureversion__procedure_id"):
        competent[agency_id].add(procedure_id)
    procedures = set().union(*competent.values()) if competent else set()
    latest: dict[int, list[str]] = {}
    versions = ProcedureVersion.objects.filter(applied, procedure_id__in=procedures).order_by(
        "procedure_id", "effective_from", "number"
    )
    for procedure_id, channels in versions.values_list("procedure_id", "channels"):
        latest[procedure_id] = channels or []  # the last one read is the latest
    online = {p for p, channels in latest.items() if _ONLINE & set(channels)}
    postal = {p for p, channels in latest.items() if CatalogChannel.POST in channels}
    return _Catalogue(dict(competent), online, postal)


def _one_stop(agency_ids: set[int], period: Period) -> dict[int, set[int]]:
    """agency id → the procedures of its latest one-stop list overlapping the period."""
    lists = (
        OneStopList.objects.filter(agency_id__in=agency_ids, valid_from__lte=period.end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("agency_id", "-valid_from")
    )
    chosen: dict[int, int] = {}
    for pk, agency_id in lists.values_list("pk", "agency_id"):
        chosen.setdefault(agency_id, pk)
    result: dict[int, set[int]] = {agency_id: set() for agency_id in chosen}
    by_list = {pk: agency_id for agency_id, pk in chosen.items()}
    Through = OneStopList.procedures.through
    for list_id, procedure_id in Through.objects.filter(onestoplist_id__in=list(by_list)).values_list(
        "onestoplist_id", "procedure_id"
    ):
        result[by_list[list_id]].add(procedure_id)
    return result


def _areas(agency_ids: set[int]) -> dict[int, Decimal]:
    areas: dict[int, Decimal] = defaultdict(Decimal)
    desks = ServiceDesk.objects.filter(host_agency_id__in=agency_ids, area_m2__isnull=False)
    for host, area in desks.values_list("host_agency_id", "area_m2"):
        areas[host] += area
    return dict(areas)


def place_of(unit: Agency) -> str:
    """The date line's place: the province or city at the root of the unit's tree."""
    name = ([unit, *unit.ancestors()])[-1].name
    for prefix in ("Ủy ban nhân dân ", "UBND ", "Thành phố ", "thành phố ", "Tỉnh ", "tỉnh "):
        name = name.removeprefix(prefix)
    return name


def _validity_note(agency: Agency, period: Period) -> str:
    notes = []
    if agency.valid_from and agency.valid_from > period.start:
        notes.append(f"Từ ngày {format_vn_date(agency.valid_from)}")
    if agency.valid_to and agency.valid_to < period.end:
        notes.append(f"Đến ngày {format_vn_date(agency.valid_to)}")
    return "; ".join(notes)


# ---- the table ---------------------------------------------------------------------------------


def build_table(unit: Agency, period: Period, appendix: str | None = None, *, subtree: list[int]) -> Table:
    """The appendix's table for `unit`'s subtree (`subtree`: its ids, from `scope.require_unit`)."""
    appendix = appendix or default_appendix(unit)
    agencies = {
        a.pk: a for a in Agency.objects.filter(_overlapping(period), pk__in=subtree).select_related("parent")
    }
    agencies.setdefault(unit.pk, unit)
    groups = _groups(appendix, unit, agencies)
    members = [a for _letter, _label, group in groups for a in group]
    sets = _row_sets(members, agencies)
    ids = set().union(*sets.values()) if sets else set()

    counts = dossier_counts(ids, period, by="unit")
    catalogue = _catalogue(ids, period)
    one_stop = _one_stop(ids, period)
    areas = _areas(ids)

    def figures(agency: Agency) -> Figures:
        own = sets[agency.pk]
        c = sum((counts.get(pk, Counts()) for pk in own), Counts())
        competent = set().union(*(catalogue.competent.get(pk, set()) for pk in own))
        listed = [one_stop[pk] for pk in own if pk in one_stop]
        desk_areas = [areas[pk] for pk in own if pk in areas]
        return Figures(
            area_m2=sum(desk_areas, Decimal(0)) if desk_areas else None,
            procedures=len(competent),
            one_stop_procedures=len(competent & set().union(*listed)) if listed else None,
            one_stop_base=len(competent) if listed else 0,
            received=c.received,
            on_time=c.resolved_early + c.resolved_on_time + c.open_within,
            late=c.resolved_late + c.open_overdue,
            online_services=len(competent & catalogue.online),
            postal_procedures=len(competent & catalogue.postal),
        )

    several_parents = {letter: len({a.parent_id for a in group}) > 1 for letter, _label, group in groups}
    rows: list[Row] = []
    total = Figures()
    for letter, label, group in groups:
        if not group:
            continue
        if len(group) == 1 and group[0].pk == unit.pk:
            row = Row(
                "unit", letter, unit.name, figures(unit), agency=unit, note=_validity_note(unit, period)
            )
            rows.append(row)
            total += row.figures
            continue
        unit_rows = []
        for n, agency in enumerate(group, start=1):
            name = agency.name
            parent = agencies.get(agency.parent_id) if agency.parent_id else None
            if several_parents[letter] and parent is not None and letter == "B":
                name = f"{name} ({parent.short_name or parent.name})"  # whose unit it is
            unit_rows.append(
                Row("unit", str(n), name, figures(agency), agency=agency, note=_validity_note(agency, period))
            )
        group_figures = sum((r.figures for r in unit_rows), Figures())
        rows.append(Row("group", letter, label, group_figures))
        rows += unit_rows
        total += group_figures
    rows.append(Row("total", "", "Tổng cộng", total))

    title_lines = list(TITLES[appendix])
    if appendix == "III" and not any(a.level == AgencyLevel.DISTRICT for a in members):
        title_lines[1] = TITLE_III_TWO_LEVEL
    made_on = timezone.localdate()
    return Table(
        appendix=appendix,
        unit=unit,
        period=period,
        agency_line=unit.name.upper(),
        title_lines=(f"Phụ lục {appendix}", *title_lines, FORM_SOURCE),
        columns=header(period),
        rows=rows,
        notes=(*SEED_NOTES, *METHOD_NOTES),
        date_line=f"{place_of(unit) or '.....'}, {format_long_date(made_on)}",
        made_on=made_on,
    )


def parse_appendix(value: str | None) -> str | None:
    if value in (None, ""):
        return None
    if value not in APPENDICES:
        raise ValidationError(
            {"appendix": ValidationError(_("Phụ lục phải là I, II hoặc III."), code="appendix_unknown")}
        )
    return value


def table_for_request(user, params) -> Table:
    """The one reading of a table request, for the API and the screens alike."""
    unit = scope.unit_by_code(params.get("unit"))
    period = parse_period(params)
    if not (period.start.year >= 1900 and period.end.year <= 2999):
        raise ValidationError(
            {"from": ValidationError(_("Kỳ báo cáo nằm ngoài khoảng 1900–2999."), code="period_out_of_range")}
        )
    appendix = parse_appendix(params.get("appendix"))
    subtree = scope.require_unit(user, unit)
    return build_table(unit, period, appendix, subtree=subtree)


def display(value, key: str) -> str:
    """A value as the tables print it: "—" for a missing figure or rate, rates with a decimal comma."""
    if key == "note":
        return value or ""
    if value is None:
        return "—"
    if key in RATE_KEYS:
        return f"{value:.2f}".replace(".", ",") + "%"
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text.replace(".", ",")
    return f"{value:,}".replace(",", ".")
