import re
import uuid
from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.tests.factories import published_version
from motcua.core.testing import query_budget
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import HANOI, login, receive

MONDAY_9 = datetime(2026, 11, 16, 9, 0, tzinfo=HANOI)
from motcua.core.tests.files import PDF, PNG  # noqa: E402


def at(moment):
    return mock.patch("motcua.office.views.timezone.now", return_value=moment)


# --- access ----------------------------------------------------------------------------------


def test_anonymous_officers_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("office:queue"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("office:login"))


def test_a_user_who_is_not_an_officer_gets_a_403(client, db):
    user = get_user_model().objects.create_user("citizen", password="x")
    client.force_login(user)
    response = client.get(reverse("office:queue"))
    assert response.status_code == 403
    assert "Chỉ cán bộ, công chức" in response.content.decode()


def test_login_leads_to_my_work(client, desk):
    page = client.get(reverse("office:login"))
    assert 'autocomplete="current-password"' in page.content.decode()
    response = client.post(
        reverse("office:login"), {"username": desk.user.username, "password": "motcua-test"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("office:queue")


def test_the_site_header_links_to_the_workspace_for_officers(client, desk):
    login(client, desk)
    assert reverse("office:queue") in client.get(reverse("home")).content.decode()


# --- intake ----------------------------------------------------------------------------------


def test_procedure_search_ignores_diacritics_and_keeps_to_the_agency(client, desk, version):
    published_version(code="1.000894", name="Đăng ký kết hôn", implementing_agencies=[CommuneFactory()])
    login(client, desk)
    response = client.get(
        reverse("office:intake_procedures"), {"q": "dang ky khai sinh"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Đăng ký khai sinh" in html and f"version={version.pk}" in html
    assert "kết hôn" not in client.get(reverse("office:intake_procedures"), {"q": "ket hon"}).content.decode()


def test_the_intake_form_lists_papers_by_case_and_shows_the_promised_time(client, desk, version):
    login(client, desk)
    with at(MONDAY_9):
        html = client.get(reverse("office:intake"), {"version": version.pk}).content.decode()
    assert "Tờ khai đăng ký khai sinh" in html and "Giấy chứng sinh" in html
    assert "<h3>Trường hợp ủy quyền</h3>" in html
    assert html.count('class="req"') == 2  # the two mandatory papers
    assert 'datetime="2026-11-19T09:00:00+07:00"' in html  # 3 working days later


def test_the_promised_time_respects_the_same_day_cut_off(client, desk, commune):
    same_day = published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        time_unit="same_day",
        time_amount=None,
        implementing_agencies=[commune],
    )
    login(client, desk)
    url = reverse("office:intake_promised")
    params = {"version": same_day.pk, "agency": commune.pk}
    with at(MONDAY_9.replace(hour=14)):
        before = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
    with at(MONDAY_9.replace(hour=15, minute=30)):
        after = client.get(url, params, HTTP_HX_REQUEST="true").content.decode()
    assert "16/11/2026" in before
    assert "17/11/2026" in after and "16/11/2026 " not in after.split("data-promised")[1]


def test_the_applicant_is_prefilled_from_an_earlier_dossier(client, desk, version, commune):
    receive(
        version, commune, desk, full_name="Nguyễn Thị Hoa", id_number="001190012345", address="12 Hàng Bạc"
    )
    login(client, desk)
    html = client.get(reverse("office:intake_applicant"), {"id_number": "001 190 012345"}).content.decode()
    assert 'value="Nguyễn Thị Hoa"' in html and 'value="12 Hàng Bạc"' in html
    assert "Đã có trong hệ thống" in html
    html = client.get(reverse("office:intake_applicant"), {"id_number": "001190099999"}).content.decode()
    assert "Chưa có người nộp" in html


def intake_post(version, commune, **overrides):
    mandatory = version.requirements.filter(mandatory=True)
    data = {
        "version": version.pk,
        "agency": commune.pk,
        "channel": 1,
        "return_channel": 1,
        "kind": "0",
        "id_number": "001190012345",
        "full_name": "Trần Thị Lan",
        "phone": "0912345678",
    }
    for req in mandatory:
        data[f"paper_{req.pk}"] = "on"
        data[f"count_{req.pk}"] = 1
        data[f"kind_{req.pk}"] = "original"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_confirming_the_intake_receives_the_dossier_and_offers_the_receipt(client, desk, version, commune):
    login(client, desk)
    first = version.requirements.filter(mandatory=True).first()
    data = intake_post(version, commune)
    data[f"file_{first.pk}"] = SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")
    with at(MONDAY_9):
        response = client.post(reverse("office:intake"), data)
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:dossier", args=[dossier.code]) + "?moi=1"
    assert dossier.state == State.RECEIVED and dossier.received_by == desk.user
    assert dossier.papers.count() == 2
    scanned = dossier.papers.get(requirement=first)
    assert scanned.source == "scanned" and scanned.file.read().startswith(b"%PDF")
    page = client.get(response["Location"]).content.decode()
    assert reverse("office:print", args=[dossier.code, "mau_01"]) in page
    assert "Đã tiếp nhận hồ sơ." in page


def test_a_missing_mandatory_paper_is_shown_inline_and_nothing_is_written(client, desk, version, commune):
    login(client, desk)
    req = version.requirements.get(name="Giấy chứng sinh")
    data = intake_post(version, commune, **{f"paper_{req.pk}": None})
    response = client.post(reverse("office:intake"), data)
    assert response.status_code == 422
    assert "Thiếu giấy tờ bắt buộc: Giấy chứng sinh." in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_wrong_personal_id_is_shown_next_to_the_field(client, desk, version, commune):
    login(client, desk)
    response = client.post(reverse("office:intake"), intake_post(version, commune, id_number="12345"))
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_number_err"' in html and 'aria-invalid="true"' in html
    assert not Dossier.objects.exists()


def test_a_disguised_scan_is_refused(client, desk, version, commune):
    login(client, desk)
    req = version.requirements.filter(mandatory=True).first()
    data = intake_post(version, commune)
    data[f"file_{req.pk}"] = SimpleUploadedFile(
        "to-khai.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(reverse("office:intake"), data)
    assert response.status_code == 422
    assert "không phải là PDF" in response.content.decode()
    assert not Dossier.objects.exists()


def test_the_same_intake_screen_sent_twice_receives_one_dossier(client, desk, version, commune):
    login(client, desk)
    page = client.get(reverse("office:intake") + f"?version={version.pk}").content.decode()
    token = re.search(r'name="submission" value="([0-9a-f]{32})"', page).group(1)
    data = intake_post(version, commune, submission=token)
    with at(MONDAY_9):
        first = client.post(reverse("office:intake"), data)
        again = client.post(reverse("office:intake"), data)  # a double click, or the browser resending
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]
    assert Dossier.objects.count() == 1
    # a new screen, a new token: the next applicant's dossier is received
    other = client.get(reverse("office:intake") + f"?version={version.pk}").content.decode()
    assert re.search(r'name="submission" value="([0-9a-f]{32})"', other).group(1) != token
    with at(MONDAY_9):
        client.post(reverse("office:intake"), intake_post(version, commune, submission=uuid.uuid4().hex))
    assert Dossier.objects.count() == 2


def test_postal_intake_needs_the_item_number(client, desk, version, commune):
    login(client, desk)
    response = client.post(reverse("office:intake"), intake_post(version, commune, channel=3))
    assert response.status_code == 422
    assert "số hiệu bưu gửi" in response.content.decode()
    response = client.post(
        reverse("office:intake"), intake_post(version, commune, channel=3, postal_item_number="EB123456789VN")
    )
    assert response.status_code == 302
    assert Dossier.objects.get().postal_item_number == "EB123456789VN"


def test_the_desk_hands_its_channel_to_the_intake_command(client, desk, version, commune):
    """The office passes the desk channel explicitly (never None, never online): the intake command
    holds the rule, the screen only says where the dossier was received."""
    from motcua.dossiers import services

    login(client, desk)
    with mock.patch.object(services, "receive_at_desk", wraps=services.receive_at_desk) as intake:
        response = client.post(reverse("office:intake"), intake_post(version, commune))
    assert response.status_code == 302
    assert intake.call_args.kwargs["intake"].channel == Channel.DESK
    assert Dossier.objects.get().channel == Channel.DESK
    # the form offers no online channel: the screen cannot hand one over
    response = client.post(
        reverse("office:intake"), intake_post(version, commune, channel=int(Channel.ONLINE))
    )
    assert response.status_code == 422
    assert Dossier.objects.count() == 1


def test_only_desk_officers_open_the_intake_screen(client, specialist):
    login(client, specialist)
    response = client.get(reverse("office:intake"))
    assert response.status_code == 403


# --- my work ---------------------------------------------------------------------------------


def test_my_work_is_sorted_by_time_left_and_coloured(client, desk, version, commune):
    now = timezone.now()
    late = receive(version, commune, desk, now=now - timedelta(days=10))
    fresh = receive(version, commune, desk, now=now)
    login(client, desk)
    html = client.get(reverse("office:queue")).content.decode()
    assert html.index(late.code) < html.index(fresh.code)
    assert 'tr class="band-overdue"' in html and 'tr class="band-on_track"' in html
    assert '<span class="num" data-band="overdue">1</span>' in html
    assert '<span class="num" data-band="on_track">1</span>' in html
    partial = client.get(reverse("office:queue"), HTTP_HX_REQUEST="true").content.decode()
    assert partial.startswith('<div id="queue"') and "<html" not in partial


def test_my_work_renders_a_page_of_rows_and_more(client, desk, version, commune, monkeypatch):
    from motcua.office import queue

    monkeypatch.setattr(queue, "PAGE", 2)
    now = timezone.now()
    codes = [
        receive(version, commune, desk, now=now - timedelta(days=3 - i), id_number=f"00119001230{i}").code
        for i in range(3)
    ]
    login(client, desk)
    html = client.get(reverse("office:queue")).content.decode()
    assert codes[0] in html and codes[1] in html and codes[2] not in html
    assert '<span class="num" data-band="overdue">' in html and "?page=2" in html
    more = client.get(reverse("office:queue") + "?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert more.lstrip().startswith("<tr") and codes[2] in more and codes[0] not in more
    assert "?page=3" not in more
    assert codes[2] in client.get(reverse("office:queue") + "?page=2").content.decode()


def test_my_work_shows_only_my_agency(client, desk, version, commune):
    other = CommuneFactory()
    other_version = published_version(code="1.000894", name="Đăng ký kết hôn", implementing_agencies=[other])
    other_dossier = receive(other_version, other, StaffFactory(agency=other, roles=["desk_officer"]))
    login(client, desk)
    assert other_dossier.code not in client.get(reverse("office:queue")).content.decode()
    assert client.get(reverse("office:dossier", args=[other_dossier.code])).status_code == 404


def test_my_work_costs_the_same_queries_for_one_or_many_dossiers(client, desk, version, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, desk)
    receive(version, commune, desk, now=timezone.now())
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("office:queue"))
    for i in range(10):
        receive(version, commune, desk, now=timezone.now(), id_number=f"0011900123{i:02d}")
    with query_budget(
        "page.office.queue"
    ) as many:  # session, user, staff, roles, (backend scope), counts, rows
        client.get(reverse("office:queue"))
    assert len(many) == len(one)


def test_the_dossier_page_has_a_query_budget(client, desk, version, commune):
    dossier = receive(version, commune, desk)
    login(client, desk)
    with query_budget("page.office.dossier"):
        assert client.get(reverse("office:dossier", args=[dossier.code])).status_code == 200


# --- dossier page and actions ----------------------------------------------------------------


def test_the_dossier_page_offers_only_what_the_role_allows(client, desk, specialist, version, commune):
    dossier = receive(version, commune, desk)
    login(client, desk)
    html = client.get(reverse("office:dossier", args=[dossier.code])).content.decode()
    assert 'data-action="start_processing"' in html and 'data-action="request_supplement"' in html
    assert 'data-action="resolve"' not in html
    assert "Trần Thị Lan" in html and "Đăng ký khai sinh" in html
    login(client, specialist)
    html = client.get(reverse("office:dossier", args=[dossier.code])).content.decode()
    assert 'data-action="start_processing"' not in html


def test_an_action_posts_to_the_service_and_re_renders_with_htmx(client, desk, version, commune):
    dossier = receive(version, commune, desk)
    login(client, desk)
    url = reverse("office:action", args=[dossier.code, "start_processing"])
    response = client.post(url, {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="dossier-body">') and "Đã thực hiện: Chuyển xử lý." in html
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    assert dossier.events.last().actor == desk.user


def test_an_action_the_role_does_not_allow_is_a_403(client, desk, specialist, version, commune):
    dossier = receive(version, commune, desk)
    login(client, specialist)
    response = client.post(reverse("office:action", args=[dossier.code, "start_processing"]), {})
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED


def test_missing_reasons_are_shown_inline(client, desk, leader, version, commune):
    dossier = receive(version, commune, desk)
    login(client, leader)
    response = client.post(reverse("office:action", args=[dossier.code, "stop"]), {"stop-reason": ""})
    assert response.status_code == 422
    assert "errorlist" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.RECEIVED


def test_a_supplement_request_lists_a_reason_per_paper(client, desk, version, commune):
    dossier = receive(version, commune, desk)
    paper = dossier.papers.first()
    login(client, desk)
    response = client.post(
        reverse("office:action", args=[dossier.code, "request_supplement"]),
        {f"request_supplement-paper_{paper.pk}": "Thiếu chữ ký", "request_supplement-reasons": "Ảnh 4x6"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == State.SUPPLEMENT_REQUESTED
    assert dossier.events.last().data["reasons"] == [f"{paper.name}: Thiếu chữ ký", "Ảnh 4x6"]


@pytest.fixture
def asked(desk, version, commune):
    """A dossier received at the desk, then asked to bring the birth certificate."""
    from motcua.dossiers import services

    dossier = receive(version, commune, desk)
    return services.request_supplement(
        dossier=dossier,
        actor=services.Actor.officer(desk),
        reasons=[{"what": "Giấy chứng sinh", "reason": "bản chụp mờ"}],
        now=MONDAY_9.replace(hour=10),
    )


def test_the_supplement_form_lists_what_was_asked_and_the_papers_to_tick(client, desk, version, asked):
    login(client, desk)
    html = client.get(reverse("office:dossier", args=[asked.code])).content.decode()
    assert 'data-action="supplement"' in html
    assert "Giấy chứng sinh: bản chụp mờ" in html  # what the request named
    for req in version.requirements.all():  # the intake's rows, prefixed for this action
        assert f'name="supplement-paper_{req.pk}"' in html and f'name="supplement-file_{req.pk}"' in html
    assert 'name="supplement-other_name"' in html


def test_a_supplement_at_the_desk_stores_the_papers_received(client, desk, version, asked):
    certificate = version.requirements.get(name="Giấy chứng sinh")
    login(client, desk)
    response = client.post(
        reverse("office:action", args=[asked.code, "supplement"]),
        {
            f"supplement-paper_{certificate.pk}": "on",
            f"supplement-count_{certificate.pk}": "1",
            f"supplement-kind_{certificate.pk}": "original",
            f"supplement-file_{certificate.pk}": SimpleUploadedFile("chung-sinh.pdf", PDF, "application/pdf"),
            "supplement-other_name": "Bản sao sổ hộ khẩu",
            "supplement-other_count": "2",
            "supplement-other_kind": "copy",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã thực hiện: Bổ sung hồ sơ." in html and "Bổ sung lần 1" in html
    assert "Giấy tờ bổ sung: Giấy chứng sinh; Bản sao sổ hộ khẩu" in html  # in the timeline
    asked.refresh_from_db()
    assert asked.state == State.RECEIVED
    brought = asked.papers.filter(supplement_number=1)
    assert [(p.requirement_id, p.name, p.kind, p.count, p.source) for p in brought] == [
        (certificate.pk, "Giấy chứng sinh", "original", 1, "scanned"),
        (None, "Bản sao sổ hộ khẩu", "copy", 2, "paper"),
    ]
    assert brought[0].file.read() == PDF
    event = asked.events.last()
    assert (event.action, event.actor) == ("supplement", desk.user)
    assert [p["id"] for p in event.data["papers"]] == [p.pk for p in brought]


def test_a_supplement_without_papers_is_refused_inline(client, desk, asked):
    login(client, desk)
    response = client.post(reverse("office:action", args=[asked.code, "supplement"]), {})
    assert response.status_code == 422
    assert "Nhập ít nhất một giấy tờ người nộp mang đến bổ sung." in response.content.decode()
    asked.refresh_from_db()
    assert asked.state == State.SUPPLEMENT_REQUESTED
    assert not asked.papers.filter(supplement_number__isnull=False).exists()


def test_a_disguised_scan_in_a_supplement_is_refused(client, desk, version, asked):
    certificate = version.requirements.get(name="Giấy chứng sinh")
    login(client, desk)
    response = client.post(
        reverse("office:action", args=[asked.code, "supplement"]),
        {
            f"supplement-paper_{certificate.pk}": "on",
            f"supplement-file_{certificate.pk}": SimpleUploadedFile(
                "chung-sinh.pdf", b"MZ\x90\x00 not a pdf"
            ),
            "supplement-other_file": SimpleUploadedFile("x.png", PNG),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "không phải là PDF" in html and "Nhập tên của giấy tờ có bản quét đính kèm." in html
    asked.refresh_from_db()
    assert asked.state == State.SUPPLEMENT_REQUESTED
    assert not asked.papers.filter(supplement_number__isnull=False).exists()


def test_an_extension_into_the_past_is_refused_inline(client, desk, version, commune):
    dossier = receive(version, commune, desk, now=timezone.now())
    login(client, desk)
    response = client.post(
        reverse("office:action", args=[dossier.code, "extend"]),
        {"extend-reason": "Cần xác minh", "extend-new_due": "2020-01-01T09:00"},
        HTTP_HX_REQUEST="true",
    )
    assert "Ngày hẹn mới phải sau ngày hẹn hiện tại." in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).due_at == dossier.due_at


def test_the_whole_life_through_the_pages(client, desk, specialist, leader, version, commune):
    dossier = receive(version, commune, desk, now=timezone.now())
    action = lambda staff, name, data=None: login(client, staff).post(  # noqa: E731
        reverse("office:action", args=[dossier.code, name]), data or {}
    )
    assert action(desk, "start_processing").status_code == 302
    step = dossier.steps.get(state="active")
    page = login(client, specialist).get(reverse("office:dossier", args=[dossier.code])).content.decode()
    assert 'data-action="complete_step"' in page
    done = action(
        specialist, "complete_step", {"complete_step-step": step.pk, "complete_step-note": "Đủ điều kiện"}
    )
    assert done.status_code == 302
    step.refresh_from_db()
    assert step.state == "done" and step.completed_by == specialist.user and step.outcome
    assert action(leader, "resolve").status_code == 302
    assert (
        action(desk, "deliver", {"deliver-received_by": "Trần Thị Lan", "deliver-channel": 1}).status_code
        == 302
    )
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.returned_at is not None


# --- documents -------------------------------------------------------------------------------


def test_printing_a_form_that_is_not_issued_yet_says_so(client, desk, version, commune):
    dossier = receive(version, commune, desk)
    DossierDocument.objects.filter(dossier=dossier).delete()
    login(client, desk)
    with mock.patch("motcua.office.views._issued", return_value=None):
        response = client.get(reverse("office:print", args=[dossier.code, "mau_05"]))
    assert response.status_code == 404
    assert "chưa có văn bản này" in response.content.decode()


def test_an_issued_form_is_served_to_officers_of_the_agency(client, desk, version, commune):
    dossier = receive(version, commune, desk)
    document = DossierDocument(dossier=dossier, kind="mau_04", created_at=timezone.now())
    document.file.save("phieu.pdf", ContentFile(PDF), save=True)
    login(client, desk)
    response = client.get(reverse("office:print", args=[dossier.code, "mau_04"]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_control_slip_is_rendered_with_every_hand_over(client, desk, version, commune):
    dossier = receive(version, commune, desk)
    login(client, desk)
    response = client.get(reverse("office:print", args=[dossier.code, "mau_06"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["code", "name", "id", "procedure", "state"])
def test_search_finds_by_each_criterion(client, desk, version, commune, field):
    dossier = receive(version, commune, desk, full_name="Vũ Minh Khôi", id_number="001090012345")
    receive(version, commune, desk, full_name="Đỗ Thị Bình", id_number="001190054321")
    query = {
        "code": {"q": dossier.code},
        "name": {"q": "Minh Khôi"},
        "id": {"q": "001090012345"},
        "procedure": {"procedure": "khai sinh", "q": "Khôi"},
        "state": {"state": State.RECEIVED, "q": "Khôi"},
    }[field]
    login(client, desk)
    html = client.get(reverse("office:search"), query).content.decode()
    assert dossier.code in html and "Đỗ Thị Bình" not in html


def test_the_workspace_speaks_english_too(client, desk):
    login(client, desk)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("office:queue")).content.decode()
    assert "My work" in html and "Receive a dossier" in html


# ---------------------------------------------------------------------------------------------
# Issue 8: a desk officer corrects the shared person record, with a reason


def test_a_desk_officer_corrects_the_applicant_with_a_reason(client, version, commune, desk):
    from motcua.dossiers.models import Applicant, ApplicantEvent

    dossier = receive(version, commune, desk)
    client.force_login(desk.user)
    page = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "Sửa thông tin người nộp" in page
    url = f"/can-bo/ho-so/{dossier.code}/nguoi-nop/"
    form = {"full_name": "Trần Thị Lân", "id_number": "001190012345", "phone": "0912345678", "reason": ""}
    response = client.post(url, form)
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert Applicant.objects.get().full_name == "Trần Thị Lan"
    response = client.post(url, {**form, "reason": "Sai dấu so với CCCD"})
    assert response.status_code == 302
    assert Applicant.objects.get().full_name == "Trần Thị Lân"
    event = ApplicantEvent.objects.get(source="correction")
    assert event.changes == {"full_name": ["Trần Thị Lan", "Trần Thị Lân"]}
    assert (event.reason, event.actor) == ("Sai dấu so với CCCD", desk.user)
    assert "Sai dấu so với CCCD" in client.get(url).content.decode()


def test_a_specialist_cannot_correct_the_applicant(client, version, commune, desk, specialist):
    dossier = receive(version, commune, desk)
    client.force_login(specialist.user)
    url = f"/can-bo/ho-so/{dossier.code}/nguoi-nop/"
    assert client.post(url, {"full_name": "X", "reason": "r"}).status_code == 403


def test_the_intake_screen_warns_of_another_name_for_a_known_number(client, desk, version, commune):
    from motcua.dossiers.models import Applicant

    receive(version, commune, desk)
    login(client, desk)
    with at(MONDAY_9):
        response = client.post(
            reverse("office:intake"), intake_post(version, commune, full_name="Lê Văn Bình")
        )
    assert response.status_code in (200, 422)
    assert "không khớp với người đã được ghi nhận" in response.content.decode()
    assert Dossier.objects.count() == 1
    assert Applicant.objects.get().full_name == "Trần Thị Lan"
    # The same person with a new phone: received, the phone on the new dossier only.
    with at(MONDAY_9):
        response = client.post(reverse("office:intake"), intake_post(version, commune, phone="0987654321"))
    assert response.status_code == 302
    assert Applicant.objects.get().phone == "0912345678"
    assert Dossier.objects.order_by("-id").first().contact.phone == "0987654321"


def _online_dossier(version, commune, return_channel):
    """A dossier submitted through the portal's commands (dossiers.online), waiting for the desk."""
    from motcua.dossiers import online, store
    from motcua.dossiers.tests.factories import citizen_account

    citizen = citizen_account()
    person, now = store.person_of(citizen), timezone.now()
    draft = online.start(user=citizen, version=version, now=now)
    online.choose_agency(draft=draft, agency=commune, now=now)
    for requirement in version.requirements.filter(mandatory=True):
        upload = SimpleUploadedFile("giay-to.pdf", PDF, content_type="application/pdf")
        online.upload_component(
            draft=draft, requirement_id=requirement.pk, file=upload, applicant=person, now=now
        )
    online.set_return_channel(draft=draft, channel=return_channel, now=now)
    return online.submit(draft=draft, user=citizen, now=now)


def test_an_online_dossier_opens_with_its_receipt_ready_at_the_desk(client, desk, version, commune):
    dossier = _online_dossier(version, commune, return_channel=1)
    assert dossier.state == State.SUBMITTED
    login(client, desk)
    html = client.get(reverse("office:dossier", args=[dossier.code])).content.decode()
    assert re.search(r'<details class="action" open data-action="receive">', html)
    assert not re.search(r'open data-action="(request_supplement|refuse)"', html)


def test_the_hand_over_defaults_to_the_way_the_applicant_asked(client, desk, version, commune):
    from motcua.dossiers.models import ResultChannel

    version.result_electronic = True
    version.save(update_fields=["result_electronic"])
    dossier = _online_dossier(version, commune, return_channel=ResultChannel.ELECTRONIC)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.RESOLVED)  # the page reads the state only
    login(client, desk)
    html = client.get(reverse("office:dossier", args=[dossier.code])).content.decode()
    [select] = re.findall(r'<select name="deliver-channel".*?</select>', html, re.S)
    assert re.search(r'<option value="2" selected>', select)
