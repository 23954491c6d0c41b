import pytest

from motcua.dossiers import transitions
from motcua.dossiers.states import FINAL_STATES, PAUSED_STATES, Action, State
from motcua.org.models import Role


def reachable_from(start: State) -> set[State]:
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        for (source, _action), rule in transitions.TRANSITIONS.items():
            if source != state:
                continue
            targets = {State.RECEIVED, State.PROCESSING} if rule.to == transitions.RESUME else {rule.to}
            for target in targets - seen:
                seen.add(target)
                frontier.append(target)
    return seen


def test_every_state_is_reachable_from_an_online_submission():
    assert reachable_from(State.SUBMITTED) == set(State)


def test_final_states_have_no_way_out():
    for (source, action), _rule in transitions.TRANSITIONS.items():
        assert source not in FINAL_STATES, (source, action)


def test_every_pause_has_a_way_back_and_pausing_rules_lead_to_paused_states():
    for rule in transitions.TRANSITIONS.values():
        if rule.pauses_clock:
            assert rule.to in PAUSED_STATES
    for paused in PAUSED_STATES:
        assert any(
            s == paused and r.to == transitions.RESUME for (s, _a), r in transitions.TRANSITIONS.items()
        )


def test_check_refuses_an_action_the_state_does_not_allow():
    with pytest.raises(transitions.TransitionNotAllowed) as error:
        transitions.check(State.RETURNED, Action.RESOLVE, {Role.AGENCY_LEADER})
    assert "Đã trả kết quả" in error.value.messages[0]


def test_check_refuses_a_role_that_may_not_act():
    with pytest.raises(transitions.RoleNotAllowed):
        transitions.check(State.PROCESSING, Action.RESOLVE, {Role.DESK_OFFICER})


def test_approver_may_resolve_and_desk_may_deliver():
    """The leader approves and signs (issue 9): the unit head reviews and forwards, but neither
    approves nor stops processing."""
    assert transitions.check(State.PROCESSING, Action.RESOLVE, {Role.AGENCY_LEADER}).to == State.RESOLVED
    for action in (Action.RESOLVE, Action.STOP):
        with pytest.raises(transitions.RoleNotAllowed):
            transitions.check(State.PROCESSING, action, {Role.UNIT_HEAD})
    assert transitions.check(State.RESOLVED, Action.DELIVER, {Role.DESK_OFFICER}).to == State.RETURNED


def test_allowed_actions_lists_what_a_desk_officer_can_do_with_an_online_submission():
    actions = set(transitions.allowed_actions(State.SUBMITTED, {Role.DESK_OFFICER}))
    assert actions == {Action.RECEIVE, Action.REQUEST_SUPPLEMENT, Action.REFUSE, Action.WITHDRAW}
    assert transitions.allowed_actions(State.SUBMITTED, {Role.CONTROL_OFFICER}) == []
