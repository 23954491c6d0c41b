from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.tests.factories import published_version
from motcua.dossiers import services, transitions
from motcua.dossiers.models import Dossier, DossierEvent, DossierPause
from motcua.dossiers.states import Action, Channel, State
from motcua.org.tests.factories import CommuneFactory, StaffFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)


@pytest.fixture
def desk(commune):
    return StaffFactory(agency=commune, roles=["desk_officer"])


@pytest.fixture
def leader(commune):
    return StaffFactory(agency=commune, roles=["agency_leader"])


def citizen(**overrides):
    data = {"kind": "0", "full_name": "Trần Thị Lan", "id_number": "001190012345", "phone": "0912345678"}
    data.update(overrides)
    return services.ApplicantData(**data)


def intake(version, commune, **overrides):
    tokhai = version.requirements.get(name="Tờ khai")
    values = {
        "version": version,
        "agency": commune,
        "applicant": citizen(),
        "papers": [services.PaperData(name=tokhai.name, kind="original", requirement_id=tokhai.pk)],
    }
    values.update(overrides)
    return services.Intake(**values)


def test_desk_intake_codes_promises_and_records(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    assert dossier.code == "000.00.31.H26-261116-0001"
    assert dossier.state == State.RECEIVED
    assert dossier.due_at == datetime(2026, 11, 19, 9, 0, tzinfo=HANOI)  # 3 working days, same time
    event = dossier.events.get()
    assert (event.action, event.from_state, event.to_state, event.actor) == (
        Action.RECEIVE,
        None,
        State.RECEIVED,
        desk.user,
    )
    assert dossier.papers.count() == 1


def test_intake_without_a_mandatory_paper_is_refused_and_writes_nothing(version, commune, desk):
    with pytest.raises(ValidationError) as error:
        services.receive_at_desk(officer=desk, intake=intake(version, commune, papers=[]), now=MONDAY_9)
    assert "Thiếu giấy tờ bắt buộc: Tờ khai." in error.value.message_dict["papers"]
    assert not Dossier.objects.exists()


def test_a_wrong_personal_id_is_named(version, commune, desk):
    bad = intake(version, commune, applicant=citizen(id_number="12345"))
    with pytest.raises(ValidationError) as error:
        services.receive_at_desk(officer=desk, intake=bad, now=MONDAY_9)
    assert "id_number" in error.value.message_dict
    assert not Dossier.objects.exists()


def test_only_desk_officers_receive(version, commune, leader):
    with pytest.raises(transitions.RoleNotAllowed):
        services.receive_at_desk(officer=leader, intake=intake(version, commune), now=MONDAY_9)


def test_an_agency_without_competence_cannot_receive(version, desk):
    other = CommuneFactory(code="000.00.32.H26")
    other_desk = StaffFactory(agency=other, roles=["desk_officer"])
    with pytest.raises(ValidationError) as error:
        services.receive_at_desk(officer=other_desk, intake=intake(version, other), now=MONDAY_9)
    assert "agency" in error.value.message_dict


def test_postal_intake_needs_the_item_number(version, commune, desk):
    with pytest.raises(ValidationError):
        services.receive_at_desk(
            officer=desk, intake=intake(version, commune, channel=Channel.POST), now=MONDAY_9
        )
    dossier = services.receive_at_desk(
        officer=desk,
        intake=intake(version, commune, channel=Channel.POST, postal_item_number="EB123456789VN"),
        now=MONDAY_9,
    )
    assert dossier.channel == Channel.POST


def test_supplement_pauses_the_clock_and_pushes_the_promise_back(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    officer = services.Actor.officer(desk)
    dossier = services.request_supplement(
        dossier=dossier, actor=officer, reasons=["Tờ khai thiếu chữ ký"], now=MONDAY_9 + timedelta(hours=1)
    )
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert DossierPause.objects.get(dossier=dossier).ended_at is None
    # The applicant comes back two working days later, at the same hour, with the signed form.
    tokhai = version.requirements.get(name="Tờ khai")
    dossier = services.supplement(
        dossier=dossier,
        actor=services.Actor.applicant(),
        papers=[services.PaperData(name="", kind="original", requirement_id=tokhai.pk)],
        now=datetime(2026, 11, 18, 10, 0, tzinfo=HANOI),
    )
    assert dossier.state == State.RECEIVED
    assert dossier.due_at == datetime(2026, 11, 23, 9, 0, tzinfo=HANOI)  # 19/11 09:00 + 2 working days
    assert dossier.original_due_at == datetime(2026, 11, 19, 9, 0, tzinfo=HANOI)


def test_a_second_supplement_request_is_allowed_but_flagged(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    officer = services.Actor.officer(desk)
    for hour in (10, 14):
        dossier = services.request_supplement(
            dossier=dossier, actor=officer, reasons=["Thiếu bản sao"], now=MONDAY_9.replace(hour=hour)
        )
        dossier = services.supplement(
            dossier=dossier,
            actor=officer,
            papers=[services.PaperData(name="Bản sao giấy khai sinh", kind="copy")],
            now=MONDAY_9.replace(hour=hour, minute=30),
        )
    flags = [e.data["repeated"] for e in dossier.events.filter(action=Action.REQUEST_SUPPLEMENT)]
    assert flags == [False, True]
    assert dossier.supplement_requests == 2


def test_a_supplement_request_needs_reasons(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    with pytest.raises(ValidationError):
        services.request_supplement(
            dossier=dossier, actor=services.Actor.officer(desk), reasons=[" "], now=MONDAY_9
        )
    assert Dossier.objects.get().state == State.RECEIVED


def test_whole_life_at_the_desk(version, commune, desk, leader):
    officer, approver = services.Actor.officer(desk), services.Actor.officer(leader)
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    dossier = services.start_processing(dossier=dossier, actor=officer, now=MONDAY_9 + timedelta(minutes=5))
    with pytest.raises(transitions.TransitionNotAllowed):  # the process is not finished
        services.resolve(dossier=dossier, actor=approver, now=MONDAY_9 + timedelta(hours=1))
    step = dossier.steps.get()
    dossier = services.complete_step(
        dossier=dossier, actor=approver, step=step, now=MONDAY_9 + timedelta(hours=2)
    )
    dossier = services.resolve(dossier=dossier, actor=approver, now=MONDAY_9 + timedelta(days=1))
    dossier = services.deliver(
        dossier=dossier, actor=officer, received_by="Trần Thị Lan", now=MONDAY_9 + timedelta(days=1, hours=2)
    )
    assert dossier.state == State.RETURNED
    assert dossier.finished_at == MONDAY_9 + timedelta(days=1)
    assert list(dossier.events.values_list("to_state", flat=True)) == [
        State.RECEIVED,
        State.PROCESSING,
        State.PROCESSING,
        State.RESOLVED,
        State.RETURNED,
    ]


def test_forbidden_transitions_change_nothing(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    with pytest.raises(transitions.TransitionNotAllowed):
        services.deliver(dossier=dossier, actor=services.Actor.officer(desk), received_by="X", now=MONDAY_9)
    with pytest.raises(transitions.TransitionNotAllowed):
        services.resolve(dossier=dossier, actor=services.Actor.officer(desk), now=MONDAY_9)
    assert Dossier.objects.get().state == State.RECEIVED
    assert DossierEvent.objects.count() == 1
    dossier = services.start_processing(dossier=dossier, actor=services.Actor.officer(desk), now=MONDAY_9)
    with pytest.raises(transitions.RoleNotAllowed):
        services.resolve(dossier=dossier, actor=services.Actor.officer(desk), now=MONDAY_9)
    assert Dossier.objects.get().state == State.PROCESSING


def test_officers_of_another_agency_cannot_act(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    stranger = StaffFactory(agency=CommuneFactory(code="000.00.33.H26"), roles=["desk_officer"])
    with pytest.raises(transitions.RoleNotAllowed):
        services.start_processing(dossier=dossier, actor=services.Actor.officer(stranger), now=MONDAY_9)


def test_extension_must_come_before_the_deadline_and_move_it_later(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    officer = services.Actor.officer(desk)
    with pytest.raises(ValidationError):
        services.extend(
            dossier=dossier, actor=officer, reason="Chờ xác minh", new_due=dossier.due_at, now=MONDAY_9
        )
    with pytest.raises(ValidationError):
        services.extend(
            dossier=dossier,
            actor=officer,
            reason="Chờ xác minh",
            new_due=dossier.due_at + timedelta(days=3),
            now=dossier.due_at + timedelta(minutes=1),
        )
    later = dossier.due_at + timedelta(days=2)
    dossier = services.extend(
        dossier=dossier, actor=officer, reason="Chờ xác minh", new_due=later, now=MONDAY_9
    )
    assert dossier.due_at == later
    assert dossier.original_due_at == datetime(2026, 11, 19, 9, 0, tzinfo=HANOI)


def test_online_submission_is_accepted_by_the_desk_and_the_clock_starts_then(version, commune, desk):
    dossier = services.submit_online(intake=intake(version, commune), now=MONDAY_9, idempotency_key="abc")
    assert (dossier.state, dossier.channel, dossier.due_at) == (State.SUBMITTED, Channel.ONLINE, None)
    again = services.submit_online(intake=intake(version, commune), now=MONDAY_9, idempotency_key="abc")
    assert again.pk == dossier.pk and Dossier.objects.count() == 1
    accepted = services.accept_submission(
        dossier=dossier, actor=services.Actor.officer(desk), now=MONDAY_9 + timedelta(days=1)
    )
    assert accepted.state == State.RECEIVED
    assert accepted.due_at == datetime(2026, 11, 20, 9, 0, tzinfo=HANOI)


def test_a_desk_retry_with_the_same_key_returns_the_first_dossier(version, commune, desk):
    dossier = services.receive_at_desk(
        officer=desk, intake=intake(version, commune), now=MONDAY_9, idempotency_key="desk:1"
    )
    assert dossier.idempotency_key == "desk:1"
    again = services.receive_at_desk(
        officer=desk,
        intake=intake(version, commune),
        now=MONDAY_9 + timedelta(minutes=1),
        idempotency_key="desk:1",
    )
    assert again.pk == dossier.pk
    assert Dossier.objects.count() == 1 and DossierEvent.objects.count() == 1
    # Without a key, or with another one, each call receives a dossier.
    other = services.receive_at_desk(
        officer=desk, intake=intake(version, commune), now=MONDAY_9, idempotency_key="desk:2"
    )
    plain = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    assert len({dossier.pk, other.pk, plain.pk}) == 3
    assert plain.idempotency_key is None


def test_the_applicant_may_withdraw_but_not_accept_their_own_submission(version, commune, desk):
    dossier = services.submit_online(intake=intake(version, commune), now=MONDAY_9)
    applicant = services.Actor.applicant()
    with pytest.raises(transitions.RoleNotAllowed):
        services.accept_submission(dossier=dossier, actor=applicant, now=MONDAY_9)
    dossier = services.withdraw(dossier=dossier, actor=applicant, reason="Nộp nhầm thủ tục", now=MONDAY_9)
    assert dossier.state == State.WITHDRAWN


def test_the_event_log_is_append_only(version, commune, desk):
    dossier = services.receive_at_desk(officer=desk, intake=intake(version, commune), now=MONDAY_9)
    event = dossier.events.get()
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).update(reason="sửa")
    with pytest.raises(TypeError):
        event.delete()


def test_a_half_working_day_limit_is_four_working_hours(commune, desk):
    version = published_version(
        code="2.000884",
        time_amount="0.5",
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
    )
    # 09:00 + 4 working hours: 3 before the lunch break, 1 after it.
    assert services.promised_time(version=version, agency=commune, received_at=MONDAY_9) == MONDAY_9.replace(
        hour=14
    )


def test_an_event_sends_its_messages_and_renders_its_form_in_one_task(
    version, commune, desk, monkeypatch, django_capture_on_commit_callbacks
):
    from motcua.dossiers import tasks
    from motcua.dossiers.models import DocumentKind
    from motcua.integrations.models import OutboxMessage

    Status = OutboxMessage.Status

    published = []
    deliver = tasks.after_event.delay
    monkeypatch.setattr(tasks.after_event, "delay", lambda *args: (published.append(args), deliver(*args)))
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.receive_at_desk(
            officer=desk,
            intake=intake(version, commune, applicant=citizen(email="lan@example.vn")),
            now=MONDAY_9,
        )
    event = dossier.events.get()
    messages = OutboxMessage.objects.order_by("channel")
    assert published == [
        (event.pk, DocumentKind.RECEIPT, [m.pk for m in OutboxMessage.objects.order_by("pk")])
    ]
    assert [(m.channel, m.status) for m in messages] == [("email", Status.SENT), ("sms", Status.SENT)]
    assert dossier.documents.filter(kind=DocumentKind.RECEIPT, event=event).count() == 1


def test_a_rolled_back_intake_queues_nothing(
    version, commune, desk, monkeypatch, django_capture_on_commit_callbacks
):
    from motcua.dossiers import tasks

    published = []
    monkeypatch.setattr(tasks.after_event, "delay", lambda *args: published.append(args))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.receive_at_desk(
            officer=desk, intake=intake(version, commune, applicant=citizen(id_number="12345")), now=MONDAY_9
        )
    assert published == []
