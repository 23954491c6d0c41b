"""What the generator works with: agencies, their published procedures, process definitions and a
team of generated officers per agency.

Officers are created once through `org.services.create_staff` with usernames
`gen.<agency code>.<role>` and no usable password (the benchmark sets passwords on the desk
officers it logs in as): one of each role per agency, and per unit (sub-unit) that a process names
(`gen.<unit code>.donvi.<role>`, working in that unit). A step is done by the team member holding the step's role
(`DossierStep.role`, read from its position), in the step's unit if it names one
(`history._member_for_step`, the rule of `steps.Pool`).
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass, field

from django.db import transaction

from motcua.calendars.services import calendar_for
from motcua.catalog import intake as catalog_intake
from motcua.catalog import selectors as catalog_selectors
from motcua.catalog.models import ProcedureVersion, ProcessDefinition, TimeUnit
from motcua.dossiers import steps
from motcua.dossiers.models import DossierStep
from motcua.dossiers.states import Channel
from motcua.org import services as org_services
from motcua.org.models import Agency, AgencyLevel, Role, Staff

ROLES = {
    "motcua": Role.DESK_OFFICER,
    "chuyenvien": Role.SPECIALIST,
    "truongphong": Role.UNIT_HEAD,
    "lanhdao": Role.AGENCY_LEADER,
}
POSITIONS = {
    "motcua": "Công chức Một cửa",
    "chuyenvien": "Chuyên viên",
    "truongphong": "Trưởng phòng",
    "lanhdao": "Lãnh đạo cơ quan",
}

#: How often each field's procedures are asked for, relative to the others (DOMAIN.md §7: civil
#: status, certification and residence make most of a commune's day).
SECTOR_WEIGHTS = (
    ("hộ tịch", 30.0),
    ("chứng thực", 25.0),
    ("cư trú", 12.0),
    ("căn cước", 5.0),
    ("hộ kinh doanh", 4.0),
    ("đất đai", 4.0),
    ("doanh nghiệp", 3.0),
    ("xây dựng", 3.0),
)
OTHER_SECTOR_WEIGHT = 1.5
AGENCY_WEIGHTS = {AgencyLevel.COMMUNE: 1.0, AgencyLevel.DEPARTMENT: 1.5, AgencyLevel.VERTICAL: 1.5}
OTHER_AGENCY_WEIGHT = 0.5

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
_MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh", "Hồng", "Hữu"]
_GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Huy", "Khánh", "Linh"]


@dataclass
class Member:
    staff: Staff
    user_id: int
    label: str


@dataclass
class Team:
    desk: Member
    specialist: Member
    head: Member
    leader: Member


@dataclass
class Offer:
    """A published procedure version as the generator uses it."""

    version: ProcedureVersion
    weight: float
    channels: frozenset[int]
    mandatory: list  # [(requirement id, name, kind, quantity)]
    optional: list
    fees: list  # [{"name", "amount_vnd"}]
    #: channel → (mandatory, optional) of the default case for that channel (catalog.intake's
    #: checklist: one paper of each group of alternatives), what an intake hands in
    by_channel: dict = field(default_factory=dict)


@dataclass
class Choice:
    """Weighted choice with a precomputed cumulative table (bisect on one random number)."""

    items: list
    cumulative: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, pairs):
        pairs = [(item, w) for item, w in pairs if w > 0]
        return cls([i for i, _ in pairs], list(itertools.accumulate(w for _, w in pairs)))

    def pick(self, r: float):
        return self.items[min(bisect_right(self.cumulative, r * self.cumulative[-1]), len(self.items) - 1)]

    def __bool__(self):
        return bool(self.items)


@dataclass
class World:
    agencies: list[Agency]
    agency_choice: Choice
    offers: dict[int, dict[int, Choice]]  # agency pk → channel → Choice of Offer
    any_offer: dict[int, Choice]  # agency pk → Choice of Offer (whatever the channel)
    processes: dict[tuple[int, int], list[DossierStep]]
    teams: dict[int, Team]
    by_pk: dict[int, Agency]
    unit_teams: dict[int, Team] = field(default_factory=dict)  # unit pk → its officers
    calendars: dict[int | None, object] = field(default_factory=dict)

    def cal(self, agency: Agency | None):
        """`calendar_for(agency)`, looked up once per agency (the generator asks millions of times)."""
        key = agency.id if agency is not None else None
        found = self.calendars.get(key)
        if found is None:
            found = self.calendars[key] = calendar_for(agency)
        return found

    def shards(self, jobs: int) -> list[frozenset[int]]:
        """The receiving agencies split into `jobs` sets of about equal weight (greedy, deterministic).

        Shards never share an agency, so their daily code sequences never interleave."""
        loads = [0.0] * jobs
        sets: list[set[int]] = [set() for _ in range(jobs)]
        weights = dict(
            zip((a.pk for a in self.agency_choice.items), _weights(self.agency_choice), strict=True)
        )
        for agency in sorted(self.agencies, key=lambda a: (-weights[a.pk], a.code)):
            i = loads.index(min(loads))
            loads[i] += weights[agency.pk]
            sets[i].add(agency.pk)
        return [frozenset(s) for s in sets]

    def team(self, agency: Agency | int) -> Team:
        return self.teams[agency if isinstance(agency, int) else agency.id]

    def unit_team(self, unit: Agency) -> Team:
        return self.unit_teams[unit.id]


def _weights(choice: Choice) -> list[float]:
    return [b - a for a, b in zip([0.0, *choice.cumulative[:-1]], choice.cumulative, strict=True)]


def sector_weight(name: str) -> float:
    folded = (name or "").lower()
    for key, weight in SECTOR_WEIGHTS:
        if key in folded:
            return weight
    return OTHER_SECTOR_WEIGHT


def usable(version: ProcedureVersion) -> bool:
    """A version whose promised time can be computed (a time limit or same-day)."""
    if version.time_unit == TimeUnit.SAME_DAY:
        return True
    return bool(version.time_unit) and version.time_amount is not None and version.time_amount > 0


def offered_channels(version: ProcedureVersion) -> frozenset[int]:
    names = set(version.channels or [])
    found = set()
    if not names or "desk" in names:
        found.add(Channel.DESK)
    if "post" in names:
        found.add(Channel.POST)
    if names & {"online", "online_full", "online_partial"}:
        found.add(Channel.ONLINE)
    return frozenset(found or {Channel.DESK})


def staff_name(n: int) -> str:
    return f"{_FAMILY[n % len(_FAMILY)]} {_MIDDLE[(n // 5) % len(_MIDDLE)]} {_GIVEN[(n * 7) % len(_GIVEN)]}"


def _papers_by_channel(version) -> dict:
    """channel → (mandatory, optional) papers of the version's default case for that channel."""

    def row(r):
        return (r.pk, r.name, r.kind, r.quantity or 1)

    case = catalog_intake.resolve_case(version, None)
    result = {}
    for channel in (Channel.DESK, Channel.ONLINE, Channel.POST):
        mandatory, optional = [], []
        for item in catalog_intake.checklist(version, case=case, channel=channel).items:
            first = item[0] if isinstance(item, list) else item
            needed = any(r.mandatory for r in item) if isinstance(item, list) else item.mandatory
            (mandatory if needed else optional).append(row(first))
        result[channel] = (mandatory, optional)
    return result


def load_world(*, agencies: list[str] | None = None) -> World:
    """Read the catalogue and the organisation; create the generated officers that are missing.

    `agencies`: restrict intake to these agency codes (default: every agency implementing a usable
    published procedure)."""
    versions = list(
        ProcedureVersion.objects.filter(catalog_selectors.in_force_q())
        .select_related("procedure", "sector")
        .prefetch_related("implementing_agencies", "requirements", "fees")
        .order_by("procedure__code", "pk")
    )
    by_agency: dict[int, list[Offer]] = {}
    agency_objs: dict[int, Agency] = {}
    for version in versions:
        if not usable(version):
            continue
        reqs = sorted(version.requirements.all(), key=lambda r: (r.order, r.pk))
        by_channel = _papers_by_channel(version)
        offer = Offer(
            version=version,
            weight=sector_weight(version.sector.name if version.sector_id else ""),
            channels=offered_channels(version),
            mandatory=[(r.pk, r.name, r.kind, r.quantity or 1) for r in reqs if r.mandatory],
            optional=[(r.pk, r.name, r.kind, r.quantity or 1) for r in reqs if not r.mandatory],
            fees=[
                {"name": f.name, "amount_vnd": f.amount_vnd}
                for f in sorted(version.fees.all(), key=lambda f: (f.order, f.pk))
                if f.amount_vnd
            ],
            by_channel=by_channel,
        )
        for agency in version.implementing_agencies.all():
            if agencies and agency.code not in agencies:
                continue
            agency_objs[agency.pk] = agency
            by_agency.setdefault(agency.pk, []).append(offer)
    if not by_agency:
        raise RuntimeError(
            "Không có cơ quan nào thực hiện thủ tục đã công bố có thời hạn giải quyết: chạy `manage.py load_demo` trước."
        )
    chosen = sorted(agency_objs.values(), key=lambda a: a.code)
    offers = {
        pk: {
            ch: Choice.of((o, o.weight) for o in items if ch in o.channels)
            for ch in (Channel.DESK, Channel.ONLINE, Channel.POST)
        }
        for pk, items in by_agency.items()
    }
    any_offer = {pk: Choice.of((o, o.weight) for o in items) for pk, items in by_agency.items()}
    agency_choice = Choice.of((a, AGENCY_WEIGHTS.get(a.level, OTHER_AGENCY_WEIGHT)) for a in chosen)

    processes: dict[tuple[int, int], list[DossierStep]] = {}
    by_pk = dict(agency_objs)
    units: dict[int, Agency] = {}
    version_ids = {o.version.pk for items in by_agency.values() for o in items}
    definitions = (
        ProcessDefinition.objects.filter(version_id__in=version_ids, agency_id__in=list(agency_objs))
        .select_related("agency")
        .prefetch_related("steps__responsible_agency")
    )
    for definition in definitions:
        dossier_agency = agency_objs[definition.agency_id]
        # The steps a dossier of this process receives, from the one walk (`steps.instantiate`'s).
        rows = steps.planned_steps(definition, dossier_agency)
        for row in rows:
            by_pk.setdefault(row.agency.pk, row.agency)
            if row.unit is not None:
                units.setdefault(row.unit.pk, row.unit)
        if rows:
            processes[(definition.version_id, definition.agency_id)] = rows
    teams = ensure_teams(sorted(by_pk.values(), key=lambda a: a.code))
    unit_teams = ensure_unit_teams(sorted(units.values(), key=lambda a: a.code))
    return World(
        agencies=chosen,
        agency_choice=agency_choice,
        offers=offers,
        any_offer=any_offer,
        processes=processes,
        teams=teams,
        by_pk=by_pk,
        unit_teams=unit_teams,
    )


def username(agency: Agency, suffix: str) -> str:
    return f"gen.{agency.code.lower()}.{suffix}"


def ensure_teams(agencies: list[Agency]) -> dict[int, Team]:
    """The generated officers of each agency, created when missing (idempotent)."""
    return _ensure({a.pk: (a, None) for a in agencies}, "", 0)


def ensure_unit_teams(units: list[Agency]) -> dict[int, Team]:
    """The generated officers working in each unit (sub-unit) a process names, employed by the
    unit's parent agency (`gen.<unit code>.donvi.<role>`), created when missing (idempotent)."""
    return _ensure({u.pk: (u.parent, u) for u in units}, "donvi.", UNIT_NAMES)


#: Where the names of the units' generated officers start (those of the agencies do not move).
UNIT_NAMES = 1000


def _ensure(places: dict[int, tuple[Agency, Agency | None]], prefix: str, first: int) -> dict[int, Team]:
    """place pk → (agency, unit or None): a team of one officer per role at each place."""
    wanted = {
        username(unit or agency, prefix + suffix): (agency, unit, suffix)
        for agency, unit in places.values()
        for suffix in ROLES
    }
    existing = {
        s.user.username: s
        for s in Staff.objects.filter(user__username__in=list(wanted)).select_related("user", "agency")
    }
    with transaction.atomic():
        for n, (name, (agency, unit, suffix)) in enumerate(sorted(wanted.items()), start=first):
            if name in existing:
                continue
            existing[name] = org_services.create_staff(
                username=name,
                full_name=staff_name(n),
                agency=agency,
                unit=unit,
                roles=[ROLES[suffix]],
                position=POSITIONS[suffix],
                is_leader=suffix in ("truongphong", "lanhdao"),
                show_in_directory=False,
            )
    teams = {}
    for pk, (agency, unit) in places.items():
        members = {}
        for suffix in ROLES:
            staff = existing[username(unit or agency, prefix + suffix)]
            members[suffix] = Member(staff=staff, user_id=staff.user_id, label=staff.full_name)
        teams[pk] = Team(
            desk=members["motcua"],
            specialist=members["chuyenvien"],
            head=members["truongphong"],
            leader=members["lanhdao"],
        )
    return teams
