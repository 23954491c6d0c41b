"""A step reaches the holders of the role its position names: the queue (`selectors.my_steps`) and
the permission (`steps.may_act_on_step`) follow one rule (`steps.Pool`)."""

import itertools
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.dossiers import selectors, services, steps, transitions
from motcua.dossiers.models import DossierStep, StepState
from motcua.org.models import Role
from motcua.org.tests.factories import StaffFactory, SubUnitFactory

from .conftest import MONDAY_9, make_intake

Actor = services.Actor.officer
LATER = MONDAY_9.replace(hour=14)

# One stage of parallel steps, so that all of them are active at once.
PROCESS = [
    ("Tiếp nhận, chuyển xử lý", False, "Bộ phận Một cửa"),
    ("Thẩm định hồ sơ", False, "Chuyên viên xử lý"),
    ("Xem xét, trình ký", False, "Lãnh đạo phòng chuyên môn"),
    ("Phê duyệt, ký", False, "Lãnh đạo cơ quan"),
    ("Xác minh", False, "Văn phòng"),  # names no position: no role
    ("Đối chiếu hộ tịch", True, "Công chức Phòng Tư pháp"),  # a step of the ward's unit
]


@pytest.fixture
def legal(ward):
    return SubUnitFactory(parent=ward, name="Phòng Tư pháp")


@pytest.fixture
def dossier(ward, legal, desk):
    version = published_version(code="1.000656", time_amount=5, implementing_agencies=[ward])
    process = ProcessDefinition.objects.create(version=version, agency=ward)
    for order, (work, in_unit, responsible) in enumerate(PROCESS, start=1):
        ProcessStep.objects.create(
            process=process,
            order=order,
            work=work,
            responsible_agency=legal if in_unit else None,
            responsible=responsible,
            amount=2,
            unit="working_day",
            parallel_group=1,
        )
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(version, ward), now=MONDAY_9)
    return services.start_processing(dossier=dossier, actor=Actor(desk), now=MONDAY_9)


@pytest.fixture
def officers(ward, legal, desk, specialist, head):
    return {
        "desk": desk,
        "specialist": specialist,
        "unit_head": StaffFactory(agency=ward, roles=[Role.UNIT_HEAD], full_name="Vũ Thị Trưởng Phòng"),
        "leader": head,
        "legal": StaffFactory(agency=ward, unit=legal, roles=[Role.SPECIALIST], full_name="Ngô Tư Pháp"),
        "control": StaffFactory(agency=ward, roles=[Role.CONTROL_OFFICER]),
    }


def step(dossier, work):
    return dossier.steps.get(work=work)


def roles_of(staff):
    return {r.role for r in staff.roles.all()}


def queue(staff):
    return {s.work for s in selectors.my_steps(staff)}


def test_the_steps_take_the_role_of_their_position(dossier):
    assert {s.work: s.role for s in dossier.steps.all()} == {
        "Tiếp nhận, chuyển xử lý": Role.DESK_OFFICER,
        "Thẩm định hồ sơ": Role.SPECIALIST,
        "Xem xét, trình ký": Role.UNIT_HEAD,
        "Phê duyệt, ký": Role.AGENCY_LEADER,
        "Xác minh": "",
        "Đối chiếu hộ tịch": Role.SPECIALIST,
    }
    assert {s.state for s in dossier.steps.all()} == {StepState.ACTIVE}


def test_each_officer_sees_the_steps_of_their_role_and_may_act_on_exactly_those(dossier, officers):
    expected = {
        "desk": {"Tiếp nhận, chuyển xử lý"},
        "specialist": {"Thẩm định hồ sơ", "Xác minh"},
        "unit_head": {"Xem xét, trình ký", "Xác minh"},
        "leader": {"Phê duyệt, ký", "Xác minh"},
        # the unit's officer: the agency's steps of their role, and their unit's
        "legal": {"Thẩm định hồ sơ", "Xác minh", "Đối chiếu hộ tịch"},
        "control": set(),
    }
    for name, staff in officers.items():
        assert queue(staff) == expected[name], name
        for s in dossier.steps.all():
            assert steps.may_act_on_step(staff, s, roles_of(staff)) == (s.work in expected[name]), (
                name,
                s.work,
            )


def test_a_leader_step_is_completed_by_a_leader_not_a_specialist(dossier, officers):
    sign = step(dossier, "Phê duyệt, ký")
    for name in ("specialist", "unit_head", "desk"):
        with pytest.raises(transitions.RoleNotAllowed):
            services.complete_step(dossier=dossier, actor=Actor(officers[name]), step=sign, now=LATER)
    services.complete_step(dossier=dossier, actor=Actor(officers["leader"]), step=sign, now=LATER)
    sign.refresh_from_db()
    assert (sign.state, sign.completed_by) == (StepState.DONE, officers["leader"].user)


def test_a_specialist_step_is_not_the_heads(dossier, officers):
    check = step(dossier, "Thẩm định hồ sơ")
    for name in ("unit_head", "leader"):
        with pytest.raises(transitions.RoleNotAllowed):
            services.complete_step(dossier=dossier, actor=Actor(officers[name]), step=check, now=LATER)
    services.complete_step(dossier=dossier, actor=Actor(officers["specialist"]), step=check, now=LATER)


def test_a_step_without_a_role_is_any_processing_officers(dossier, officers):
    verify = step(dossier, "Xác minh")
    for name in ("desk", "control"):
        with pytest.raises(transitions.RoleNotAllowed):
            services.complete_step(dossier=dossier, actor=Actor(officers[name]), step=verify, now=LATER)
    services.complete_step(dossier=dossier, actor=Actor(officers["leader"]), step=verify, now=LATER)
    assert step(dossier, "Xác minh").state == StepState.DONE


def test_the_desk_step_is_in_the_desk_officers_queue(dossier, officers):
    desk = officers["desk"]
    lines = selectors.my_work(desk, LATER)
    assert [i.step.work for i in lines if i.step] == ["Tiếp nhận, chuyển xử lý"]
    services.complete_step(
        dossier=dossier, actor=Actor(desk), step=step(dossier, "Tiếp nhận, chuyển xử lý"), now=LATER
    )
    assert not [i for i in selectors.my_work(desk, LATER) if i.step]


def test_a_unit_step_is_its_units(dossier, officers):
    unit_step = step(dossier, "Đối chiếu hộ tịch")
    with pytest.raises(transitions.RoleNotAllowed):
        services.complete_step(
            dossier=dossier, actor=Actor(officers["specialist"]), step=unit_step, now=LATER
        )
    services.complete_step(dossier=dossier, actor=Actor(officers["legal"]), step=unit_step, now=LATER)


def test_naming_an_officer_overrides_the_role(dossier, officers):
    sign = step(dossier, "Phê duyệt, ký")
    specialist, leader, unit_head = officers["specialist"], officers["leader"], officers["unit_head"]
    # a unit head dispatches a step that is not theirs, to an officer without its role
    assert not steps.may_act_on_step(unit_head, sign, roles_of(unit_head))
    assert steps.may_assign_step(unit_head, sign, roles_of(unit_head))
    services.assign_step(step=sign, assignee=specialist, actor=Actor(unit_head), now=LATER)
    assert "Phê duyệt, ký" in queue(specialist)
    assert "Phê duyệt, ký" not in queue(leader)
    with pytest.raises(transitions.RoleNotAllowed):
        services.complete_step(dossier=dossier, actor=Actor(leader), step=sign, now=LATER)
    # the leader may still name someone else
    services.assign_step(step=sign, assignee=leader, actor=Actor(leader), now=LATER)
    assert "Phê duyệt, ký" not in queue(specialist) and "Phê duyệt, ký" in queue(leader)
    services.complete_step(dossier=dossier, actor=Actor(leader), step=sign, now=LATER)
    # specialists name nobody
    with pytest.raises(transitions.RoleNotAllowed):
        services.assign_step(
            step=step(dossier, "Xem xét, trình ký"), assignee=specialist, actor=Actor(specialist), now=LATER
        )


def test_the_queue_filter_and_the_permission_agree_on_every_kind_of_step(
    dossier, officers, police, legal, ward
):
    """Every combination of role, unit, agency and assignee, for officers of every kind."""
    other_unit = SubUnitFactory(parent=ward, name="Phòng Kinh tế")
    people = {
        **officers,
        "both": StaffFactory(agency=ward, roles=[Role.SPECIALIST, Role.UNIT_HEAD]),
        "other_unit_head": StaffFactory(agency=ward, unit=other_unit, roles=[Role.UNIT_HEAD]),
        "police": StaffFactory(agency=police, roles=[Role.SPECIALIST]),
    }
    dossier.steps.all().delete()
    assignees = [None, people["specialist"], people["leader"]]
    rows = [
        DossierStep(
            dossier=dossier,
            order=1,
            work=f"{role or '-'} {getattr(unit, 'name', '-')} {agency.name} {getattr(assignee, 'pk', '-')}",
            agency=agency,
            unit=unit,
            role=role,
            assignee=assignee,
            budget_amount=1,
            budget_unit="working_day",
            state=StepState.ACTIVE,
            due_at=LATER,
        )
        for role, unit, agency, assignee in itertools.product(
            ["", *sorted(steps.STEP_ROLES)], [None, legal, other_unit], [ward, police], assignees
        )
        if unit is None or agency == ward
    ]
    DossierStep.objects.bulk_create(rows)
    every = list(dossier.steps.all())
    for name, staff in people.items():
        roles = roles_of(staff)
        allowed = {s.pk for s in every if steps.may_act_on_step(staff, s, roles)}
        assert set(selectors.my_steps(staff, roles).values_list("pk", flat=True)) == allowed, name
        assert allowed or name == "control", name


def test_the_queue_reads_the_two_step_indexes(dossier, officers, police):
    """Each half of the filter matches an index: assigned to me (state, assignee, due_at) or at
    my agency (state, agency, due_at), the role and the unit being plain filters of the second half
    (an OR across the indexed columns would leave only a scan of every active step)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plan")
    bulk = [
        DossierStep(
            dossier=dossier,
            order=1,
            work="x",
            agency=police if n % 2 else dossier.agency,
            budget_amount=1,
            budget_unit="working_day",
            state=StepState.ACTIVE if n % 2 else StepState.DONE,
        )
        for n in range(6000)
    ]
    DossierStep.objects.bulk_create(bulk, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossierstep")
    sql, params = selectors.my_steps(officers["specialist"]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on dossiers_dossierstep" not in plan, plan
    # the agency half through (state, agency, …); the role is no index condition, only a filter
    assert re.search(r"Index Scan (?:using|on) dossier_step_queue.*\n\s+Index Cond: .*agency_id = ", plan), (
        plan
    )
    assert re.search(r"Index Cond: .*assignee_id = ", plan), plan
    assert "role" not in "".join(line for line in plan.splitlines() if "Index Cond" in line), plan


def test_the_migration_fills_the_roles_of_open_steps(dossier):
    fill = import_module("motcua.dossiers.migrations.0008_open_step_roles").fill
    sign, check = step(dossier, "Phê duyệt, ký"), step(dossier, "Thẩm định hồ sơ")
    DossierStep.objects.filter(pk=check.pk).update(state=StepState.DONE)
    dossier.steps.update(role="")
    fill(apps, None)
    sign.refresh_from_db()
    check.refresh_from_db()
    assert (sign.role, check.role) == (Role.AGENCY_LEADER, "")  # finished steps are left as they were
    assert step(dossier, "Xác minh").role == ""
