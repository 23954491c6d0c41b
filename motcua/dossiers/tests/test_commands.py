"""The one table of use cases: every action × role × agency × state, the offer (what the office
and the API show), the API's answer and the service agree; and a desk's day one (issue 9)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.dossiers import access, commands, selectors, services, transitions
from motcua.dossiers.models import StepState
from motcua.dossiers.states import Action, State
from motcua.dossiers.steps import Pool
from motcua.dossiers.tests.api.conftest import PDF, client_for, post_json
from motcua.org.models import Role
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import MONDAY_9, make_intake

pytestmark = pytest.mark.django_db

ROLES = [Role.DESK_OFFICER, Role.SPECIALIST, Role.UNIT_HEAD, Role.AGENCY_LEADER, Role.CONTROL_OFFICER]
#: The process of a real office: the desk receives, a specialist appraises, the unit head reviews
#: and forwards, the leader approves and signs, the desk returns the result.
PROCESS = [
    ("Tiếp nhận, chuyển hồ sơ", "Bộ phận Một cửa", 0.5),
    ("Thẩm định hồ sơ", "Chuyên viên xử lý", 1),
    ("Xem xét, trình ký", "Lãnh đạo phòng", 0.5),
    ("Phê duyệt, ký", "Lãnh đạo cơ quan", 0.5),
    ("Trả kết quả", "Bộ phận Một cửa", 0.5),
]


class Rollback(Exception):
    pass


@pytest.fixture
def office(db):
    """Two communes (ours and another), a five-step procedure, an officer per role in each."""
    ours = CommuneFactory(code="000.00.51.H26", name="Ủy ban nhân dân Phường Một")
    theirs = CommuneFactory(code="000.00.52.H26", name="Ủy ban nhân dân Phường Hai")
    version = published_version(
        code="1.000001",
        name="Chứng thực bản sao",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[ours, theirs],
        requirements=[{"name": "Đơn", "kind": "original", "quantity": 1}],
    )
    version.result_paper = version.result_electronic = False
    version.save(update_fields=["result_paper", "result_electronic"])
    process = ProcessDefinition.objects.create(version=version, agency=ours)
    for order, (work, responsible, amount) in enumerate(PROCESS, 1):
        ProcessStep.objects.create(
            process=process,
            order=order,
            work=work,
            responsible=responsible,
            amount=amount,
            unit="working_day",
        )
    staff = {
        (agency, role): StaffFactory(agency=agency, roles=[role], full_name=f"{role} {agency.code}")
        for agency in (ours, theirs)
        for role in ROLES
    }
    return ours, theirs, version, staff


def actor(staff):
    return services.Actor.officer(staff)


def _states(ours, version, staff):
    """One dossier per situation, built through the services (fast: no forms, no notifications)."""
    desk, spec, head, leader = (actor(staff[(ours, r)]) for r in ROLES[:4])
    t = MONDAY_9

    def received():
        return services.receive_at_desk(
            officer=staff[(ours, Role.DESK_OFFICER)], intake=make_intake(version, ours), now=t
        )

    def at_specialist():
        return services.start_processing(dossier=received(), actor=desk, now=t)

    def at_head():
        d = at_specialist()
        return services.complete_step(dossier=d, actor=spec, step=d.steps.get(order=2), now=t)

    def approvable():
        d = at_head()
        d = services.complete_step(dossier=d, actor=head, step=d.steps.get(order=3), now=t)
        return services.complete_step(dossier=d, actor=leader, step=d.steps.get(order=4), now=t)

    def resolved():
        return services.resolve(dossier=approvable(), actor=leader, now=t)

    submitted = services.submit_online(intake=make_intake(version, ours), now=t)
    return {
        "submitted": submitted,
        "received": received(),
        "refused": services.refuse(
            dossier=services.submit_online(intake=make_intake(version, ours), now=t),
            actor=desk,
            reason="x",
            now=t,
        ),
        "at_specialist": at_specialist(),
        "at_head": at_head(),
        "approvable": approvable(),
        "supplement": services.request_supplement(dossier=received(), actor=desk, reasons=["Đơn"], now=t),
        "fees": services.await_fees(
            dossier=received(), actor=desk, fees=[{"name": "Lệ phí", "amount_vnd": 8000}], now=t
        ),
        "withdrawn": services.withdraw(dossier=received(), actor=desk, reason="x", now=t),
        "stopped": services.stop(dossier=at_specialist(), actor=leader, reason="x", now=t),
        "resolved": resolved(),
        "returned": services.deliver(dossier=resolved(), actor=desk, received_by="X", now=t),
    }


def _input(action, dossier, who, theirs):
    """A plausible, complete input for `action` on `dossier` (so that only the offer decides)."""
    open_steps = list(dossier.steps.filter(state__in=(StepState.ACTIVE, StepState.PENDING)).order_by("order"))
    done = list(dossier.steps.filter(state=StepState.DONE).order_by("-order"))
    C = commands
    return {
        Action.RECEIVE: C.NoInput(),
        Action.REQUEST_SUPPLEMENT: C.SupplementRequestInput(reasons=["Đơn: thiếu chữ ký"]),
        Action.SUPPLEMENT: C.SupplementInput(papers=[services.PaperData(name="Đơn", kind="original")]),
        Action.REFUSE: C.ReasonInput(reason="x"),
        Action.START_PROCESSING: C.NoInput(),
        Action.AWAIT_FEES: C.FeesInput(fees=[{"name": "Lệ phí", "amount_vnd": 8000}]),
        Action.PAY_FEES: C.NoInput(),
        Action.EXTEND: C.ExtendInput(reason="x", new_due=(dossier.due_at or MONDAY_9) + timedelta(days=2)),
        Action.STOP: C.ReasonInput(reason="x"),
        Action.WITHDRAW: C.ReasonInput(reason="x"),
        Action.COMPLETE_STEP: C.CompleteStepInput(step=None),
        Action.RETURN_STEP: C.ReturnStepInput(to_step=done[0].pk if done else 0, reason="x"),
        Action.TRANSFER: C.TransferInput(agency=theirs, work="Xác minh", budget=1),
        Action.ASSIGN_STEP: C.AssignStepInput(step=open_steps[0].pk if open_steps else 0, assignee=who.staff),
        Action.ATTACH_RESULT: C.AttachResultInput(file=("ket-qua.pdf", PDF), sign=False),
        Action.RESOLVE: C.ResolveInput(),
        Action.DELIVER: C.DeliverInput(received_by="X"),
    }[action]


REFUSALS = (transitions.TransitionNotAllowed, transitions.RoleNotAllowed)


def test_every_action_role_agency_and_state_the_offer_the_api_and_the_service_agree(office):
    ours, theirs, version, staff = office
    dossiers = _states(ours, version, staff)
    disagreements, performed = [], set()
    for name, dossier in dossiers.items():
        dossier.refresh_from_db()
        for (agency, role), officer in staff.items():
            who = actor(officer)
            offered = set(commands.offered(who, dossier))
            api = client_for(officer.user).get(f"/api/v1/dossiers/{dossier.code}/")
            if api.status_code == 200:
                api_offered = {a["action"] for a in api.json()["allowed_actions"]}
                if api_offered != {a.value for a in offered}:
                    disagreements.append(
                        (name, agency.code, role, "api", sorted(api_offered), sorted(offered))
                    )
            elif offered:
                disagreements.append(
                    (name, agency.code, role, "api cannot see", api.status_code, sorted(offered))
                )
            for action in commands.COMMANDS:
                data = _input(action, dossier, who, theirs if agency == ours else ours)
                refused = None
                try:
                    with transaction.atomic():
                        commands.run(action, dossier=dossier, actor=who, data=data, now=MONDAY_9)
                        raise Rollback
                except Rollback:
                    performed.add((name, role, action))
                except REFUSALS as error:
                    refused = error
                except (ValidationError, PermissionDenied):
                    pass  # the input, not the offer
                if (action in offered) == (refused is not None):
                    disagreements.append((name, agency.code, role, action.value, action in offered, refused))
    assert not disagreements, "\n".join(map(str, disagreements))
    # Not vacuous: each role performed its own acts somewhere, and only its own.
    acts = {role: {a for (_n, r, a) in performed if r == role} for role in ROLES}
    assert {Action.RECEIVE, Action.START_PROCESSING, Action.DELIVER} <= acts[Role.DESK_OFFICER]
    assert Action.COMPLETE_STEP in acts[Role.SPECIALIST] and Action.RESOLVE not in acts[Role.SPECIALIST]
    assert Action.COMPLETE_STEP in acts[Role.UNIT_HEAD]
    assert not {Action.RESOLVE, Action.STOP} & acts[Role.UNIT_HEAD]
    assert {Action.RESOLVE, Action.STOP} <= acts[Role.AGENCY_LEADER]
    assert acts[Role.CONTROL_OFFICER] == set()


def test_a_refused_action_is_refused_by_the_api_for_the_offer_s_reason(office):
    ours, theirs, version, staff = office
    dossier = _states(ours, version, staff)["at_head"]
    head = staff[(ours, Role.UNIT_HEAD)]
    client = client_for(head.user)
    # The unit head reviews and forwards: no approval, no stop (the leader's).
    assert set(commands.offered(actor(head), dossier)) >= {Action.COMPLETE_STEP}
    for path in ("resolve", "stop"):
        response = post_json(client, f"/api/v1/dossiers/{dossier.code}/{path}/", {"reason": "x"})
        assert response.status_code == 403 and response.json()["code"] == "role_not_allowed"
    other = client_for(staff[(theirs, Role.AGENCY_LEADER)].user)
    response = post_json(other, f"/api/v1/dossiers/{dossier.code}/stop/", {"reason": "x"})
    assert response.status_code == 403  # another agency's leader: not their dossier


def test_a_desk_s_day_one(office, django_capture_on_commit_callbacks):
    """One click per act: the desk's hand-off completes its own first step; approval comes as soon
    as the appraisal is done (the hand-over waits); the desk's return closes the hand-over."""
    ours, _theirs, version, staff = office
    desk, spec, head, leader = (staff[(ours, r)] for r in ROLES[:4])
    t = MONDAY_9
    d = services.receive_at_desk(officer=desk, intake=make_intake(version, ours), now=t)
    d = services.start_processing(dossier=d, actor=actor(desk), now=t)
    states = dict(d.steps.values_list("order", "state"))
    assert states == {1: "done", 2: "active", 3: "pending", 4: "pending", 5: "pending"}
    d = services.complete_step(dossier=d, actor=actor(spec), step=d.steps.get(order=2), now=t)
    assert Action.RESOLVE not in commands.offered(actor(head), d)
    d = services.complete_step(dossier=d, actor=actor(head), step=d.steps.get(order=3), now=t)
    d = services.complete_step(dossier=d, actor=actor(leader), step=d.steps.get(order=4), now=t)
    assert d.steps.get(order=5).state == StepState.PENDING  # the hand-over waits for approval
    assert Action.RESOLVE in commands.offered(actor(leader), d)
    assert [i.dossier for i in selectors.my_work(leader, t)] == [d]
    d = services.resolve(dossier=d, actor=actor(leader), now=t + timedelta(hours=1))
    assert d.steps.get(order=5).state == StepState.ACTIVE
    [item] = selectors.my_work(desk, t + timedelta(hours=1))
    assert item.dossier == d and item.task == Action.DELIVER.label
    d = services.deliver(dossier=d, actor=actor(desk), received_by="Bà Lan", now=t + timedelta(hours=2))
    assert d.state == State.RETURNED
    assert not d.steps.exclude(state=StepState.DONE).exists()


def test_stopping_closes_the_open_steps_and_the_event_chain_stays_in_order(office):
    ours, _theirs, version, staff = office
    desk, leader = actor(staff[(ours, Role.DESK_OFFICER)]), actor(staff[(ours, Role.AGENCY_LEADER)])
    d = services.receive_at_desk(officer=desk.staff, intake=make_intake(version, ours), now=MONDAY_9)
    d = services.start_processing(dossier=d, actor=desk, now=MONDAY_9 + timedelta(hours=1))
    # An action whose clock was read before a later one took the lock is stamped after it.
    d = services.stop(dossier=d, actor=leader, reason="Không đủ điều kiện", now=MONDAY_9)
    assert not d.steps.filter(state__in=(StepState.ACTIVE, StepState.PENDING)).exists()
    assert d.steps.filter(state=StepState.CLOSED).count() == 4
    last = d.events.order_by("-at", "-id").first()
    assert last.action == Action.STOP and last.to_state == d.state
    assert not selectors.state_disagreements().exists()


def test_the_nightly_check_reports_a_dossier_that_disagrees_with_its_last_event(office):
    from django.core.management import CommandError, call_command

    ours, _theirs, version, staff = office
    d = services.receive_at_desk(
        officer=staff[(ours, Role.DESK_OFFICER)], intake=make_intake(version, ours), now=MONDAY_9
    )
    call_command("check_dossier_states")
    type(d).objects.filter(pk=d.pk).update(state=State.PROCESSING)
    with pytest.raises(CommandError):
        call_command("check_dossier_states")
    assert list(selectors.state_disagreements().values_list("code", flat=True)) == [d.code]


def test_a_fee_request_notifies_the_applicant_and_the_lookup_shows_the_amount(office):
    from motcua.dossiers.api.public import tracking_status
    from motcua.integrations.models import OutboxMessage

    ours, _theirs, version, staff = office
    desk = staff[(ours, Role.DESK_OFFICER)]
    d = services.receive_at_desk(officer=desk, intake=make_intake(version, ours), now=MONDAY_9)
    d = services.await_fees(
        dossier=d,
        actor=actor(desk),
        fees=[{"name": "Lệ phí chứng thực", "amount_vnd": 8000}, {"name": "Phí", "amount_vnd": 2000}],
        now=MONDAY_9,
    )
    event = d.events.get(action=Action.AWAIT_FEES)
    bodies = list(
        OutboxMessage.objects.filter(idempotency_key__startswith=f"{d.code}:{event.pk}:").values_list(
            "body", flat=True
        )
    )
    # the amount in every message: the e-mail as written, the SMS folded to one GSM-7 segment
    assert len(bodies) == 2 and all("10.000" in b for b in bodies) and any("10.000 đồng" in b for b in bodies)
    assert "fees_due" not in tracking_status(d.code)  # the code alone: the state only
    status = tracking_status(d.code, "2345")  # the last four digits of the applicant's ID number
    assert status["fees_due"]["total_vnd"] == 10000
    assert [f["name"] for f in status["fees_due"]["fees"]] == ["Lệ phí chứng thực", "Phí"]
    with pytest.raises(ValidationError):
        services.await_fees(
            dossier=d, actor=actor(desk), fees=[{"name": "Phí", "amount_vnd": 2**70}], now=MONDAY_9
        )


def test_the_postal_return_records_its_item_number(office):
    from motcua.dossiers.models import ResultChannel

    ours, _theirs, version, staff = office
    desk, leader = staff[(ours, Role.DESK_OFFICER)], staff[(ours, Role.AGENCY_LEADER)]
    d = services.receive_at_desk(officer=desk, intake=make_intake(version, ours), now=MONDAY_9)
    d = services.start_processing(dossier=d, actor=actor(desk), now=MONDAY_9)
    for order in (2, 3, 4):
        step = d.steps.get(order=order)
        holder = next(
            s for s in staff.values() if s.agency == ours and step in Pool.of(s, access.roles_of(s))
        )
        d = services.complete_step(dossier=d, actor=actor(holder), step=step, now=MONDAY_9)
    d = services.resolve(dossier=d, actor=actor(leader), now=MONDAY_9)
    response = post_json(
        client_for(desk.user),
        f"/api/v1/dossiers/{d.code}/deliver/",
        {"received_by": "Bưu điện", "channel": ResultChannel.POST},
    )
    assert response.status_code == 400 and response.json()["code"] == "postal_item_number_required"
    response = post_json(
        client_for(desk.user),
        f"/api/v1/dossiers/{d.code}/deliver/",
        {"received_by": "Bưu điện", "channel": ResultChannel.POST, "postal_item_number": "RR123456789VN"},
    )
    assert response.status_code == 200, response.json()
    assert d.events.get(action=Action.DELIVER).data["postal_item_number"] == "RR123456789VN"
