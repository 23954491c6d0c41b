"""The one table of a dossier's life: (state, action) → rule.

Services, screens and the API all read this table; nothing else decides whether an action is
allowed. A rule names the state it leads to (or RESUME: back to the state held before a pause),
the roles allowed, what the action must record, and the legal form it issues.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from motcua.org.models import Role

from .errors import ErrorCode
from .states import OPEN_STATES, PAUSED_STATES, Action, State

#: Marker for "back to the state held before the pause" (after a supplement or a fee payment).
RESUME = "resume"

APPLICANT = "applicant"  # the citizen or business the dossier belongs to, not a staff role
DESK = frozenset({Role.DESK_OFFICER})
HANDLERS = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER})
PROCESSORS = frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER})
#: Unit heads review and forward, and name a step's officer (dispatching) like leaders do.
HEADS = frozenset({Role.UNIT_HEAD, Role.AGENCY_LEADER})
#: The agency leader approves and signs the result, and stops processing: the unit head does not.
APPROVERS = frozenset({Role.AGENCY_LEADER})


@dataclass(frozen=True)
class Rule:
    to: State | str
    roles: frozenset
    requires: tuple[str, ...] = ()
    form: str | None = None
    pauses_clock: bool = False


PAUSED = tuple(sorted(PAUSED_STATES))  # the one set, states.PAUSED_STATES

TRANSITIONS: dict[tuple[State, Action], Rule] = {
    # Online submissions: the desk checks them before the clock starts.
    (State.SUBMITTED, Action.RECEIVE): Rule(State.RECEIVED, DESK, form="mau_01"),
    (State.SUBMITTED, Action.REQUEST_SUPPLEMENT): Rule(
        State.SUPPLEMENT_REQUESTED, DESK, requires=("reasons",), form="mau_02"
    ),
    (State.SUBMITTED, Action.REFUSE): Rule(State.REFUSED, DESK, requires=("reason",), form="mau_03"),
    (State.SUBMITTED, Action.WITHDRAW): Rule(State.WITHDRAWN, DESK | {APPLICANT}, requires=("reason",)),
    # Received at the desk: hand it to the processing unit.
    (State.RECEIVED, Action.START_PROCESSING): Rule(State.PROCESSING, DESK),
    # The internal process.
    (State.PROCESSING, Action.COMPLETE_STEP): Rule(State.PROCESSING, HANDLERS),
    (State.PROCESSING, Action.RETURN_STEP): Rule(State.PROCESSING, PROCESSORS, requires=("reason",)),
    (State.PROCESSING, Action.TRANSFER): Rule(State.PROCESSING, HANDLERS, requires=("agency",)),
    (State.PROCESSING, Action.ASSIGN_STEP): Rule(State.PROCESSING, HEADS, requires=("assignee",)),
    (State.PROCESSING, Action.ATTACH_RESULT): Rule(State.PROCESSING, PROCESSORS, requires=("file",)),
    (State.PROCESSING, Action.RESOLVE): Rule(State.RESOLVED, APPROVERS),
    (State.RESOLVED, Action.DELIVER): Rule(State.RETURNED, DESK, requires=("received_by",)),
    # Pauses and their ends.
    (State.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT): Rule(RESUME, DESK | {APPLICANT}),
    (State.AWAITING_FEES, Action.PAY_FEES): Rule(RESUME, DESK | {APPLICANT}),
}

for _state in OPEN_STATES:
    TRANSITIONS[(_state, Action.REQUEST_SUPPLEMENT)] = Rule(
        State.SUPPLEMENT_REQUESTED, HANDLERS, requires=("reasons",), form="mau_02", pauses_clock=True
    )
    TRANSITIONS[(_state, Action.AWAIT_FEES)] = Rule(
        State.AWAITING_FEES, HANDLERS, requires=("fees",), pauses_clock=True
    )
    TRANSITIONS[(_state, Action.EXTEND)] = Rule(
        _state, HANDLERS, requires=("reason", "new_due"), form="mau_04"
    )
for _state in (*OPEN_STATES, *PAUSED):
    TRANSITIONS[(_state, Action.STOP)] = Rule(State.STOPPED, APPROVERS, requires=("reason",), form="mau_05")
    TRANSITIONS[(_state, Action.WITHDRAW)] = Rule(State.WITHDRAWN, DESK | {APPLICANT}, requires=("reason",))
del _state


class TransitionNotAllowed(ValidationError):
    """The action does not apply to the dossier's current state (the API answers 409)."""

    http_status = 409

    def __init__(self, message, code=ErrorCode.TRANSITION_NOT_ALLOWED, params=None):
        super().__init__(message, code=str(code), params=params)


class RoleNotAllowed(PermissionDenied):
    """The actor may not take the action: a role or an agency (the API answers 403)."""

    http_status = 403

    def __init__(self, message="", code=ErrorCode.ROLE_NOT_ALLOWED):
        super().__init__(message)
        self.code = str(code)


def allowed_actions(state: State, roles: set[str]) -> list[Action]:
    """The actions a holder of `roles` may take on a dossier in `state`: what the screens offer."""
    return [action for (s, action), rule in TRANSITIONS.items() if s == state and rule.roles & roles]


def check(state: State, action: Action, roles: set[str]) -> Rule:
    """The rule for `action` in `state`, or a translated refusal naming the state and the action."""
    rule = TRANSITIONS.get((State(state), Action(action)))
    if rule is None:
        raise TransitionNotAllowed(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": Action(action).label, "state": State(state).label},
        )
    if not rule.roles & roles:
        raise RoleNotAllowed(
            _("Vai trò của bạn không được phép “%(action)s”.") % {"action": Action(action).label}
        )
    return rule
