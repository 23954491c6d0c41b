"""Browser walks of issue 9's "done when" (Playwright driving Debian's Chromium): a dossier's whole
life desk → specialist → unit head → leader → desk, one click per act, ending with the procedure's
result document and a returned dossier."""

import re
import shutil
import subprocess

import pytest

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import PASSWORD
from .test_browser import browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser]


class Clicks:
    """Every press an officer makes: clicks on the page and the confirmations they answer."""

    def __init__(self):
        self.clicks = self.confirmations = 0

    def watch(self, page):
        def answer(dialog):
            self.confirmations += 1
            dialog.accept()

        page.on("dialog", answer)
        return page

    def click(self, locator):
        self.clicks += 1
        locator.click()

    def act(self):
        """The presses of one act so far; resets the count."""
        seen = (self.clicks, self.confirmations)
        self.clicks = self.confirmations = 0
        return seen


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode("utf-8"))


@pytest.fixture
def office(transactional_db):
    commune = CommuneFactory(code="000.00.51.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")
    version = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        result_name="Giấy khai sinh",
        result_paper=True,
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1},
            {"name": "Giấy chứng sinh", "kind": "original", "quantity": 1},
        ],
    )
    process = ProcessDefinition.objects.create(version=version, agency=commune)
    for order, (work, responsible) in enumerate(
        [
            ("Tiếp nhận, chuyển hồ sơ", "Công chức Một cửa"),
            ("Thẩm định hồ sơ", "Chuyên viên tư pháp - hộ tịch"),
            ("Xem xét, trình ký", "Trưởng phòng"),
            ("Trả kết quả", "Công chức Một cửa"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            process=process, order=order, work=work, responsible=responsible, amount=0.5, unit="working_day"
        )
    return {
        "version": version,
        "desk": StaffFactory(agency=commune, roles=["desk_officer"], full_name="Lê Thị Một Cửa"),
        "specialist": StaffFactory(agency=commune, roles=["specialist"], full_name="Phạm Văn Chuyên"),
        "head": StaffFactory(agency=commune, roles=["unit_head"], full_name="Đỗ Thị Trưởng"),
        "leader": StaffFactory(
            agency=commune, roles=["agency_leader"], full_name="Hoàng Văn Lãnh", position="Chủ tịch"
        ),
    }


class Walk:
    def __init__(self, browser, base_url):  # noqa: F811
        self.browser, self.base_url, self.pages, self.presses = browser, base_url, [], Clicks()

    def as_(self, staff, password=PASSWORD):
        context = self.browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
        page = self.presses.watch(context.new_page())
        page.set_default_timeout(15_000)
        self.pages.append(page)
        page.goto(self.base_url + "/can-bo/")
        page.get_by_label("Tên đăng nhập").fill(staff if isinstance(staff, str) else staff.user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("heading", name="Việc của tôi").wait_for()
        return page

    def open_from_queue(self, page, code):
        page.get_by_role("link", name=code).click()
        page.locator("#dossier-body").wait_for()

    def act(self, page, action, fill=None):
        """The officer's act on the dossier page: the open form of the act that moves the dossier on,
        its fields filled (typing, not pressing), one press of its button."""
        details = page.locator(f'details[data-action="{action}"]')
        assert details.get_attribute("open") is not None, f"{action} is not ready to press"
        for label, value in (fill or {}).items():
            details.get_by_label(label).fill(value)
        self.presses.click(details.locator("button[type=submit]"))
        page.get_by_role("status").filter(has_text="Đã thực hiện").wait_for()
        clicks, confirmations = self.presses.act()
        assert clicks == 1 and confirmations <= 1, (action, clicks, confirmations)


def _screenshots(walk, name):
    for i, page in enumerate(walk.pages):
        page.screenshot(path=f"/tmp/office-{name}-{i}.png", full_page=True)


def test_the_whole_life_one_click_per_act(browser, live_server, office, tmp_path):  # noqa: F811
    walk = Walk(browser, live_server.url)
    try:
        _life(walk, office)
    except Exception:
        _screenshots(walk, "life-failure")
        raise


def _life(walk, office):
    # The desk receives the dossier (the intake screen's own walk is test_browser's).
    page = walk.as_(office["desk"])
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.get_by_label(re.compile("Tìm thủ tục")).fill("dang ky khai sinh")
    page.locator("#procedure-results").get_by_role("link", name="Đăng ký khai sinh").click()
    # the applicant section: the e-form below has its own "Số định danh cá nhân", "Họ và tên"…
    applicant = page.get_by_role("group", name=re.compile("Người nộp hồ sơ"))
    applicant.get_by_label(re.compile("Số định danh cá nhân")).fill("001190012345")
    page.get_by_text("Chưa có người nộp với số định danh này").wait_for()
    applicant.get_by_label("Họ và tên").fill("Trần Thị Lan")
    applicant.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_label(re.compile("^Tờ khai đăng ký khai sinh")).check()
    page.get_by_label(re.compile("^Giấy chứng sinh")).check()
    walk.presses.act()  # the intake form's own presses are not one of the acts counted below
    walk.presses.click(page.get_by_role("button", name="Tiếp nhận hồ sơ và cấp giấy hẹn"))
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    assert walk.presses.act() == (1, 0)
    dossier = Dossier.objects.get()

    # The desk hands it over: its own first step is done by the same act.
    walk.act(page, "start_processing")
    assert "Đang xử lý" in page.locator("[data-state]").inner_text()

    # The specialist appraises, the unit head reviews and forwards: each from their queue.
    for who, note in [("specialist", "Hồ sơ hợp lệ."), ("head", "Đồng ý, trình lãnh đạo ký.")]:
        page = walk.as_(office[who])
        walk.open_from_queue(page, dossier.code)
        assert page.locator('details[data-action="resolve"]').count() == 0  # the leader's act only
        walk.act(page, "complete_step", {"Ghi chú, ý kiến xử lý": note})

    # The leader approves and signs: the procedure's result document is issued by that act.
    page = walk.as_(office["leader"])
    walk.open_from_queue(page, dossier.code)
    walk.act(page, "resolve")
    assert "Đã xử lý xong" in page.locator("[data-state]").inner_text()

    # The desk's queue brings it back to be returned; one act returns it and ends the hand-over.
    page = walk.pages[0]
    page.goto(walk.base_url + "/can-bo/")
    assert "Trả kết quả" in page.locator("tr", has_text=dossier.code).inner_text()
    walk.open_from_queue(page, dossier.code)
    walk.act(page, "deliver", {"Người nhận kết quả": "Trần Thị Lan"})
    assert "Đã trả kết quả" in page.locator("[data-state]").inner_text()

    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.returned_to == "Trần Thị Lan"
    assert not dossier.steps.exclude(state="done").exists()

    # The result document, downloaded through the page's link, is the procedure's: Giấy khai sinh.
    link = page.locator("ul.docs li", has_text="Kết quả giải quyết").get_by_role(
        "link", name=re.compile("^Tải về")
    )
    response = page.request.get(walk.base_url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = pdf_text(response.body())
        # the procedure's result template (hộ tịch), titled with its result, signed by the leader
        assert "GIẤY KHAI SINH" in text and "Trần Thị Lan" in text and "Hoàng Văn Lãnh" in text
