"""The one table of a feedback item's life: (state, action) → rule. Services, screens and the API read
it; nothing else decides whether an action is allowed, by whom."""

from __future__ import annotations

from dataclasses import dataclass

from motcua.org.models import Role

from .states import Action, State

SENDER = "sender"  # the citizen or organisation who sent it, not a staff role
CONTROL = frozenset({Role.CONTROL_OFFICER})
HOLDERS = frozenset({Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER})


@dataclass(frozen=True)
class Rule:
    to: State
    roles: frozenset
    requires: tuple[str, ...] = ()


TRANSITIONS: dict[tuple[State, Action], Rule] = {
    (State.RECEIVED, Action.REFUSE): Rule(State.REFUSED, CONTROL, requires=("reason",)),
    (State.RECEIVED, Action.ROUTE): Rule(State.ROUTED, CONTROL, requires=("category", "agency")),
    (State.RECEIVED, Action.LINK): Rule(State.LINKED, CONTROL, requires=("original",)),
    # The control office may send it on to another agency while it is handled.
    (State.ROUTED, Action.ROUTE): Rule(State.ROUTED, CONTROL, requires=("category", "agency")),
    (State.ROUTED, Action.REQUEST_SUPPLEMENT): Rule(
        State.SUPPLEMENT_REQUESTED, HOLDERS, requires=("reason",)
    ),
    # The sender answers on the portal; a hotline caller's answer is entered by the control office.
    (State.SUPPLEMENT_REQUESTED, Action.SUPPLEMENT): Rule(
        State.ROUTED, CONTROL | {SENDER}, requires=("text",)
    ),
    (State.ROUTED, Action.ANSWER): Rule(State.ANSWERED, HOLDERS, requires=("answer",)),
    (State.ANSWERED, Action.PUBLISH): Rule(State.PUBLISHED, CONTROL, requires=("masked_texts",)),
    (State.PUBLISHED, Action.RATE): Rule(State.PUBLISHED, frozenset({SENDER}), requires=("rating",)),
    (State.PUBLISHED, Action.REOPEN): Rule(State.ROUTED, frozenset({SENDER}), requires=("reason",)),
}

#: A sender not satisfied with the answer may ask once for it to be looked at again.
MAX_REOPENS = 1


def rule_for(state: str, action: str) -> Rule | None:
    return TRANSITIONS.get((State(state), Action(action))) if action in Action.values else None


def actions_for(state: str, roles: frozenset[str]) -> list[Action]:
    """The actions offered in `state` to someone holding `roles` (the scope is access.py's)."""
    return [action for (s, action), rule in TRANSITIONS.items() if s == state and rule.roles & roles]
