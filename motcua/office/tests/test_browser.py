"""The desk-to-desk walk in a real browser (Playwright driving Debian's Chromium, never a downloaded
one): intake with the promised time, the printed receipt, processing, the specialist's step, the
leader's approval and the hand-over of the result."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "Chromium is installed by `make system-deps` (Debian package chromium)"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def people(transactional_db):
    commune = CommuneFactory(code="000.00.51.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")
    version = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1},
            {"name": "Giấy chứng sinh", "kind": "original", "quantity": 1},
            {"group": "Trường hợp ủy quyền", "name": "Văn bản ủy quyền", "kind": "copy", "mandatory": False},
        ],
    )
    return {
        "version": version,
        "desk": StaffFactory(agency=commune, roles=["desk_officer"], full_name="Lê Thị Một Cửa"),
        "specialist": StaffFactory(agency=commune, roles=["specialist"], full_name="Phạm Văn Chuyên"),
        "leader": StaffFactory(agency=commune, roles=["agency_leader"], full_name="Hoàng Văn Lãnh"),
    }


class Walk:
    def __init__(self, browser, base_url):
        self.browser, self.base_url, self.pages = browser, base_url, []

    def as_(self, staff):
        context = self.browser.new_context(viewport={"width": 1280, "height": 1000}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        self.pages.append(page)
        page.goto(self.base_url + "/can-bo/")
        page.get_by_label("Tên đăng nhập").fill(staff.user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("heading", name="Việc của tôi").wait_for()
        return page

    def act(self, page, action, fill=None):
        """Open an action on the dossier page, fill it, submit (htmx) and wait for the outcome."""
        details = page.locator(f'details[data-action="{action}"]')
        if details.get_attribute("open") is None:  # the act that moves the dossier on is open already
            details.locator("summary").click()
        for label, value in (fill or {}).items():
            details.get_by_label(label).fill(value)
        details.locator("button[type=submit]").click()
        page.get_by_role("status").filter(has_text="Đã thực hiện").wait_for()


def test_desk_intake_to_returned_result(browser, live_server, people, tmp_path):
    walk = Walk(browser, live_server.url)
    try:
        _walk(walk, people, tmp_path)
    except Exception:
        for i, page in enumerate(walk.pages):
            page.screenshot(path=f"/tmp/office-browser-failure-{i}.png", full_page=True)
        raise


def _walk(walk, people, tmp_path):
    # The desk officer receives the dossier.
    page = walk.as_(people["desk"])
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.get_by_label(re.compile("Tìm thủ tục")).fill("dang ky khai sinh")  # no diacritics
    page.locator("#procedure-results").get_by_role("link", name="Đăng ký khai sinh").click()
    page.get_by_label(re.compile("Số định danh cá nhân")).fill("001190012345")
    page.get_by_text("Chưa có người nộp với số định danh này").wait_for()  # looked up, nobody yet
    page.get_by_label("Họ và tên").fill("Trần Thị Lan")
    page.get_by_label("Điện thoại").fill("0912345678")
    page.get_by_label(re.compile("^Tờ khai đăng ký khai sinh")).check()
    page.get_by_label(re.compile("^Giấy chứng sinh")).check()
    promised = page.locator("[data-promised]")
    assert re.search(r"\d\d:\d\d ngày \d\d/\d\d/\d{4}", promised.inner_text())  # seen before confirming
    page.get_by_role("button", name="Tiếp nhận hồ sơ và cấp giấy hẹn").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    dossier = Dossier.objects.get()
    assert dossier.code in page.locator("h1").inner_text()

    # The receipt (Mẫu 01) prints from the dossier page.
    href = page.locator("[data-print-receipt]").get_attribute("href")
    response = page.request.get(walk.base_url + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(response.body())
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert dossier.code in text and "Trần Thị Lan" in text.replace("\n", " ")

    walk.act(page, "start_processing")
    assert "Đang xử lý" in page.locator("[data-state]").inner_text()

    # The specialist finds it in their queue and completes the step.
    page = walk.as_(people["specialist"])
    page.get_by_role("link", name=dossier.code).click()
    walk.act(page, "complete_step", {"Ghi chú, ý kiến xử lý": "Hồ sơ hợp lệ, trình lãnh đạo ký."})

    # The leader approves.
    page = walk.as_(people["leader"])
    page.goto(f"{walk.base_url}/can-bo/ho-so/{dossier.code}/")
    walk.act(page, "resolve")
    assert "Đã xử lý xong" in page.locator("[data-state]").inner_text()

    # The desk hands the result over.
    page = walk.pages[0]
    page.reload()
    walk.act(page, "deliver", {"Người nhận kết quả": "Trần Thị Lan"})
    assert "Đã trả kết quả" in page.locator("[data-state]").inner_text()
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.returned_to == "Trần Thị Lan"
