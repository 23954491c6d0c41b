"""The one table of a dossier's use cases, which every screen renders: the office's buttons, the
API's action endpoints, later the citizen portal.

For each action: its typed input (a dataclass the screen fills from what it parsed), the one
service function that performs it (one transaction; its checks live there and in `intake`), what
a screen must show (a label, whether it asks for confirmation), and `offered(actor, dossier, now)`:
whether it is offered to this actor on this dossier now (state × role from `transitions`, agency
and step from `access`, the step rules from `steps`). Screens only parse input into the dataclass
and render; they decide nothing themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency, Role, Staff

from . import access, lifecycle, steps, transitions
from .audit import Actor
from .errors import ErrorCode
from .intake import PaperData
from .models import Dossier, DossierStep, ResultChannel, StepState
from .states import Action, State

if TYPE_CHECKING:  # types only: the inputs are dataclasses
    from _typeshed import DataclassInstance

# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass
class NoInput:
    pass


@dataclass
class ReasonInput:
    reason: str


@dataclass
class SupplementRequestInput:
    reasons: Sequence = ()  # texts, (what, why) pairs or {"what", "reason"} dicts


@dataclass
class SupplementInput:
    papers: Sequence[PaperData] = ()


@dataclass
class FeesInput:
    fees: Sequence[dict] = ()  # {"name", "amount_vnd"}


@dataclass
class ExtendInput:
    reason: str
    new_due: datetime


@dataclass
class DeliverInput:
    received_by: str = ""
    channel: int = ResultChannel.DESK
    postal_item_number: str = ""


@dataclass
class CompleteStepInput:
    step: DossierStep | int | None = None
    note: str = ""
    files: Sequence = ()


@dataclass
class ReturnStepInput:
    to_step: DossierStep | int
    reason: str
    from_step: DossierStep | int | None = None


@dataclass
class TransferInput:
    agency: Agency
    work: str
    budget: object
    unit: str = "working_day"
    parallel: bool = False
    from_step: DossierStep | int | None = None
    note: str = ""


@dataclass
class AssignStepInput:
    step: DossierStep | int
    assignee: Staff


@dataclass
class AttachResultInput:
    file: object | None = None
    generate: bool = False
    sign: bool = True


@dataclass
class ResolveInput:
    result: object | None = None  # a result file attached and signed in the same act
    generate: bool = False  # none attached: issue it from the procedure's template, signed


# ---------------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class Command:
    action: Action
    input: type
    run: Callable  # (dossier, actor, input, now) → Dossier
    confirm: str = ""  # asked once before a destructive act ("" : no confirmation)
    help: str = ""
    fields: tuple[str, ...] = field(default=())
    # The act that moves a dossier on along its ordinary path (hand over, complete a step, approve,
    # return): a screen shows the first one offered ready to press, so each act is one click.
    forward: bool = False

    @property
    def label(self) -> str:
        return str(Action(self.action).label)

    @property
    def danger(self) -> bool:
        return bool(self.confirm)


def _c(
    action: Action, input_type: type[DataclassInstance], run: Callable, **kwargs: Any
) -> tuple[Action, Command]:
    return action, Command(action, input_type, run, fields=tuple(input_type.__dataclass_fields__), **kwargs)


COMMANDS: dict[Action, Command] = dict(
    [
        _c(
            Action.RECEIVE,
            NoInput,
            lambda d, a, i, now: lifecycle.accept_submission(dossier=d, actor=a, now=now),
            help=_("Hồ sơ đầy đủ: tiếp nhận và hẹn trả."),
            forward=True,  # an online dossier's desk check: receiving it moves it on
        ),
        _c(
            Action.REQUEST_SUPPLEMENT,
            SupplementRequestInput,
            lambda d, a, i, now: lifecycle.request_supplement(dossier=d, actor=a, reasons=i.reasons, now=now),
            help=_(
                "Một lần, đầy đủ: ghi rõ từng giấy tờ cần bổ sung và lý do. Thời hạn giải quyết tạm dừng."
            ),
        ),
        _c(
            Action.SUPPLEMENT,
            SupplementInput,
            lambda d, a, i, now: lifecycle.supplement(dossier=d, actor=a, papers=i.papers, now=now),
            help=_(
                "Đánh dấu giấy tờ người nộp mang đến bổ sung; ghi số lượng, loại bản và đính kèm bản quét "
                "nếu có. Thời hạn giải quyết tiếp tục tính."
            ),
        ),
        _c(
            Action.REFUSE,
            ReasonInput,
            lambda d, a, i, now: lifecycle.refuse(dossier=d, actor=a, reason=i.reason, now=now),
            confirm=_("Từ chối tiếp nhận hồ sơ này? Người nộp sẽ nhận thông báo từ chối (Mẫu 03)."),
        ),
        _c(
            Action.START_PROCESSING,
            NoInput,
            lambda d, a, i, now: lifecycle.start_processing(dossier=d, actor=a, now=now),
            help=_(
                "Chuyển hồ sơ cho bộ phận giải quyết; bước tiếp nhận của Bộ phận Một cửa hoàn thành luôn."
            ),
            forward=True,
        ),
        _c(
            Action.AWAIT_FEES,
            FeesInput,
            lambda d, a, i, now: lifecycle.await_fees(dossier=d, actor=a, fees=i.fees, now=now),
            help=_("Người nộp được thông báo số tiền phải nộp; thời hạn giải quyết tạm dừng."),
        ),
        _c(
            Action.PAY_FEES,
            NoInput,
            lambda d, a, i, now: lifecycle.pay_fees(dossier=d, actor=a, now=now),
        ),
        _c(
            Action.EXTEND,
            ExtendInput,
            lambda d, a, i, now: lifecycle.extend(
                dossier=d, actor=a, reason=i.reason, new_due=i.new_due, now=now
            ),
            help=_("Trước khi hết hạn: lý do và ngày hẹn mới (Mẫu 04)."),
        ),
        _c(
            Action.STOP,
            ReasonInput,
            lambda d, a, i, now: lifecycle.stop(dossier=d, actor=a, reason=i.reason, now=now),
            confirm=_("Dừng giải quyết hồ sơ này? Việc này không hoàn tác được (Mẫu 05)."),
        ),
        _c(
            Action.WITHDRAW,
            ReasonInput,
            lambda d, a, i, now: lifecycle.withdraw(dossier=d, actor=a, reason=i.reason, now=now),
            confirm=_("Ghi nhận người nộp rút hồ sơ này? Việc này không hoàn tác được."),
        ),
        _c(
            Action.COMPLETE_STEP,
            CompleteStepInput,
            lambda d, a, i, now: lifecycle.complete_step(
                dossier=d, actor=a, step=i.step, note=i.note, files=list(i.files), now=now
            ),
            forward=True,
        ),
        _c(
            Action.RETURN_STEP,
            ReturnStepInput,
            lambda d, a, i, now: lifecycle.return_step(
                dossier=d, actor=a, to_step=i.to_step, from_step=i.from_step, reason=i.reason, now=now
            ),
        ),
        _c(
            Action.TRANSFER,
            TransferInput,
            lambda d, a, i, now: lifecycle.transfer(
                dossier=d,
                actor=a,
                agency=i.agency,
                work=i.work,
                budget=i.budget,
                unit=i.unit,
                parallel=i.parallel,
                from_step=i.from_step,
                note=i.note,
                now=now,
            ),
        ),
        _c(
            Action.ASSIGN_STEP,
            AssignStepInput,
            lambda d, a, i, now: lifecycle.assign_step(
                dossier=d, step=i.step, assignee=i.assignee, actor=a, now=now
            ),
        ),
        _c(
            Action.ATTACH_RESULT,
            AttachResultInput,
            lambda d, a, i, now: lifecycle.attach_result(
                dossier=d, actor=a, file=i.file, generate=i.generate, sign=i.sign, now=now
            ),
            help=_("Lãnh đạo ký số ngay; nếu không, ký khi phê duyệt."),
        ),
        _c(
            Action.RESOLVE,
            ResolveInput,
            lambda d, a, i, now: lifecycle.resolve(
                dossier=d, actor=a, result=i.result, generate=i.generate, now=now
            ),
            help=_("Phê duyệt và ký số văn bản kết quả."),
            forward=True,
        ),
        _c(
            Action.DELIVER,
            DeliverInput,
            lambda d, a, i, now: lifecycle.deliver(
                dossier=d,
                actor=a,
                received_by=i.received_by,
                channel=i.channel,
                postal_item_number=i.postal_item_number,
                now=now,
            ),
            help=_("Trả kết quả cho người nộp; bước trả kết quả của Bộ phận Một cửa hoàn thành luôn."),
            forward=True,
        ),
    ]
)


def run(action: Action, *, dossier: Dossier, actor: Actor, data: object, now: datetime) -> Dossier:
    """Perform `action` with its typed input `data` (one service call, one transaction)."""
    command = COMMANDS[Action(action)]
    if not isinstance(data, command.input):
        raise TypeError(f"{action}: expected {command.input.__name__}, got {type(data).__name__}")
    return command.run(dossier, actor, data, now)


# ---------------------------------------------------------------------------------------------
# What is offered


@dataclass
class Situation:
    """What the offers read about a dossier, once: its steps (the screens pass theirs in)."""

    dossier: Dossier
    steps: list[DossierStep]

    @classmethod
    def of(cls, dossier: Dossier, step_rows: list[DossierStep] | None = None) -> Situation:
        if step_rows is None:
            step_rows = list(
                DossierStep.objects.filter(dossier=dossier).select_related("agency", "unit", "assignee")
            )
        return cls(dossier, step_rows)

    def held(self, actor: Actor) -> list[DossierStep]:
        """The active steps the actor may act on."""
        if actor.staff is None:
            return []
        return [
            s
            for s in self.steps
            if s.state == StepState.ACTIVE and steps.may_act_on_step(actor.staff, s, actor.roles)
        ]

    def returnable(self, actor: Actor) -> list[DossierStep]:
        """The done steps before the actor's active one (where a return may send the dossier)."""
        active = [s.order for s in self.held(actor)]
        top = max(active) if active else 0
        return [s for s in self.steps if s.state == StepState.DONE and s.order < top]

    def assignable(self, actor: Actor) -> list[DossierStep]:
        if actor.staff is None:
            return []
        return [
            s
            for s in self.steps
            if s.state in (StepState.ACTIVE, StepState.PENDING)
            and steps.may_assign_step(actor.staff, s, actor.roles)
        ]

    def blocking(self) -> bool:
        return any(
            s.state in steps.OPEN and not (s.role == Role.DESK_OFFICER and s.state == StepState.PENDING)
            for s in self.steps
        )


def refusal(
    actor: Actor, dossier: Dossier, action: Action, *, situation: Situation | None = None
) -> Exception | None:
    """Why `action` is not offered to `actor` on `dossier` now (the exception the service would
    raise: 409 state, 403 role, agency or step), or None when it is offered."""
    action = Action(action)
    try:
        transitions.check(State(dossier.state), action, set(actor.roles))
    except (transitions.TransitionNotAllowed, transitions.RoleNotAllowed) as error:
        return error
    situation = situation or Situation.of(dossier)
    if action in (Action.COMPLETE_STEP, Action.TRANSFER) and not situation.held(actor):
        return transitions.RoleNotAllowed(
            gettext_now("Bạn không giữ bước xử lý nào đang thực hiện của hồ sơ này."),
            code=ErrorCode.NOT_YOUR_STEP,
        )
    if action == Action.RETURN_STEP and not situation.returnable(actor):
        return transitions.RoleNotAllowed(
            gettext_now("Bạn không giữ bước nào có thể trả lại bước trước."), code=ErrorCode.NOT_YOUR_STEP
        )
    if action == Action.ASSIGN_STEP and not situation.assignable(actor):
        return transitions.RoleNotAllowed(
            gettext_now("Bạn không được giao bước xử lý này."), code=ErrorCode.NOT_YOUR_STEP
        )
    if action not in access.STEP_ACTIONS:
        try:
            access.require_act(
                actor, dossier, action, active=[s for s in situation.steps if s.state == StepState.ACTIVE]
            )
        except transitions.RoleNotAllowed as error:
            return error
    if action == Action.RESOLVE and situation.blocking():
        return transitions.TransitionNotAllowed(
            gettext_now("Còn bước xử lý chưa hoàn thành; hoàn thành các bước trước khi phê duyệt kết quả."),
            code=ErrorCode.STEPS_OPEN,
        )
    return None


def offered(
    actor: Actor, dossier: Dossier, now: datetime | None = None, *, situation: Situation | None = None
) -> list[Action]:
    """The actions offered to `actor` on `dossier` now, in the table's order: what every screen
    shows (the services check the same again on the locked row)."""
    if not transitions.allowed_actions(State(dossier.state), set(actor.roles)):
        return []
    situation = situation or Situation.of(dossier)
    return [a for a in COMMANDS if refusal(actor, dossier, a, situation=situation) is None]


def is_offered(actor: Actor, dossier: Dossier, action: Action, now: datetime | None = None) -> bool:
    return refusal(actor, dossier, action) is None
