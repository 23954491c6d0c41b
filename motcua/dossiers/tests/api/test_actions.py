"""Every transition through the API, and every refusal of a forbidden one (409 state, 403 role/agency)."""

from datetime import timedelta

import pytest

from motcua.dossiers import services
from motcua.dossiers.api.views import ACTIONS
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.states import Action, State
from motcua.dossiers.transitions import TRANSITIONS
from motcua.org.tests.factories import CommuneFactory

from .conftest import (
    MONDAY_9,
    PDF,
    b64,
    client_for,
    intake,
    online_payload,
    post_json,
    received,
    staff,
    submitted,
)

URL = "/api/v1/dossiers/"


def act(user, dossier, path, body=None):
    return post_json(client_for(user), f"{URL}{dossier.code}/{path}/", body or {})


def state_of(dossier):
    return Dossier.objects.get(pk=dossier.pk).state


def test_desk_intake_to_returned_result(version, commune, tokhai, desk, specialist, leader):
    code = post_json(client_for(desk.user), URL, online_payload(version, tokhai)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    assert dossier.state == State.RECEIVED

    response = act(desk.user, dossier, "start-processing")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == State.PROCESSING
    assert [s["state"] for s in body["steps"]] == ["active"]

    response = act(specialist.user, dossier, "await-fees", {"fees": [{"name": "Lệ phí", "amount_vnd": 8000}]})
    assert response.json()["state"] == State.AWAITING_FEES
    assert act(desk.user, dossier, "pay-fees").json()["state"] == State.PROCESSING

    response = act(
        specialist.user,
        dossier,
        "request-supplement",
        {"items": [{"what": "Tờ khai", "reason": "thiếu chữ ký"}]},
    )
    assert response.json()["state"] == State.SUPPLEMENT_REQUESTED
    assert response.json()["supplement_requests"] == 1
    brought = {"papers": [{"requirement": tokhai.pk, "kind": "original"}]}
    response = act(desk.user, dossier, "supplement", brought)
    assert response.json()["state"] == State.PROCESSING
    assert [(p["name"], p["supplement_number"]) for p in response.json()["papers"]] == [
        ("Tờ khai", None),
        ("Tờ khai", 1),
    ]

    due = Dossier.objects.get(pk=dossier.pk).due_at
    new_due = (due + timedelta(days=3)).isoformat()
    response = act(specialist.user, dossier, "extend", {"reason": "Cần xác minh", "new_due": new_due})
    assert response.status_code == 200, response.json()
    assert Dossier.objects.get(pk=dossier.pk).due_at == due + timedelta(days=3)

    response = act(specialist.user, dossier, "complete-step", {"note": "Đủ điều kiện"})
    assert response.status_code == 200, response.json()
    assert [s["state"] for s in response.json()["steps"]] == ["done"]

    assert act(leader.user, dossier, "resolve").json()["state"] == State.RESOLVED
    response = act(desk.user, dossier, "deliver", {"received_by": "Trần Thị Lan", "channel": 1})
    assert response.json()["state"] == State.RETURNED
    assert response.json()["returned_to"] == "Trần Thị Lan"
    actions = [e["action"] for e in response.json()["events"]]
    assert actions == [
        "receive", "start_processing", "await_fees", "pay_fees", "request_supplement", "supplement",
        "extend", "complete_step", "resolve", "deliver",
    ]  # fmt: skip


def test_online_submission_accepted_by_the_desk(version, tokhai, desk, citizen_user):
    code = post_json(client_for(citizen_user), URL, online_payload(version, tokhai)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    response = act(desk.user, dossier, "receive")
    assert response.status_code == 200
    assert response.json()["state"] == State.RECEIVED
    assert response.json()["due_at"] is not None


def test_online_supplement_by_the_citizen(version, tokhai, desk, citizen_user):
    code = post_json(client_for(citizen_user), URL, online_payload(version, tokhai)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    assert act(desk.user, dossier, "request-supplement", {"reasons": ["Ảnh chụp mờ"]}).json()["state"] == 5
    sharper = {"requirement": tokhai.pk, "kind": "electronic", "file_name": "ro.pdf", "file_base64": b64(PDF)}
    response = act(citizen_user, dossier, "supplement", {"papers": [sharper]})
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == State.SUBMITTED
    assert [(p["source"], p["supplement_number"]) for p in response.json()["papers"]][-1] == ("uploaded", 1)


def test_refusal_and_withdrawal_of_online_submissions(version, tokhai, desk, citizen_user):
    client = client_for(citizen_user)
    first = Dossier.objects.get(code=post_json(client, URL, online_payload(version, tokhai)).json()["code"])
    second = Dossier.objects.get(code=post_json(client, URL, online_payload(version, tokhai)).json()["code"])
    response = act(desk.user, first, "refuse", {"reason": "Không thuộc thẩm quyền"})
    assert response.json()["state"] == State.REFUSED
    response = act(citizen_user, second, "withdraw", {"reason": "Nộp nhầm"})
    assert response.json()["state"] == State.WITHDRAWN


def test_stop_by_the_leader(version, commune, tokhai, desk, leader):
    dossier = received(version, commune, tokhai, desk)
    act(desk.user, dossier, "start-processing")
    response = act(leader.user, dossier, "stop", {"reason": "Người nộp không bổ sung"})
    assert response.json()["state"] == State.STOPPED


def test_transfer_and_return_between_agencies(version, commune, tokhai, desk, specialist):
    other = CommuneFactory(code="000.00.33.H26")
    partner = staff(other, "specialist")
    dossier = received(version, commune, tokhai, desk)
    act(desk.user, dossier, "start-processing")
    response = act(
        specialist.user,
        dossier,
        "transfer",
        {"agency": other.code, "work": "Xác minh", "budget": "1", "unit": "working_day"},
    )
    assert response.status_code == 200, response.json()
    steps = response.json()["steps"]
    assert [(s["agency"]["code"], s["state"]) for s in steps] == [
        (commune.code, "done"),
        (other.code, "active"),
    ]
    # The partner agency sees the dossier it holds a step of, and returns it.
    assert client_for(partner.user).get(f"{URL}{dossier.code}/").status_code == 200
    response = act(
        partner.user, dossier, "return-step", {"to_step": steps[0]["id"], "reason": "Thiếu hồ sơ gốc"}
    )
    assert response.status_code == 200, response.json()
    states = {s["id"]: s["state"] for s in response.json()["steps"]}
    assert states[steps[0]["id"]] == "active"


def test_assign_and_attach_result(version, commune, tokhai, desk, specialist, leader):
    dossier = received(version, commune, tokhai, desk)
    act(desk.user, dossier, "start-processing")
    step = DossierStep.objects.get(dossier=dossier)
    response = act(leader.user, dossier, "assign-step", {"step": step.pk, "assignee": specialist.pk})
    assert response.status_code == 200, response.json()
    assert response.json()["steps"][0]["assignee"] == specialist.full_name
    response = act(
        specialist.user,
        dossier,
        "attach-result",
        {"file_name": "kq.pdf", "file_base64": b64(PDF), "sign": False},
    )
    assert response.status_code == 200, response.json()
    assert [d["kind"] for d in response.json()["documents"]][-1] == "result"


def test_a_result_must_be_a_pdf(version, commune, tokhai, desk, specialist):
    dossier = received(version, commune, tokhai, desk)
    act(desk.user, dossier, "start-processing")
    from .conftest import PNG

    response = act(
        specialist.user, dossier, "attach-result", {"file_name": "kq.pdf", "file_base64": b64(PNG)}
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]


# ---------------------------------------------------------------------------------------------
# Refusals


def bodies(dossier):
    step = DossierStep.objects.filter(dossier=dossier).first()
    return {
        Action.REQUEST_SUPPLEMENT: {"reasons": ["Tờ khai"]},
        Action.REFUSE: {"reason": "x"},
        Action.STOP: {"reason": "x"},
        Action.WITHDRAW: {"reason": "x"},
        Action.AWAIT_FEES: {"fees": [{"name": "Lệ phí", "amount_vnd": 1}]},
        Action.EXTEND: {"reason": "x", "new_due": (MONDAY_9 + timedelta(days=30)).isoformat()},
        Action.DELIVER: {"received_by": "x"},
        Action.RETURN_STEP: {"to_step": step.pk if step else 1, "reason": "x"},
        Action.TRANSFER: {"agency": "000.00.31.H26", "work": "x", "budget": "1"},
        Action.ASSIGN_STEP: {"step": step.pk if step else 1, "assignee": 1},
        Action.ATTACH_RESULT: {"generate": True},
    }


@pytest.fixture
def in_every_state(version, commune, tokhai, everyone):
    """One dossier in each of the ten states, made through the services."""
    officer = services.Actor.officer(everyone)
    now = MONDAY_9

    def recv():
        return received(version, commune, tokhai, everyone, now)

    def processing():
        return services.start_processing(dossier=recv(), actor=officer, now=now)

    def resolved():
        d = processing()
        d = services.complete_step(dossier=d, actor=officer, step=d.steps.get(), now=now)
        return services.resolve(dossier=d, actor=officer, now=now)

    made = {
        State.SUBMITTED: submitted(version, commune, tokhai),
        State.RECEIVED: recv(),
        State.REFUSED: services.refuse(
            dossier=submitted(version, commune, tokhai), actor=officer, reason="x", now=now
        ),
        State.PROCESSING: processing(),
        State.SUPPLEMENT_REQUESTED: services.request_supplement(
            dossier=recv(), actor=officer, reasons=["x"], now=now
        ),
        State.AWAITING_FEES: services.await_fees(
            dossier=recv(), actor=officer, fees=[{"name": "Lệ phí", "amount_vnd": 8000}], now=now
        ),
        State.WITHDRAWN: services.withdraw(dossier=recv(), actor=officer, reason="x", now=now),
        State.STOPPED: services.stop(dossier=processing(), actor=officer, reason="x", now=now),
        State.RESOLVED: resolved(),
    }
    made[State.RETURNED] = services.deliver(dossier=resolved(), actor=officer, received_by="x", now=now)
    assert {s: d.state for s, d in made.items()} == {s: s for s in made}
    return made


def test_every_action_a_state_does_not_allow_is_a_409_and_changes_nothing(in_every_state, everyone):
    checked = 0
    for state, dossier in in_every_state.items():
        events = DossierEvent.objects.filter(dossier=dossier).count()
        for action, (path, _ser, _call) in ACTIONS.items():
            if (state, action) in TRANSITIONS:
                continue
            response = act(everyone.user, dossier, path, bodies(dossier).get(action))
            assert response.status_code == 409, (state, action, response.json())
            body = response.json()
            assert body["code"] == "transition_not_allowed"
            assert str(State(state).label) in body["detail"]
            checked += 1
        assert state_of(dossier) == state
        assert DossierEvent.objects.filter(dossier=dossier).count() == events
    assert checked > 100


@pytest.mark.parametrize(
    ("state", "path", "role"),
    [
        (State.SUBMITTED, "receive", "specialist"),
        (State.SUBMITTED, "refuse", "agency_leader"),
        (State.RECEIVED, "start-processing", "specialist"),
        (State.PROCESSING, "resolve", "desk_officer"),
        (State.PROCESSING, "resolve", "specialist"),
        (State.PROCESSING, "stop", "specialist"),
        (State.PROCESSING, "return-step", "desk_officer"),
        (State.PROCESSING, "assign-step", "specialist"),
        (State.RESOLVED, "deliver", "agency_leader"),
        (State.SUPPLEMENT_REQUESTED, "stop", "desk_officer"),
    ],
)
def test_a_role_that_may_not_act_is_a_403_and_changes_nothing(in_every_state, commune, state, path, role):
    dossier = in_every_state[state]
    events = DossierEvent.objects.filter(dossier=dossier).count()
    officer = staff(commune, role)
    action = next(a for a, (p, _s, _c) in ACTIONS.items() if p == path)
    response = act(officer.user, dossier, path, bodies(dossier).get(action))
    assert response.status_code == 403, response.json()
    assert response.json()["code"] == "role_not_allowed"
    assert state_of(dossier) == state
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_another_agencys_officer_is_a_403(in_every_state):
    other = staff(CommuneFactory(code="000.00.32.H26"), "desk_officer", "agency_leader")
    dossier = in_every_state[State.RECEIVED]
    response = act(other.user, dossier, "start-processing")
    assert response.status_code == 403
    assert response.json()["code"] == "not_your_dossier"
    assert client_for(other.user).get(f"{URL}{dossier.code}/").status_code == 403
    assert state_of(dossier) == State.RECEIVED


def test_a_citizen_may_not_act_as_an_officer(version, tokhai, citizen_user):
    code = post_json(client_for(citizen_user), URL, online_payload(version, tokhai)).json()["code"]
    dossier = Dossier.objects.get(code=code)
    response = act(citizen_user, dossier, "receive")
    assert response.status_code == 403
    assert response.json()["code"] == "role_not_allowed"
    assert state_of(dossier) == State.SUBMITTED


def test_a_citizen_may_not_touch_someone_elses_dossier(version, commune, tokhai, citizen_user):
    someone = services.ApplicantData(kind="0", full_name="Lê Văn Bình", id_number="001090012346")
    dossier = services.submit_online(
        intake=intake(version, commune, tokhai, applicant=someone), now=MONDAY_9, user=None
    )
    response = act(citizen_user, dossier, "withdraw", {"reason": "x"})
    assert response.status_code == 403
    assert state_of(dossier) == State.SUBMITTED


def test_anonymous_clients_may_not_act(version, commune, tokhai):
    dossier = submitted(version, commune, tokhai)
    response = act(None, dossier, "withdraw", {"reason": "x"})
    assert response.status_code in (401, 403)
    assert state_of(dossier) == State.SUBMITTED


def test_bad_action_input_is_a_400_and_changes_nothing(in_every_state, everyone):
    dossier = in_every_state[State.PROCESSING]
    events = DossierEvent.objects.filter(dossier=dossier).count()
    client = client_for(everyone.user)
    cases = [
        ("request-supplement", {"reasons": []}, "invalid"),
        ("stop", {}, "invalid"),
        ("extend", {"reason": "x", "new_due": "not a date"}, "invalid"),
        # The service's own checks, with their stable codes: the new date must come after the
        # current one, and within the bound (not 9999-12-31: issue 8, defect 6).
        (
            "extend",
            {"reason": "x", "new_due": (MONDAY_9 - timedelta(days=1)).isoformat()},
            "extend_not_later",
        ),
        ("extend", {"reason": "x", "new_due": "9999-12-31T10:00:00+07:00"}, "extend_out_of_bounds"),
        ("await-fees", {"fees": []}, "invalid"),
        ("await-fees", {"fees": [{"name": "Phí", "amount_vnd": 2**70}]}, "invalid"),
        ("stop", {"reason": ""}, "invalid"),
    ]
    for path, body, code in cases:
        response = post_json(client, f"{URL}{dossier.code}/{path}/", body)
        assert response.status_code == 400, (path, body, response.json())
        assert response.json()["code"] == code, (path, response.json())
        assert response.json()["errors"]
    assert state_of(dossier) == State.PROCESSING
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


def test_an_unknown_code_is_a_404(everyone):
    response = post_json(client_for(everyone.user), f"{URL}000.00.31.H26-261116-9999/receive/", {})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
