"""The life of a feedback item: every change an audit event, the table decides who may do what,
reopening once, linking repeats, the sender told through the outbox, the same upload rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.tests.files import image_bytes
from motcua.feedback import services
from motcua.feedback.access import Actor, visible_feedback
from motcua.feedback.models import FeedbackEvent
from motcua.feedback.states import Category, Rating, State
from motcua.integrations.models import OutboxMessage

from .conftest import at, officer


@pytest.fixture
def answered(send, ward, controller, ward_officer):
    item = send(at(16))
    services.route(
        feedback=item,
        actor=officer(controller),
        category=Category.DOSSIER_HANDLING,
        agency=ward,
        now=at(16, 10),
    )
    return services.answer(feedback=item, actor=officer(ward_officer), text="Đã giải quyết.", now=at(18))


def publish(item, controller, now):
    return services.publish_answer(
        feedback=item, actor=officer(controller), title="T", content="C", answer="A", confirmed=True, now=now
    )


def test_every_change_is_an_audit_event_with_who_when_and_the_state_before(answered, controller):
    publish(answered, controller, at(19))
    events = list(
        FeedbackEvent.objects.filter(feedback=answered).values_list(
            "action", "from_state", "to_state", "actor_label"
        )
    )
    assert events == [
        ("submit", "", "received", "Trần Thị Lan"),
        ("route", "received", "routed", "Đoàn Thị Kiểm"),
        ("answer", "routed", "answered", "Phạm Quốc Toàn"),
        ("publish", "answered", "published", "Đoàn Thị Kiểm"),
    ]


def test_the_sender_is_told_through_the_outbox(answered, controller):
    publish(answered, controller, at(19))
    subjects = list(
        OutboxMessage.objects.filter(recipient="lan@example.vn").values_list("subject", flat=True)
    )
    assert any("đã có trả lời" in s for s in subjects) and any("Đã tiếp nhận" in s for s in subjects)


def test_only_the_table_allows_an_action(send, ward, controller, ward_officer, other_officer):
    item = send(at(16))
    with pytest.raises(PermissionDenied):  # the agency cannot answer before it is routed to it
        services.answer(feedback=item, actor=officer(ward_officer), text="x", now=at(16))
    services.route(
        feedback=item, actor=officer(controller), category=Category.DOSSIER_HANDLING, agency=ward, now=at(16)
    )
    with pytest.raises(PermissionDenied):  # another agency's officer
        services.answer(feedback=item, actor=officer(other_officer), text="x", now=at(16))
    with pytest.raises(PermissionDenied):  # the control office does not answer for the agency
        services.answer(feedback=item, actor=officer(controller), text="x", now=at(16))


def test_publishing_needs_the_officers_confirmation(answered, controller):
    with pytest.raises(ValidationError) as error:
        services.publish_answer(
            feedback=answered,
            actor=officer(controller),
            title="T",
            content="C",
            answer="A",
            confirmed=False,
            now=at(19),
        )
    assert error.value.error_dict["confirmed"][0].code == "not_confirmed"


def test_a_dissatisfied_sender_may_reopen_once(answered, controller, citizen, ward_officer):
    sender = Actor.sender(citizen, "Trần Thị Lan")
    publish(answered, controller, at(19))
    with pytest.raises(ValidationError):  # not rated dissatisfied: no reopening
        services.reopen(feedback=answered, actor=sender, reason="Chưa rõ", now=at(20))
    services.rate(feedback=answered, actor=sender, rating=Rating.NOT_SATISFIED, now=at(20))
    with pytest.raises(ValidationError):  # one rating per answer
        services.rate(feedback=answered, actor=sender, rating=Rating.SATISFIED, now=at(20))
    again = services.reopen(feedback=answered, actor=sender, reason="Chưa giải quyết", now=at(23, 9))
    assert (again.state, again.reopen_count, again.handle_due_at) == (
        State.ROUTED,
        1,
        at(15, 9, month=12),
    )  # 15 working days, 24/11 a holiday
    services.answer(feedback=again, actor=officer(ward_officer), text="Đã xem lại.", now=at(24))
    publish(again, controller, at(25))
    services.rate(feedback=again, actor=sender, rating=Rating.NOT_SATISFIED, now=at(26))  # the new answer
    with pytest.raises(ValidationError) as error:
        services.reopen(feedback=again, actor=sender, reason="Lần nữa", now=at(27))
    assert error.value.error_dict["reason"][0].code == "reopened_already"


def test_only_the_sender_rates_and_reopens(answered, controller, db):
    from django.contrib.auth import get_user_model

    publish(answered, controller, at(19))
    stranger = get_user_model().objects.create_user("khac")
    with pytest.raises(PermissionDenied):
        services.rate(feedback=answered, actor=Actor.sender(stranger, "Khác"), rating=1, now=at(20))


def test_a_repeat_is_linked_to_the_first_not_counted_again(send, controller):
    first = send(at(16))
    second = send(at(17))
    third = send(at(18))
    services.link_repeat(feedback=second, actor=officer(controller), original=first, now=at(17, 10))
    linked = services.link_repeat(feedback=third, actor=officer(controller), original=second, now=at(18, 10))
    assert linked.state == State.LINKED and linked.repeat_of == first  # to the first, not a chain
    with pytest.raises(ValidationError):
        services.link_repeat(feedback=first, actor=officer(controller), original=first, now=at(18))


def test_a_dossier_is_linked_by_its_code_and_an_unknown_code_is_refused(send):
    with pytest.raises(ValidationError) as error:
        send(at(16), dossier_code="KHONG-CO")
    assert error.value.error_dict["dossier_code"][0].code == "dossier_unknown"


def test_attachments_pass_the_one_upload_check(send):
    photo = SimpleUploadedFile("anh.png", image_bytes(), content_type="image/png")
    item = send(at(16), files=[photo])
    assert item.attachments.get().content_type == "image/png"
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 not an image", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        send(at(16), files=[fake])
    assert error.value.error_dict["files"][0].code == "file_type"


def test_a_citizen_sees_only_their_own_and_an_agency_only_what_was_routed_to_it(
    send, city, ward, controller, ward_officer, other_officer, citizen
):
    from django.contrib.auth import get_user_model

    mine = send(at(16))
    other_user = get_user_model().objects.create_user("congdan2")
    theirs = send(
        at(16), user=other_user, sender=services.Sender(name="B", email="b@example.vn", user=other_user)
    )
    assert list(visible_feedback(citizen)) == [mine]
    assert set(visible_feedback(controller.user)) == {mine, theirs}
    assert list(visible_feedback(ward_officer.user)) == []  # not routed yet
    services.route(
        feedback=mine, actor=officer(controller), category=Category.DOSSIER_HANDLING, agency=ward, now=at(16)
    )
    assert list(visible_feedback(ward_officer.user)) == [mine]
    assert list(visible_feedback(other_officer.user)) == []
