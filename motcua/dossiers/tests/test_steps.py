from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from threading import Barrier

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from motcua.dossiers import services, transitions
from motcua.dossiers.models import DossierDocument, DossierStep, StepState
from motcua.dossiers.states import Action, State
from motcua.org.tests.factories import StaffFactory

from .conftest import HANOI, MONDAY_9, make_intake

Actor = services.Actor.officer


def states(dossier):
    return [(s.order, s.work, s.state) for s in dossier.steps.order_by("order", "id")]


def test_processing_starts_the_first_stage_with_its_own_due_time(processing):
    assert processing.state == State.PROCESSING
    steps = list(processing.steps.order_by("order", "id"))
    assert [(s.order, s.state) for s in steps] == [
        (1, StepState.ACTIVE),
        (2, StepState.PENDING),
        (2, StepState.PENDING),
        (3, StepState.PENDING),
    ]
    first = steps[0]
    assert first.started_at == MONDAY_9.replace(minute=30)
    assert first.due_at == datetime(2026, 11, 18, 9, 30, tzinfo=HANOI)  # 2 working days
    assert steps[1].is_interagency and steps[1].agency.name == "Công an Thành phố Hà Nội"
    event = processing.events.get(action=Action.START_PROCESSING)
    assert event.data["steps"] == [first.pk]


def test_without_a_process_one_step_has_the_whole_time(ward, desk):
    from motcua.catalog.tests.factories import published_version

    version = published_version(code="2.000884", time_amount=3, implementing_agencies=[ward])
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(version, ward), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=Actor(desk), now=MONDAY_9)
    step = dossier.steps.get()
    assert (step.state, step.agency, step.due_at) == (StepState.ACTIVE, ward, dossier.due_at)


def test_completing_steps_moves_through_stages_and_records_outcomes(
    processing, specialist, police_officer, head
):
    first = processing.steps.get(order=1)
    later = MONDAY_9 + timedelta(days=1)
    dossier = services.complete_step(
        dossier=processing,
        actor=Actor(specialist),
        step=first,
        note="Hồ sơ hợp lệ",
        files=[("bien-ban.pdf", b"%PDF-1.4 test")],
        now=later,
    )
    first.refresh_from_db()
    assert (first.state, first.outcome, first.completed_by) == (StepState.DONE, "early", specialist.user)
    assert DossierDocument.objects.get(step=first).kind == "step_file"
    police_step, ward_step = dossier.steps.filter(order=2).order_by("id")
    assert police_step.state == ward_step.state == StepState.ACTIVE
    assert police_step.due_at == datetime(
        2026, 11, 25, 9, 0, tzinfo=HANOI
    )  # 5 working days; 24/11 is a holiday
    event = dossier.events.get(action=Action.COMPLETE_STEP)
    assert event.data["step"] == first.pk
    assert event.data["outcome"] == "early"
    assert "Công an" in event.data["to"]
    # the police officer sees and completes their step; the ward's step still runs
    dossier = services.complete_step(
        dossier=dossier, actor=Actor(police_officer), step=police_step, now=later
    )
    assert dossier.steps.get(order=3).state == StepState.PENDING
    services.complete_step(dossier=dossier, actor=Actor(specialist), step=ward_step, now=later)
    approval = dossier.steps.get(order=3)
    assert approval.state == StepState.ACTIVE
    dossier = services.complete_step(
        dossier=dossier, actor=Actor(head), step=approval, now=later + timedelta(days=30)
    )
    approval.refresh_from_db()
    assert approval.outcome == "late"
    assert dossier.state == State.PROCESSING
    assert dossier.events.filter(action=Action.COMPLETE_STEP).last().data["last"] is True


def test_a_step_is_completed_only_by_those_it_belongs_to(processing, police_officer, desk):
    first = processing.steps.get(order=1)
    with pytest.raises(transitions.RoleNotAllowed):
        services.complete_step(dossier=processing, actor=Actor(police_officer), step=first, now=MONDAY_9)
    citizen = services.Actor.applicant()
    with pytest.raises(transitions.RoleNotAllowed):
        services.complete_step(dossier=processing, actor=citizen, step=first, now=MONDAY_9)
    # a pending step cannot be completed yet
    with pytest.raises(transitions.TransitionNotAllowed):
        services.complete_step(
            dossier=processing,
            actor=Actor(police_officer),
            step=processing.steps.filter(order=2).first(),
            now=MONDAY_9,
        )
    assert processing.steps.get(order=1).state == StepState.ACTIVE


def test_assigned_steps_belong_to_the_assignee_and_heads(processing, specialist, head, ward):
    other = StaffFactory(agency=ward, roles=["specialist"])
    first = processing.steps.get(order=1)
    step = services.assign_step(step=first, assignee=other, actor=Actor(head), now=MONDAY_9)
    assert step.assignee == other
    with pytest.raises(transitions.RoleNotAllowed):
        services.assign_step(step=first, assignee=specialist, actor=Actor(specialist), now=MONDAY_9)
    with pytest.raises(transitions.RoleNotAllowed):
        services.complete_step(dossier=processing, actor=Actor(specialist), step=first, now=MONDAY_9)
    services.complete_step(dossier=processing, actor=Actor(other), step=first, now=MONDAY_9)
    assert processing.events.get(action=Action.ASSIGN_STEP).data["to"] == other.full_name


def test_return_to_an_earlier_step_needs_a_reason(processing, specialist, police_officer):
    first = processing.steps.get(order=1)
    dossier = services.complete_step(dossier=processing, actor=Actor(specialist), step=first, now=MONDAY_9)
    with pytest.raises(ValidationError):
        services.return_step(
            dossier=dossier, actor=Actor(police_officer), to_step=first, reason=" ", now=MONDAY_9
        )
    dossier = services.return_step(
        dossier=dossier, actor=Actor(police_officer), to_step=first, reason="Thiếu sơ đồ", now=MONDAY_9
    )
    assert states(dossier) == [
        (1, "Thẩm định hồ sơ", StepState.ACTIVE),
        (2, "Xác minh nhân thân", StepState.RETURNED),
        (2, "Kiểm tra hiện trạng", StepState.RETURNED),
        (3, "Phê duyệt", StepState.PENDING),
    ]
    event = dossier.events.get(action=Action.RETURN_STEP)
    assert event.reason == "Thiếu sơ đồ" and event.data["to_step"] == first.pk
    dossier = services.complete_step(dossier=dossier, actor=Actor(specialist), step=first, now=MONDAY_9)
    assert [s.state for s in dossier.steps.filter(order=2)] == [StepState.ACTIVE, StepState.ACTIVE]


def test_transfer_sequential_and_parallel(processing, specialist, ward, police):
    from motcua.org.tests.factories import AgencyFactory

    tax = AgencyFactory(code="000.00.43.H26", name="Thuế cơ sở 1")
    tax_officer = StaffFactory(agency=tax, roles=["specialist"])
    first = processing.steps.get(order=1)
    dossier = services.transfer(
        dossier=processing,
        actor=Actor(specialist),
        agency=tax,
        work="Xác định nghĩa vụ thuế",
        budget=2,
        now=MONDAY_9,
    )
    first.refresh_from_db()
    assert first.state == StepState.DONE
    new = dossier.steps.get(agency=tax)
    assert (new.order, new.state, new.is_interagency) == (2, StepState.ACTIVE, True)
    assert dossier.steps.filter(order=3).count() == 2  # the parallel stage moved down
    # the tax officer acts on a dossier of another agency: a parallel transfer to the police
    dossier = services.transfer(
        dossier=dossier,
        actor=Actor(tax_officer),
        agency=police,
        work="Đối chiếu",
        budget=1,
        parallel=True,
        now=MONDAY_9,
    )
    stage = list(dossier.steps.filter(order=2))
    assert len(stage) == 2 and all(s.state == StepState.ACTIVE for s in stage)
    assert len({s.parallel_group for s in stage}) == 1
    with pytest.raises(ValidationError):
        services.transfer(
            dossier=dossier, actor=Actor(tax_officer), agency=tax, work="x", budget=1, now=MONDAY_9
        )


def test_a_pause_pushes_active_step_due_times_back(processing, specialist, desk):
    first = processing.steps.get(order=1)
    due = first.due_at
    dossier = services.request_supplement(
        dossier=processing, actor=Actor(specialist), reasons=["Thiếu bản vẽ"], now=MONDAY_9.replace(hour=10)
    )
    papers = [services.PaperData(name="Bản vẽ", kind="copy")]
    dossier = services.supplement(
        dossier=dossier, actor=Actor(desk), papers=papers, now=MONDAY_9.replace(hour=11)
    )
    first.refresh_from_db()
    assert first.due_at == due + timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_two_officers_completing_the_same_step_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on the whole file; row locking is exercised on PostgreSQL")
    from motcua.catalog.tests.factories import published_version
    from motcua.org.tests.factories import CommuneFactory

    ward = CommuneFactory(code="000.00.44.H26")
    version = published_version(code="2.000908", time_amount=3, implementing_agencies=[ward])
    desk = StaffFactory(agency=ward, roles=["desk_officer"])
    a, b = (StaffFactory(agency=ward, roles=["specialist"]) for _ in range(2))
    dossier = services.receive_at_desk(officer=desk, intake=make_intake(version, ward), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=Actor(desk), now=MONDAY_9)
    step = dossier.steps.get()
    barrier = Barrier(2)

    def worker(staff):
        try:
            barrier.wait()
            services.complete_step(dossier=dossier, actor=Actor(staff), step=step, now=MONDAY_9)
            return "ok"
        except transitions.TransitionNotAllowed:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(worker, [a, b]))
    assert results == ["ok", "refused"]
    assert dossier.events.filter(action=Action.COMPLETE_STEP).count() == 1
    assert DossierStep.objects.get(pk=step.pk).state == StepState.DONE
