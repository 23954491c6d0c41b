"""The history model: a deterministic stream of dossier stories.

`stream(world, count=, seed=, days=, until=)` yields `Story` objects in the order of their
submission time. A story is simulated with the services' own arithmetic (`services.promised_time`,
`steps.step_due`, the agencies' workcal calendars) and mirrors what each service writes, so it
carries both the *acts* (the service calls, with their time, actor and arguments: what
`replay` performs) and the *rows* (dossier, papers, steps, pauses, events: what `bulk` writes).

Shape of the data (DOMAIN.md §7 and the issue):
- intake: ≈60% online (any hour, checked by the desk within office hours), 35% at the desk, 5% by
  post (both on working days inside office hours); agencies weighted (communes most), procedures
  weighted by field (civil status, certification and residence first); some applicants come back;
- online checks: ≈3% refused, ≈4.5% asked for a supplement before acceptance (a few withdraw);
- processing along the procedure's process definition (parallel stages and inter-agency steps
  included), each step done within its budget, except: ≈6.5% supplement requests during processing
  (≈15% of them twice), fee waits, ≈3% extensions with apology (Mẫu 04) before the deadline, ≈3%
  finished late, ≈1% stopped, a few withdrawn;
- resolved by the agency's leader, returned at the desk or by post;
- every action later than `until` is cut off, so the latest dossiers stay open (submitted,
  received, processing, paused or resolved but not returned yet).

Determinism: the day plan uses `Random(f"{seed}/{day}")` and story k `Random(f"{seed}#{k}")`, so the
same (world, count, seed, days, until) gives the same stories. Applicants are a pure function of a
person number, so runs with other seeds reuse the same people.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.catalog.models import TimeUnit
from motcua.dossiers import services, steps
from motcua.dossiers.models import (
    ApplicantKind,
    DossierStep,
    PaperSource,
    PauseKind,
    ResultChannel,
    StepState,
)
from motcua.dossiers.states import Action, Channel, State
from motcua.org.models import Role
from motcua.workcal import VN_TZ, Unit

from .world import Member, Offer, World

UTC = dt.UTC

# Probabilities of the history model (see the module docstring).
CHANNEL_MIX = ((Channel.ONLINE, 0.60), (Channel.DESK, 0.35), (Channel.POST, 0.05))
P_REFUSE_ONLINE = 0.03
P_SUPPLEMENT_AT_CHECK = 0.045
P_WITHDRAW_AFTER_REQUEST = 0.10
P_WITHDRAW_BEFORE_PROCESSING = 0.005
P_SUPPLEMENT_IN_PROCESS = 0.065
P_SECOND_SUPPLEMENT = 0.15
P_FEES = 0.25  # of the procedures with fees
P_FEES_OTHER = 0.02
P_STOP = 0.008
P_WITHDRAW_IN_PROCESS = 0.004
P_EXTEND = 0.03
P_LATE = 0.03
P_RETURN_BY_POST_ONLINE = 0.10
REPEAT_SHARE = 0.75  # distinct people per dossier

# Online submissions by hour of day (local time).
ONLINE_HOURS = [0.2, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 2, 5, 7, 7, 6, 4, 4, 6, 6, 5, 4, 3, 3.5, 4, 3.5, 2, 0.8]
WEEKDAY_WEIGHTS = [1.15, 1.0, 1.0, 1.0, 0.95, 0.06, 0.04]  # Monday … Sunday (weekend: online only)
HOLIDAY_WEIGHT = 0.04

REFUSALS = [
    "Thủ tục không thuộc thẩm quyền giải quyết của cơ quan.",
    "Hồ sơ đã được giải quyết trước đây, không đủ điều kiện giải quyết lại.",
    "Người nộp không thuộc đối tượng thực hiện thủ tục.",
]
SUPPLEMENT_REASONS = [
    "bản chụp mờ, không đọc được",
    "thiếu chữ ký của người yêu cầu",
    "thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư",
    "giấy tờ đã hết hiệu lực",
    "kê khai thiếu thông tin bắt buộc",
]
STOP_REASONS = [
    "Cơ quan phối hợp xác minh không đủ điều kiện giải quyết.",
    "Phát hiện giấy tờ giả mạo trong hồ sơ.",
]
WITHDRAW_REASONS = ["Người nộp xin rút hồ sơ để bổ sung sau.", "Người nộp không còn nhu cầu giải quyết."]
EXTEND_REASONS = [
    "Cần xác minh thêm với cơ quan phối hợp.",
    "Chờ ý kiến của cơ quan chuyên môn.",
    "Số lượng hồ sơ tăng đột biến.",
]
_FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
]
_MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thành"]
_MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Mai", "Kim"]
_GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tuấn",
]
_GIVEN_F = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hoa", "Lan", "Linh", "Mai", "Ngân", "Trang", "Yến"]
_STREETS = ["Hàng Bạc", "Hàng Đào", "Lò Đúc", "Kim Mã", "Giảng Võ", "Láng Hạ", "Xuân Thủy", "Nguyễn Trãi"]
_PROVINCES = ["001"] * 6 + ["030", "033", "034", "035", "036", "037", "038", "040", "022", "026", "027"]
TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


class Cut(Exception):
    """The story reached `until`: nothing later happens (yet)."""


# ---------------------------------------------------------------------------------------------
# People


@dataclass(frozen=True)
class Person:
    kind: str
    full_name: str
    id_number: str
    date_of_birth: dt.date | None
    organisation: str
    tax_code: str
    address: str
    phone: str
    email: str

    @property
    def key(self) -> tuple[str, str]:
        return ("id_number", self.id_number) if self.id_number else ("tax_code", self.tax_code)


def _tax_code(p: int) -> str:
    base = 100_000_000 + p * 11
    for off in range(11):
        digits = f"{base + off:09d}"
        check = 10 - sum(int(d) * w for d, w in zip(digits, TAX_WEIGHTS, strict=True)) % 11
        if check < 10:
            return digits + str(check)
    raise AssertionError("unreachable: some offset gives a check digit")


def person(p: int) -> Person:
    """Person number p (0 ≤ p < 1,000,000): always the same person, whatever the seed."""
    h = (p * 2654435761 + 97) & 0xFFFFFFFF
    female = h & 1
    year = 1945 + (h >> 3) % 62  # born 1945–2006
    month, day = 1 + (h >> 9) % 12, 1 + (h >> 13) % 28
    family = _FAMILY[(h >> 5) % len(_FAMILY)]
    middle = (_MIDDLE_F if female else _MIDDLE_M)[(h >> 11) % 8]
    given = (_GIVEN_F if female else _GIVEN_M)[(h >> 16) % 13]
    name = f"{family} {middle} {given}"
    century = (0 if year < 2000 else 2) + female
    province = _PROVINCES[(h >> 20) % len(_PROVINCES)]
    id_number = f"{province}{century}{year % 100:02d}{p:06d}"
    address = f"Số {1 + (h >> 7) % 199} phố {_STREETS[(h >> 22) % len(_STREETS)]}, Hà Nội"
    phone = f"09{(h * 7 + p) % 100_000_000:08d}"
    email = f"nguoidan{p}@example.vn" if (h >> 24) % 10 < 3 else ""
    group = p % 100
    if group < 3:  # an enterprise, known by its tax code; the person is its representative
        return Person(
            ApplicantKind.ENTERPRISE, name, "", None, f"Công ty TNHH {given} {family} {p}",
            _tax_code(p), address, phone, email,
        )  # fmt: skip
    dob = dt.date(year, month, day)
    if group < 8:
        return Person(
            ApplicantKind.HOUSEHOLD_BUSINESS, name, id_number, dob, f"Hộ kinh doanh {name}", "",
            address, phone, email,
        )  # fmt: skip
    return Person(ApplicantKind.CITIZEN, name, id_number, dob, "", "", address, phone, email)


# ---------------------------------------------------------------------------------------------
# Stories


@dataclass
class Step:
    idx: int
    order: int
    work: str
    agency: object
    unit: object
    position: str
    role: str
    budget_amount: Decimal
    budget_unit: str
    parallel_group: int | None
    is_interagency: bool
    state: str = StepState.PENDING
    started_at: datetime | None = None
    due_at: datetime | None = None
    completed_at: datetime | None = None
    completed_by: int | None = None
    outcome: str = ""
    note: str = ""


@dataclass
class StepRef:
    """A step's id inside event data, known only when the writer has allocated the ids."""

    idx: int


@dataclass
class PaperRef:
    """A paper's id inside event data (its index in the story's papers, then supplement papers)."""

    idx: int


@dataclass
class Act:
    """One service call of the story, for the `replay` writer."""

    action: str  # an Action value, or "receive_at_desk" / "submit"
    at: datetime
    actor: Member | None  # None: the applicant
    params: dict = field(default_factory=dict)


@dataclass
class Event:
    at: datetime
    actor: Member | None
    action: str
    from_state: int | None
    to_state: int
    reason: str
    data: dict


@dataclass
class Story:
    k: int
    agency: object
    offer: Offer
    channel: int
    person: Person
    papers: list  # [(requirement id, name, kind, count, source)]
    postal_item_number: str
    submitted_at: datetime
    acts: list[Act] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    pauses: list[list] = field(default_factory=list)  # [kind, started_at, ended_at]
    # Papers brought by supplements: [(supplement number, requirement id, name, kind, count, source)]
    supplement_papers: list = field(default_factory=list)
    state: int | None = None
    state_before_pause: int | None = None
    received_at: datetime | None = None
    received_by: int | None = None
    due_at: datetime | None = None
    original_due_at: datetime | None = None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    supplement_requests: int = 0
    return_channel: int = ResultChannel.DESK
    returned_to: str = ""

    @property
    def version(self):
        return self.offer.version

    @property
    def day(self) -> dt.date:
        return self.submitted_at.astimezone(VN_TZ).date()


def promised_time(cal, version, agency, received_at: datetime) -> datetime:
    """services.promised_time on an already looked-up calendar (the equivalence test keeps them equal)."""
    if version.time_unit == TimeUnit.SAME_DAY:
        return cal.due(received_at, 0, Unit.SAME_DAY)
    amount = Decimal(version.time_amount)
    if amount != amount.to_integral_value() and version.time_unit == TimeUnit.WORKING_DAY:
        return services.promised_time(version=version, agency=agency, received_at=received_at)
    return cal.due(received_at, int(amount), version.time_unit)


def step_due(world, agency, start: datetime, amount: Decimal, unit: str) -> datetime:
    """steps.step_due on an already looked-up calendar."""
    amount = Decimal(amount or 0)
    if unit == TimeUnit.WORKING_DAY and amount != amount.to_integral_value():
        return steps.step_due(agency, start, amount, unit)
    return world.cal(agency).due(start, math.ceil(amount), unit)


def _utc_iso(value: datetime) -> str:
    """How an event records a datetime the service re-read from the database."""
    return value.astimezone(UTC).isoformat()


def party(step: Step) -> str:
    place = step.unit.name if step.unit is not None else step.agency.name
    return f"{step.position} ({place})" if step.position else place


class Sim:
    """Applies acts to a story the way the services do (see services._apply, steps, results)."""

    def __init__(self, world: World, story: Story, until: datetime):
        self.w, self.s, self.until = world, story, until
        self.cal = world.cal(story.agency)
        self.t = story.submitted_at
        self.requested: list = []  # the papers the last supplement request named

    # ---- time ----------------------------------------------------------------------------

    def later(self, t: datetime, hours: float, cal=None) -> datetime:
        """`hours` of working time after `t` (at the next opening when t is outside office hours)."""
        return (cal or self.cal).add_working_time(t, timedelta(seconds=int(hours * 3600)))

    def _at(self, t: datetime) -> None:
        if t > self.until:
            raise Cut
        self.t = t

    def _event(self, act: Act, from_state, reason: str = "", **data) -> None:
        self.s.acts.append(act)
        self.s.events.append(Event(act.at, act.actor, _action(act), from_state, self.s.state, reason, data))

    # ---- intake --------------------------------------------------------------------------

    def receive_at_desk(self, t: datetime, desk: Member) -> None:
        self._at(t)
        s = self.s
        due = promised_time(self.cal, s.version, s.agency, t)
        s.state, s.received_at, s.received_by = State.RECEIVED, t, desk.user_id
        s.due_at = s.original_due_at = due
        self._event(Act("receive_at_desk", t, desk), None, due_at=due.isoformat())

    def submit(self, t: datetime) -> None:
        self._at(t)
        self.s.state = State.SUBMITTED
        self._event(Act("submit", t, None), None)

    def accept(self, t: datetime, desk: Member) -> None:
        self._at(t)
        s = self.s
        before, s.state = s.state, State.RECEIVED
        s.received_at = t
        s.due_at = s.original_due_at = promised_time(self.cal, s.version, s.agency, t)
        self._event(Act(Action.RECEIVE, t, desk), before, due_at=s.due_at.isoformat())

    # ---- pauses --------------------------------------------------------------------------

    def _pause(self, t: datetime, to: State, kind: str) -> int:
        s = self.s
        before = s.state
        s.state_before_pause = before
        if before != State.SUBMITTED:
            s.pauses.append([kind, t, None])
        s.state = to
        return before

    def request_supplement(self, t: datetime, actor: Member, items: list[dict], papers=()) -> None:
        self._at(t)
        self.requested = list(papers)
        texts = [f"{i['what']}: {i['reason']}" if i["reason"] else i["what"] for i in items]
        before = self._pause(t, State.SUPPLEMENT_REQUESTED, PauseKind.SUPPLEMENT)
        s = self.s
        s.supplement_requests += 1
        act = Act(Action.REQUEST_SUPPLEMENT, t, actor, {"reasons": items})
        self._event(
            act,
            before,
            "; ".join(texts),
            reasons=texts,
            items=items,
            repeated=s.supplement_requests > 1,
            number=s.supplement_requests,
        )

    def await_fees(self, t: datetime, actor: Member, fees: list[dict]) -> None:
        self._at(t)
        before = self._pause(t, State.AWAITING_FEES, PauseKind.FEES)
        total = sum(int(f["amount_vnd"]) for f in fees)
        self._event(Act(Action.AWAIT_FEES, t, actor, {"fees": fees}), before, fees=fees, total_vnd=total)

    def _resume(self, t: datetime, action: Action, actor: Member | None, params=None, **data) -> None:
        self._at(t)
        s = self.s
        before = s.state
        s.state, s.state_before_pause = s.state_before_pause, None
        open_pause = next((p for p in s.pauses if p[2] is None), None)
        if open_pause is not None:
            open_pause[2] = t
            started = open_pause[1]
            if s.state == State.PROCESSING:
                for step in s.steps:
                    if step.state == StepState.ACTIVE and step.due_at is not None:
                        cal = self.w.cal(step.agency)
                        step.due_at = cal.add_working_time(step.due_at, cal.elapsed(started, t))
            if s.due_at is not None:
                s.due_at = self.cal.add_working_time(s.due_at, self.cal.elapsed(started, t))
        self._event(Act(action, t, actor, params or {}), before, **data)

    def supplement(self, t: datetime, actor: Member | None) -> None:
        """The papers the request named come back (services.supplement): uploaded by an online
        applicant, on paper at the desk."""
        s = self.s
        online = actor is None
        number = s.supplement_requests
        rows = [
            (
                number,
                req,
                name.strip(),
                "electronic" if online else "copy" if kind == "either" else kind,
                max(int(quantity or 1), 1),
                PaperSource.UPLOADED if online else PaperSource.PAPER,
            )
            for req, name, kind, quantity in self.requested
        ]
        first = len(s.papers) + len(s.supplement_papers)
        listed = [
            {"id": PaperRef(first + i), "name": name, "kind": kind, "count": count}
            for i, (_n, _req, name, kind, count, _source) in enumerate(rows)
        ]
        self._resume(t, Action.SUPPLEMENT, actor, {"papers": rows}, number=number, papers=listed)
        s.supplement_papers.extend(rows)

    def pay_fees(self, t: datetime, actor: Member | None) -> None:
        self._resume(t, Action.PAY_FEES, actor)

    # ---- ends ----------------------------------------------------------------------------

    def _finish(self, t: datetime, action: Action, actor: Member | None, to: State, reason: str) -> None:
        self._at(t)
        s = self.s
        before, s.state, s.finished_at = s.state, to, t
        closed = []  # a refused, stopped or withdrawn dossier leaves no step open (steps.close_open_steps)
        for x in sorted(s.steps, key=lambda x: x.idx):
            if x.state in _OPEN:
                x.state, x.completed_at = StepState.CLOSED, t
                closed.append(StepRef(x.idx))
        extra = {"closed_steps": closed} if closed else {}
        self._event(Act(action, t, actor, {"reason": reason}), before, reason, **extra)

    def refuse(self, t, desk, reason):
        self._finish(t, Action.REFUSE, desk, State.REFUSED, reason)

    def stop(self, t, leader, reason):
        self._finish(t, Action.STOP, leader, State.STOPPED, reason)

    def withdraw(self, t, actor, reason):
        self._finish(t, Action.WITHDRAW, actor, State.WITHDRAWN, reason)

    def extend(self, t: datetime, actor: Member, reason: str, new_due: datetime) -> None:
        self._at(t)
        s = self.s
        old, s.due_at = s.due_at, new_due
        act = Act(Action.EXTEND, t, actor, {"reason": reason, "new_due": new_due})
        self._event(act, s.state, reason, old_due=_utc_iso(old), new_due=new_due.isoformat())

    def resolve(self, t: datetime, leader: Member) -> None:
        self._at(t)
        s = self.s
        before, s.state, s.finished_at = s.state, State.RESOLVED, t
        # the hand-over to the desk that waited for the approval starts (steps.start_handover)
        started = [x for x in s.steps if x.state == StepState.PENDING and x.role == Role.DESK_OFFICER]
        for x in started:
            self._start(x, t)
        extra = {"handover": [StepRef(x.idx) for x in started]} if started else {}
        self._event(Act(Action.RESOLVE, t, leader), before, **extra)

    def deliver(
        self, t: datetime, desk: Member, received_by: str, channel: int, postal_item_number=""
    ) -> None:
        self._at(t)
        s = self.s
        before, s.state, s.returned_at = s.state, State.RETURNED, t
        s.return_channel, s.returned_to = channel, received_by[:128]
        params = {"received_by": received_by, "channel": channel, "postal_item_number": postal_item_number}
        act = Act(Action.DELIVER, t, desk, params)
        data = {"received_by": received_by, "channel": int(channel)}
        if postal_item_number:
            data["postal_item_number"] = postal_item_number
        done = []  # the desk's hand-over steps are done by the return (steps.finish_handover)
        for x in sorted(s.steps, key=lambda x: x.idx):
            if x.state in _OPEN:
                if x.state != StepState.ACTIVE:
                    self._start(x, t)
                self._done(x, desk, t)
                done.append(StepRef(x.idx))
        if done:
            data["handover"] = done
        self._event(act, before, **data)

    # ---- the internal process (steps.instantiate, activate_next, _complete) ---------------

    def start_processing(self, t: datetime, desk: Member) -> None:
        self._at(t)
        s = self.s
        templates: list[DossierStep] | None = self.w.processes.get((s.version.pk, s.agency.pk))
        if templates:
            s.steps = [
                Step(
                    i,
                    tp.order,
                    tp.work,
                    tp.agency,
                    tp.unit,
                    tp.position,
                    tp.role,
                    tp.budget_amount,
                    tp.budget_unit,
                    tp.parallel_group,
                    tp.is_interagency,
                )
                for i, tp in enumerate(templates)
            ]
            started = self._activate_next(t)
            done = []
            if started and all(x.role == Role.DESK_OFFICER for x in started):
                for x in started:  # the desk's own first step is done by the hand-off
                    self._done(x, desk, t)
                    done.append(StepRef(x.idx))
                started = self._activate_next(t)
        else:
            done = []
            version = s.version
            step = Step(
                0, 1, _("Giải quyết hồ sơ"), s.agency, None, "", "", Decimal(version.time_amount or 0),
                version.time_unit or TimeUnit.WORKING_DAY, None, False,
                state=StepState.ACTIVE, started_at=t, due_at=s.due_at,
            )  # fmt: skip
            s.steps = [step]
            started = [step]
        before, s.state = s.state, State.PROCESSING
        self._event(
            Act(Action.START_PROCESSING, t, desk),
            before,
            **{"from": s.agency.name, "to": "; ".join(party(x) for x in started)},
            steps=[StepRef(x.idx) for x in started],
            done=done,
        )

    def _activate_next(self, t: datetime) -> list[Step]:
        waiting = sorted((x for x in self.s.steps if x.state in _OPEN), key=lambda x: (x.order, x.idx))
        if not waiting or any(x.state == StepState.ACTIVE for x in waiting):
            return []
        first = waiting[0].order
        started = [x for x in waiting if x.order == first]
        handover = all(x.role == Role.DESK_OFFICER for x in started) and len(started) == len(waiting)
        if handover and any(x.state == StepState.PENDING for x in started):
            return []  # the final hand-over to the desk waits for the approval (steps.is_handover)
        for x in started:
            self._start(x, t)
        return started

    def _start(self, x: Step, t: datetime) -> None:
        x.state, x.started_at = StepState.ACTIVE, t
        x.due_at = step_due(self.w, x.agency, t, x.budget_amount, x.budget_unit)
        x.completed_at = x.completed_by = None
        x.outcome = ""

    def _done(self, step: Step, actor: Member, t: datetime) -> None:
        step.state, step.completed_at, step.completed_by = StepState.DONE, t, actor.user_id
        step.outcome = (
            str(self.w.cal(step.agency).classify(t, step.due_at)) if step.due_at is not None else "on_time"
        )
        step.note = ""

    def complete_step(self, t: datetime, actor: Member, step: Step) -> None:
        self._at(t)
        s = self.s
        self._done(step, actor, t)
        started = self._activate_next(t)
        if started:
            to = "; ".join(party(x) for x in started)
        elif any(x.state == StepState.ACTIVE for x in s.steps):
            to = ""
        else:
            to = _("Lãnh đạo %(agency)s phê duyệt") % {"agency": s.agency.name}
        self._event(
            Act(Action.COMPLETE_STEP, t, actor, {"step": step.idx}),
            s.state,
            step=StepRef(step.idx),
            work=step.work,
            **{"from": party(step), "to": to},
            outcome=step.outcome,
            due_at=_utc_iso(step.due_at) if step.due_at else None,
            note="",
            files=[],
            next=[StepRef(x.idx) for x in started],
            last=not started
            and not any(
                x.state in _OPEN and not (x.role == Role.DESK_OFFICER and x.state == StepState.PENDING)
                for x in s.steps
            ),
        )


def _action(act: Act) -> str:
    return {"receive_at_desk": Action.RECEIVE, "submit": Action.SUBMIT}.get(act.action, act.action)


#: Steps still to be done (steps.OPEN).
_OPEN = (StepState.ACTIVE, StepState.PENDING, StepState.RETURNED)


# ---------------------------------------------------------------------------------------------
# The story of one dossier


def _supplement_request(r: random.Random, offer: Offer) -> tuple[list[dict], list[tuple]]:
    """The items of a supplement request and the papers they name [(requirement id, name, kind, quantity)]."""
    papers = offer.mandatory + offer.optional
    n = 1 if r.random() < 0.7 or len(papers) < 2 else 2
    chosen = r.sample(papers, n) if papers else [(None, "Tờ khai", "original", 1)]
    items = [
        {"what": " ".join(name.split())[:200], "reason": r.choice(SUPPLEMENT_REASONS)}
        for _id, name, _kind, _q in chosen
    ]
    return items, chosen


def _before(sim: Sim, t: datetime, due: datetime, r: random.Random) -> datetime:
    """A moment between `t` and `due` (working time on the dossier's calendar)."""
    span = sim.cal.elapsed(t, due)
    return sim.cal.add_working_time(t, timedelta(seconds=int(span.total_seconds() * r.uniform(0.2, 0.9))))


#: The team member who does a step naming each role ("": no role named, the specialist).
STEP_MEMBER = {
    Role.DESK_OFFICER: "desk",
    Role.SPECIALIST: "specialist",
    Role.UNIT_HEAD: "head",
    Role.AGENCY_LEADER: "leader",
    "": "specialist",
}


def _member_for_step(world: World, step: Step) -> Member:
    """The officer the step is for (`steps.Pool`): of its unit's team when it names a unit, holding
    the step's role."""
    team = world.team(step.agency) if step.unit is None else world.unit_team(step.unit)
    return getattr(team, STEP_MEMBER[step.role])


def tell(world: World, story: Story, r: random.Random, until: datetime) -> Story:
    """Simulate story's whole life up to `until` (see the module docstring for the shape)."""
    sim = Sim(world, story, until)
    with contextlib.suppress(Cut):
        _life(sim, world, story, r)
    return story


def _life(sim: Sim, world: World, s: Story, r: random.Random) -> None:
    team = world.team(s.agency)
    desk = team.desk
    online = s.channel == Channel.ONLINE
    applicant_or_desk = None if online else desk
    t = s.submitted_at
    if online:
        sim.submit(t)
        t = sim.later(t, r.uniform(0.2, 6))
        u = r.random()
        if u < P_REFUSE_ONLINE:
            sim.refuse(t, desk, r.choice(REFUSALS))
            return
        if u < P_REFUSE_ONLINE + P_SUPPLEMENT_AT_CHECK:
            sim.request_supplement(t, desk, *_supplement_request(r, s.offer))
            t = sim.later(t, r.uniform(4, 40))
            if r.random() < P_WITHDRAW_AFTER_REQUEST:
                sim.withdraw(t, None, r.choice(WITHDRAW_REASONS))
                return
            sim.supplement(t, None)
            t = sim.later(t, r.uniform(0.2, 4))
        sim.accept(t, desk)
    else:
        sim.receive_at_desk(t, desk)
    t = sim.later(t, r.uniform(0.05, 1.5))
    if r.random() < P_WITHDRAW_BEFORE_PROCESSING:
        sim.withdraw(t, applicant_or_desk, r.choice(WITHDRAW_REASONS))
        return
    sim.start_processing(t, desk)

    # the stages still to work: not the desk's first step (done by the hand-off) nor the final
    # hand-over (done by the return)
    stages = sorted(
        {
            x.order
            for x in s.steps
            if x.state == StepState.ACTIVE or (x.state == StepState.PENDING and x.role != Role.DESK_OFFICER)
        }
    ) or [1]
    n = len(stages)
    supplement_stage = r.randint(1, n) if r.random() < P_SUPPLEMENT_IN_PROCESS else None
    second_supplement = r.random() < P_SECOND_SUPPLEMENT
    fees_stage = 1 if r.random() < (P_FEES if s.offer.fees else P_FEES_OTHER) else None
    stop_stage = r.randint(1, n) if r.random() < P_STOP else None
    withdraw_stage = r.randint(1, n) if r.random() < P_WITHDRAW_IN_PROCESS else None
    extend = r.random() < P_EXTEND
    late = not extend and r.random() < P_LATE
    for number in range(1, n + 1):
        if fees_stage == number:
            t = sim.later(t, r.uniform(0.1, 2))
            fees = s.offer.fees or [{"name": "Lệ phí", "amount_vnd": 50_000}]
            sim.await_fees(t, team.specialist, fees)
            t = sim.later(t, r.uniform(2, 24))
            sim.pay_fees(t, applicant_or_desk)
        if supplement_stage == number:
            for _time in range(2 if second_supplement else 1):
                t = sim.later(t, r.uniform(0.5, 6))
                sim.request_supplement(t, team.specialist, *_supplement_request(r, s.offer))
                t = sim.later(t, r.uniform(4, 48))
                sim.supplement(t, applicant_or_desk)
        if stop_stage == number:
            sim.stop(sim.later(t, r.uniform(1, 8)), team.leader, r.choice(STOP_REASONS))
            return
        if withdraw_stage == number:
            sim.withdraw(sim.later(t, r.uniform(1, 8)), applicant_or_desk, r.choice(WITHDRAW_REASONS))
            return
        active = [x for x in s.steps if x.state == StepState.ACTIVE]
        final = number == n
        if final and extend:
            t_ext = sim.later(t, r.uniform(0.05, 1))
            if t_ext < s.due_at:
                new_due = sim.later(s.due_at, r.choice((16, 24, 40)))
                sim.extend(t_ext, team.head, r.choice(EXTEND_REASONS), new_due)
                t = t_ext
            else:
                extend = False
        done = []
        for x in active:
            cal = world.cal(x.agency)
            if final and (late or extend) and s.due_at is not None:
                if late:
                    at = sim.later(max(s.due_at, t), r.uniform(1, 16))
                else:  # finished after the first promise, before the new one
                    base = max(s.original_due_at, t)
                    span = cal.elapsed(base, s.due_at) if s.due_at > base else timedelta(0)
                    at = cal.add_working_time(base, span * r.uniform(0.1, 0.9))
            else:
                budget = cal.elapsed(t, x.due_at) if x.due_at > t else timedelta(0)
                if budget.total_seconds() < 600:
                    at = sim.later(t, r.uniform(0.05, 0.5), cal)
                else:
                    at = cal.add_working_time(
                        t, timedelta(seconds=int(budget.total_seconds() * r.uniform(0.15, 0.9)))
                    )
                if s.due_at is not None and at > s.due_at and t < s.due_at:  # on time unless meant late
                    at = _before(sim, t, s.due_at, r)
            done.append((max(at, t), x.order, x.idx, x))
        done.sort(key=lambda d: d[:3])
        for at, _order, _idx, x in done:
            sim.complete_step(at, _member_for_step(world, x), x)
            t = at
    resolved = sim.later(t, r.uniform(0.1, 2))
    if not late and s.due_at is not None and resolved > s.due_at and t < s.due_at:
        resolved = _before(sim, t, s.due_at, r)
    t = resolved
    sim.resolve(t, team.leader)
    t = sim.later(t, r.uniform(0.5, 24))
    if s.channel == Channel.POST or (online and r.random() < P_RETURN_BY_POST_ONLINE):
        number = f"RR{r.randint(10**8, 10**9 - 1)}VN"
        sim.deliver(t, desk, "Bưu điện Hà Nội (chuyển phát kết quả)", ResultChannel.POST, number)
    else:
        sim.deliver(t, desk, s.person.full_name, ResultChannel.DESK)


# ---------------------------------------------------------------------------------------------
# The stream of intakes


def day_counts(days: list[dt.date], count: int, cal) -> list[int]:
    """`count` intakes over `days`, by weekday weight (holidays and weekends: online only)."""
    weights = []
    for day in days:
        if cal.is_working_day(day):
            weights.append(WEEKDAY_WEIGHTS[day.weekday()] if day.weekday() < 5 else 1.0)
        elif day.weekday() < 5:
            weights.append(HOLIDAY_WEIGHT)
        else:
            weights.append(WEEKDAY_WEIGHTS[day.weekday()])
    total = sum(weights)
    exact = [count * w / total for w in weights]
    counts = [int(e) for e in exact]
    order = sorted(range(len(days)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: count - sum(counts)]:
        counts[i] += 1
    return counts


def _desk_time(r: random.Random, cal, day: dt.date) -> datetime | None:
    hours = cal.day_info(day).hours
    if not hours:
        return None
    spans = [
        (datetime.combine(day, a, VN_TZ), (b.hour * 3600 + b.minute * 60) - (a.hour * 3600 + a.minute * 60))
        for a, b in hours
    ]
    total = sum(length for _, length in spans)
    x = r.randrange(max(total - 600, 1))  # not in the last ten minutes before closing
    for start, length in spans:
        if x < length:
            return start + timedelta(seconds=x)
        x -= length
    return spans[-1][0]


_HOUR_CUMULATIVE = [sum(ONLINE_HOURS[: h + 1]) for h in range(24)]


def _online_time(r: random.Random, day: dt.date) -> datetime:
    from bisect import bisect_right

    hour = min(bisect_right(_HOUR_CUMULATIVE, r.random() * _HOUR_CUMULATIVE[-1]), 23)
    return datetime.combine(day, dt.time(hour), VN_TZ) + timedelta(seconds=r.randrange(3600))


def _papers(r: random.Random, offer: Offer, channel: int) -> list[tuple]:
    # the default case's papers for this channel (one of each group of alternatives)
    mandatory, optional = offer.by_channel.get(channel, (offer.mandatory, offer.optional))
    chosen = list(mandatory) + [p for p in optional if r.random() < 0.3]
    rows = []
    for req_id, name, kind, quantity in chosen:
        if channel == Channel.ONLINE:
            source = PaperSource.REGISTRY if r.random() < 0.15 else PaperSource.UPLOADED
            kind = "electronic"
        else:
            source = PaperSource.SCANNED if r.random() < 0.3 else PaperSource.PAPER
            kind = "copy" if kind == "either" else kind
        rows.append((req_id, name, kind, max(int(quantity or 1), 1), source))
    return rows


@dataclass
class Plan:
    count: int
    seed: int
    days: int
    until: datetime

    @property
    def day_list(self) -> list[dt.date]:
        last = self.until.astimezone(VN_TZ).date() - timedelta(days=1)
        return [last - timedelta(days=i) for i in range(self.days - 1, -1, -1)]


def stream(world: World, plan: Plan, agencies: frozenset[int] | None = None) -> Iterator[Story]:
    """Every story of the plan, in order of submission time; with `agencies`, only the stories of
    those receiving agencies (the others are not simulated, and the rest is unchanged)."""
    national = world.cal(None)
    days = plan.day_list
    people = max(min(int(plan.count * REPEAT_SHARE), 999_999), 1)
    k = 0
    for day, n in zip(days, day_counts(days, plan.count, national), strict=True):
        if not n:
            continue
        dr = random.Random(f"{plan.seed}/{day.isoformat()}")
        intakes = []
        for i in range(n):
            agency = world.agency_choice.pick(dr.random())
            channel = _pick_channel(dr.random())
            at = None
            if channel != Channel.ONLINE:
                at = _desk_time(dr, world.cal(agency), day)
            if at is None:  # the desk is closed that day: only online submissions
                channel = Channel.ONLINE
            offers = world.offers[agency.pk].get(channel) or world.any_offer[agency.pk]
            offer = offers.pick(dr.random())
            if channel not in offer.channels and Channel.DESK in offer.channels and at is not None:
                channel = Channel.DESK
            if channel == Channel.ONLINE:
                at = _online_time(dr, day)
            intakes.append((at, i, agency, channel, offer, dr.randrange(people)))
        intakes.sort(key=lambda x: (x[0], x[1]))
        for at, _i, agency, channel, offer, p in intakes:
            if agencies is not None and agency.pk not in agencies:
                k += 1
                continue
            r = random.Random(f"{plan.seed}#{k}")
            story = Story(
                k=k,
                agency=agency,
                offer=offer,
                channel=channel,
                person=person(p),
                papers=_papers(r, offer, channel),
                postal_item_number=f"RR{(plan.seed * 7919 + k) % 10**9:09d}VN"
                if channel == Channel.POST
                else "",
                submitted_at=at,
            )
            yield tell(world, story, r, plan.until)
            k += 1


def _pick_channel(u: float) -> int:
    for channel, share in CHANNEL_MIX:
        if u < share:
            return channel
        u -= share
    return Channel.DESK
