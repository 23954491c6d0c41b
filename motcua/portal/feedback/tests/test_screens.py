"""The screens: the portal form one thing per page (identity from the account, never the form), the
citizen's list, the published answers (masked, searchable), the queues (overdue first), files only
through views that check access, the dashboard's tile."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.tests.files import image_bytes
from motcua.feedback import services
from motcua.feedback.models import Feedback
from motcua.feedback.states import Category, State
from motcua.feedback.tests.conftest import at, officer
from motcua.portal.accounts import identity


def walk(client, answers):
    for step, data in answers:
        url = (
            reverse("portal:feedback-send")
            if step == "kind"
            else reverse("portal:feedback-send-step", args=[step])
        )
        response = client.post(url, data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    return response


def test_an_anonymous_sender_gives_name_and_contact_one_page_each(client, city):
    walk(
        client,
        [
            ("kind", {"kind": "phan_anh"}),
            ("subject", {"subject": "procedure"}),
            ("about", {"agency": city.pk}),
            ("content", {"title": "Niêm yết cũ", "content": "Bảng niêm yết ghi lệ phí cũ."}),
            ("sender", {"name": "Nguyễn Thị Thu", "phone": "0912000111"}),
        ],
    )
    photo = SimpleUploadedFile("anh.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    response = client.post(reverse("portal:feedback-send-step", args=["review"]), {"files": [photo]})
    item = Feedback.objects.get()
    assert response.url == reverse("portal:feedback-sent", args=[item.code])
    assert (item.sender_name, item.sender_phone, item.sender_user, item.attachments.count()) == (
        "Nguyễn Thị Thu", "0912000111", None, 1,
    )  # fmt: skip
    assert client.get(response.url).status_code == 200


def test_without_contact_the_sender_page_says_so(client, city):
    walk(
        client,
        [
            ("kind", {"kind": "kien_nghi"}),
            ("subject", {"subject": "regulation"}),
            ("about", {"agency": city.pk}),
            ("content", {"title": "T", "content": "C"}),
        ],
    )
    response = client.post(reverse("portal:feedback-send-step", args=["sender"]), {"name": "A"})
    assert response.status_code == 200
    assert "thư điện tử hoặc số điện thoại" in response.content.decode()


def test_a_skipped_page_sends_back_to_it(client, db):
    response = client.get(reverse("portal:feedback-send-step", args=["content"]))
    assert response.url == reverse("portal:feedback-send")


def test_a_logged_in_citizen_is_identified_by_the_verified_account_not_the_form(client, city, citizen):
    client.force_login(citizen)
    session = client.session
    identity.remember(
        session,
        {
            "full_name": "Trần Thị Lan",
            "email": "lan@vneid.vn",
            "phone": "0901234567",
            "id_number": "001190012345",
        },
    )
    session.save()
    walk(
        client,
        [
            ("kind", {"kind": "phan_anh"}),
            ("subject", {"subject": "procedure"}),
            ("about", {"agency": city.pk}),
            ("content", {"title": "T", "content": "C"}),
        ],
    )
    # No "who are you" page for a logged-in citizen; a name slipped into the form is ignored.
    assert client.get(reverse("portal:feedback-send-step", args=["sender"])).status_code == 404
    client.post(reverse("portal:feedback-send-step", args=["review"]), {"name": "Kẻ Giả Danh"})
    item = Feedback.objects.get()
    assert (item.sender_name, item.sender_email, item.sender_user, item.sender_verified) == (
        "Trần Thị Lan", "lan@vneid.vn", citizen, True,
    )  # fmt: skip


@pytest.fixture
def published(send, ward, controller, ward_officer):
    item = send(at(16), title="Chậm hồ sơ", content="Tôi là Trần Thị Lan, gọi 0912345678.")
    services.route(
        feedback=item, actor=officer(controller), category=Category.DOSSIER_HANDLING, agency=ward, now=at(16)
    )
    services.answer(feedback=item, actor=officer(ward_officer), text="Đã liên hệ bà Lan.", now=at(17))
    return item


def test_the_office_sees_the_masked_draft_and_publishes_it(client, published, controller):
    client.force_login(controller.user)
    page = client.get(reverse("office:feedback", args=[published.code])).content.decode()
    assert "[họ tên]" in page and "[số điện thoại]" in page
    draft = {
        "title": "Chậm hồ sơ",
        "content": "Tôi là [họ tên], gọi [số điện thoại].",
        "answer": "Đã liên hệ bà [họ tên].",
    }
    response = client.post(
        reverse("office:feedback", args=[published.code]), {"action": "publish", **draft, "confirmed": "on"}
    )
    assert response.status_code == 302
    public = client.get(reverse("portal:feedback"), {"q": "Chậm"}).content.decode()
    assert "Chậm hồ sơ" in public and "0912345678" not in public and "Trần Thị Lan" not in public
    detail = client.get(reverse("portal:feedback-published", args=[published.code])).content.decode()
    assert "Đã liên hệ bà [họ tên]." in detail and "Lan" not in detail.split("<main")[1]


def test_the_public_list_shows_nothing_unpublished(client, published):
    assert client.get(reverse("portal:feedback-published", args=[published.code])).status_code == 404
    assert "Chậm hồ sơ" not in client.get(reverse("portal:feedback")).content.decode()


def test_the_citizen_rates_in_their_account_and_sees_only_their_own(
    client, published, controller, citizen, db
):
    from django.contrib.auth import get_user_model

    services.publish_answer(
        feedback=published,
        actor=officer(controller),
        title="T",
        content="C",
        answer="A",
        confirmed=True,
        now=at(18),
    )
    client.force_login(citizen)
    assert published.code in client.get(reverse("portal:my-feedback")).content.decode()
    url = reverse("portal:my-feedback-detail", args=[published.code])
    assert client.post(url, {"action": "rate", "rating": "1"}).status_code == 302
    assert Feedback.objects.get(pk=published.pk).rating == 1
    client.force_login(get_user_model().objects.create_user("khac"))
    assert client.get(url).status_code == 404


def test_files_are_served_only_to_who_may_see_the_item(client, send, citizen, other_officer, controller):
    item = send(at(16), files=[SimpleUploadedFile("a.png", image_bytes(), content_type="image/png")])
    pk = item.attachments.get().pk
    client.force_login(citizen)
    assert client.get(reverse("portal:my-feedback-file", args=[item.code, pk])).status_code == 200
    client.force_login(other_officer.user)
    assert client.get(reverse("office:feedback_file", args=[item.code, pk])).status_code == 404
    client.force_login(controller.user)
    assert client.get(reverse("office:feedback_file", args=[item.code, pk])).status_code == 200
    client.logout()
    assert client.get(reverse("portal:my-feedback-file", args=[item.code, pk])).status_code == 302


def test_the_queues_put_overdue_first_with_the_time_left(client, send, ward, controller, ward_officer):
    from django.utils import timezone

    now = timezone.now()
    fresh = send(now, title="Mới")
    old = send(now - dt.timedelta(days=10), title="Cũ")
    client.force_login(controller.user)
    page = client.get(reverse("office:feedback_queue")).content.decode()
    assert page.index(old.code) < page.index(fresh.code)
    assert "Quá hạn" in page and "Còn" in page
    client.force_login(ward_officer.user)
    assert fresh.code not in client.get(reverse("office:feedback_queue")).content.decode()  # not routed to it
    services.route(
        feedback=fresh, actor=officer(controller), category=Category.DOSSIER_HANDLING, agency=ward, now=now
    )
    assert fresh.code in client.get(reverse("office:feedback_queue")).content.decode()


def test_the_control_office_routes_from_its_screen_and_the_agency_cannot(
    client, send, ward, controller, ward_officer
):
    item = send(at(16))
    client.force_login(ward_officer.user)
    assert client.get(reverse("office:feedback", args=[item.code])).status_code == 404
    client.force_login(controller.user)
    response = client.post(
        reverse("office:feedback", args=[item.code]),
        {"action": "route", "category": "dossier_handling", "agency": ward.pk},
    )
    assert response.status_code == 302 and Feedback.objects.get(pk=item.pk).state == State.ROUTED


def test_the_hotline_officer_enters_a_call(client, controller, city):
    client.force_login(controller.user)
    response = client.post(
        reverse("office:feedback_new"),
        {"channel": "hotline", "kind": "phan_anh", "subject": "conduct", "agency": city.pk, "title": "Thái độ",
         "content": "Người gọi phản ánh.", "name": "Người gọi", "phone": "0912000111"},
    )  # fmt: skip
    item = Feedback.objects.get()
    assert response.status_code == 302 and (item.channel, item.entered_by) == ("hotline", controller.user)
