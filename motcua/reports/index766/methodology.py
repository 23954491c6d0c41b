"""The methodology as data: read `data/methodology.json`, check it, install it, pick the version in
force and the indicators that apply at a level (with the commune level's rescaling)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.org.models import Agency, AgencyLevel

DATA_FILE = Path(__file__).resolve().parent / "data" / "methodology.json"
TOTAL_POINTS = Decimal(100)
LEVELS = ("ministry", "province", "commune")
CENT = Decimal("0.01")


class MethodologyError(ValueError):
    pass


class NoMethodology(LookupError):
    pass


def read(path: Path = DATA_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["methodologies"]


def check(entry: dict) -> None:
    """Each group's indicators add up to the group's points, the groups to 100; levels are known."""
    groups = {g["code"]: Decimal(str(g["points"])) for g in entry["groups"]}
    if sum(groups.values()) != TOTAL_POINTS:
        raise MethodologyError(f"{entry['code']}: groups add up to {sum(groups.values())}, not 100")
    sums = dict.fromkeys(groups, Decimal(0))
    for item in entry["indicators"]:
        if item["group"] not in groups:
            raise MethodologyError(f"{entry['code']} {item['code']}: unknown group {item['group']}")
        if not set(item["levels"]) <= set(LEVELS) or not item["levels"]:
            raise MethodologyError(f"{entry['code']} {item['code']}: levels {item['levels']}")
        sums[item["group"]] += Decimal(str(item["points"]))
    wrong = {code: total for code, total in sums.items() if total != groups[code]}
    if wrong:
        raise MethodologyError(f"{entry['code']}: indicator points per group {wrong} ≠ {groups}")


def install(entry: dict, methodology_model, indicator_model):
    """Create or replace one methodology version (models passed in: the migration's or the app's)."""
    check(entry)
    methodology, _created = methodology_model.objects.update_or_create(
        code=entry["code"],
        defaults={
            "name": entry["name"],
            "effective_from": dt.date.fromisoformat(entry["effective_from"]),
            "groups": entry["groups"],
        },
    )
    indicator_model.objects.filter(methodology=methodology).delete()
    indicator_model.objects.bulk_create(
        indicator_model(
            methodology=methodology,
            order=n,
            code=item["code"],
            group=item["group"],
            name=item["name"],
            name_en=item.get("name_en", ""),
            points=Decimal(str(item["points"])),
            threshold=None if item.get("threshold") is None else Decimal(str(item["threshold"])),
            levels=item["levels"],
            rule=item["rule"],
            params=item.get("params") or {},
        )
        for n, item in enumerate(entry["indicators"])
    )
    return methodology


def in_force(day: dt.date):
    """The methodology version in force on `day` (the latest whose effective date is not after it)."""
    from .models import IndexMethodology

    methodology = IndexMethodology.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if methodology is None:
        raise NoMethodology(
            _("Chưa có phương pháp tính Chỉ số 766 áp dụng ngày %(day)s.") % {"day": f"{day:%d/%m/%Y}"}
        )
    return methodology


def level_of(unit: Agency) -> str:
    """The index's level of a unit: a commune, a ministry, or the province (its departments, its
    vertical agencies and their sub-units included)."""
    if unit.level == AgencyLevel.COMMUNE:
        return "commune"
    if unit.level == AgencyLevel.MINISTRY:
        return "ministry"
    return "province"


def localized(vi: str, en: str) -> str:
    return en if en and (get_language() or "vi").startswith("en") else vi


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    points: Decimal  # the Decision's points
    max_score: Decimal  # after rescaling at this level
    national_path: str


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    name: str
    rule: str
    threshold: Decimal | None
    points: Decimal  # as set in the data
    max_score: Decimal  # rescaled at this level (unrounded)
    params: dict


@dataclass(frozen=True)
class Plan:
    """What a methodology asks of one level: the applicable indicators and their maxima."""

    code: str
    name: str
    effective_from: dt.date
    level: str
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    dropped: tuple[str, ...]  # the indicators that do not apply at this level


def plan(methodology, level: str) -> Plan:
    """The applicable indicators at `level`; when some do not apply (commune level), every remaining
    maximum is scaled by 100 ÷ (the points that remain), so the index still totals 100."""
    rows = list(methodology.indicators.all())
    kept = [row for row in rows if level in row.levels]
    factor = TOTAL_POINTS / sum((row.points for row in kept), Decimal(0)) if kept else Decimal(0)
    indicators = tuple(
        Indicator(
            code=row.code,
            group=row.group,
            name=localized(row.name, row.name_en),
            rule=row.rule,
            threshold=row.threshold,
            points=row.points,
            max_score=row.points * factor,
            params=row.params,
        )
        for row in kept
    )
    groups = tuple(
        Group(
            code=g["code"],
            name=localized(g["name"], g.get("name_en", "")),
            points=Decimal(str(g["points"])),
            max_score=sum((i.max_score for i in indicators if i.group == g["code"]), Decimal(0)),
            national_path=g.get("national_path", ""),
        )
        for g in methodology.groups
    )
    return Plan(
        code=methodology.code,
        name=methodology.name,
        effective_from=methodology.effective_from,
        level=level,
        groups=groups,
        indicators=indicators,
        dropped=tuple(row.code for row in rows if level not in row.levels),
    )


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)
