"""Issue 14's feedback walk in Chromium: a citizen sends a phản ánh about their dossier with a photo
(one thing per page), the control office routes it, the agency answers, the control office publishes
the masked answer, it appears on /phan-anh/ without the personal data, the citizen rates it. axe-core
checks the public feedback pages and the form's pages on the way."""

from __future__ import annotations

import os
import re

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.tests.factories import published_version
from motcua.core.tests.files import image_bytes
from motcua.dossiers.states import State
from motcua.feedback.models import Feedback
from motcua.office.tests.test_browser import browser  # noqa: F401 (the fixture)
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, StaffFactory
from motcua.portal.tracking.tests.test_accessibility import _session_cookie, violations
from motcua.reports.tests import builders

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread

pytestmark = [pytest.mark.browser]


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # A transactional test's database is flushed after each test, so the legal periods the
    # migration seeded may be gone when another browser test ran first: seed them again.
    from motcua.feedback.periods import install_defaults

    install_defaults()
    city = ProvinceFactory()
    ward = CommuneFactory(parent=city, code="000.00.51.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")
    version = published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[ward])
    return {
        "ward": ward,
        "dossier": builders.dossier(version, ward, State.PROCESSING, received=builders.at(2)),
        "citizen": get_user_model().objects.create_user("congdan", first_name="Lan", last_name="Trần Thị"),
        "controller": StaffFactory(agency=city, roles=["control_officer"], full_name="Đoàn Thị Kiểm"),
        "answerer": StaffFactory(agency=ward, roles=["specialist"], full_name="Phạm Quốc Toàn"),
    }


def _page(browser, live_server, user):  # noqa: F811
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 1000}, bypass_csp=True)
    context.add_cookies(_session_cookie(user, live_server))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_feedback_sent_routed_answered_published_masked_and_rated(browser, live_server, world, tmp_path):  # noqa: F811
    found: dict[str, list[str]] = {}

    def check(page, name):
        page.locator("main").wait_for()
        problems = violations(page)
        if problems:
            found[name] = problems

    citizen = _page(browser, live_server, world["citizen"])
    citizen.goto(live_server.url + "/phan-anh/")
    check(citizen, "published list (empty)")
    citizen.get_by_role("link", name="Gửi phản ánh, kiến nghị").first.click()
    check(citizen, "kind")
    citizen.get_by_label("Phản ánh", exact=True).check()
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.get_by_label("Hồ sơ đã nộp").check()
    check(citizen, "subject")
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.get_by_label("Mã hồ sơ").fill(world["dossier"].code)
    check(citizen, "about")
    citizen.get_by_role("button", name="Tiếp tục").click()
    citizen.get_by_label("Tiêu đề").fill("Hồ sơ khai sinh quá hẹn")
    citizen.get_by_label("Nội dung").fill(
        "Tôi là Trần Thị Lan, điện thoại 0912345678, hồ sơ Đăng ký khai sinh quá hẹn."
    )
    check(citizen, "content")
    citizen.get_by_role("button", name="Tiếp tục").click()
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(image_bytes("JPEG"))
    citizen.get_by_label(re.compile("Ảnh, tài liệu kèm theo")).set_input_files(str(photo))
    check(citizen, "review")
    citizen.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    citizen.get_by_role("heading", name="Đã gửi phản ánh, kiến nghị").wait_for()
    item = Feedback.objects.get()
    assert item.dossier == world["dossier"] and item.attachments.count() == 1

    office = _page(browser, live_server, world["controller"].user)
    office.goto(live_server.url + "/can-bo/phan-anh/")
    office.get_by_role("link", name=item.code).click()
    route = office.locator(
        "section", has=office.get_by_role("heading", name="Phân loại, chuyển cơ quan có thẩm quyền")
    )
    route.get_by_label("Phân loại").select_option("dossier_handling")
    assert route.get_by_label("Cơ quan có thẩm quyền").input_value() == str(
        world["ward"].pk
    )  # the dossier's agency
    route.get_by_role("button").click()
    office.get_by_text("Đang xử lý").first.wait_for()

    agency = _page(browser, live_server, world["answerer"].user)
    agency.goto(live_server.url + "/can-bo/phan-anh/")
    agency.get_by_role("link", name=item.code).click()
    agency.get_by_label("Nội dung trả lời").fill(
        "Phường đã liên hệ bà Trần Thị Lan (0912345678) và trả kết quả."
    )
    agency.get_by_role("button", name="Trả lời").click()
    agency.get_by_text("Đã trả lời, chờ công khai").first.wait_for()

    office.goto(live_server.url + "/can-bo/phan-anh/")
    office.get_by_role("link", name=item.code).click()
    answer = office.get_by_label("Trả lời công khai")
    assert "0912345678" not in answer.input_value() and "[số điện thoại]" in answer.input_value()
    office.get_by_label(re.compile("Tôi đã kiểm tra")).check()
    office.get_by_role("button", name="Công khai trả lời").click()
    office.get_by_text("Đã công khai trả lời").first.wait_for()

    citizen.goto(live_server.url + "/phan-anh/")
    check(citizen, "published list")
    citizen.get_by_role("link", name="Hồ sơ khai sinh quá hẹn").click()
    check(citizen, "published answer")
    public = citizen.locator("main").inner_text()
    assert "0912345678" not in public and "Trần Thị Lan" not in public and "Đăng ký khai sinh" in public

    citizen.goto(live_server.url + f"/tai-khoan/phan-anh/{item.code}/")
    citizen.get_by_label("Hài lòng", exact=True).check()
    check(citizen, "rating")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    citizen.get_by_text("Bạn đã đánh giá").wait_for()
    assert Feedback.objects.get(pk=item.pk).rating == 3
    assert found == {}
