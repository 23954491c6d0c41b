"""Issue 10 in a real browser: a plain birth registration received with exactly its papers (the
case's components for the desk, one of the alternatives, the ID card shown), Mẫu 01 listing only
what was received; a certified copy of 5 pages × 2 copies with its fee computed on the screen."""

import re
import shutil
import subprocess

import pytest

from motcua.catalog.tests.cases import birth_with_cases
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .test_browser import ARGS, CHROMIUM, Walk

pytestmark = [pytest.mark.browser]


@pytest.fixture
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def desk_and_procedures(transactional_db):
    commune = CommuneFactory(code="000.00.52.H26", name="Ủy ban nhân dân Phường Cửa Nam")
    birth_with_cases(agencies=[commune], time_amount=1, time_unit="working_day")
    published_version(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        sector="Chứng thực",
        time_amount=1,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[
            {"name": "Bản chính giấy tờ, văn bản làm cơ sở chứng thực bản sao", "kind": "original"}
        ],
        fees=[
            {
                "name": "Phí chứng thực",
                "amount_vnd": 2000,
                "text": "2,000 Việt Nam Đồng (/trang)",
                "description": "2.000 đồng/trang; từ trang thứ 3 trở lên thu 1.000 đồng/trang, tối đa thu không "
                "quá 200.000 đồng/bản.",
                "channels": ["desk"],
            }
        ],
    )
    return StaffFactory(agency=commune, roles=["desk_officer"], full_name="Lê Thị Một Cửa")


def _applicant(page, id_number):
    page.get_by_label(re.compile("Số định danh cá nhân")).fill(id_number)
    page.get_by_label("Họ và tên").fill("Trần Thị Lan")
    page.get_by_label("Điện thoại").fill("0912345678")


def _choose(page, query, name):
    page.get_by_role("link", name="Tiếp nhận hồ sơ", exact=True).click()
    page.get_by_label(re.compile("Tìm thủ tục")).fill(query)
    page.locator("#procedure-results").get_by_role("link", name=name).click()


def test_birth_with_its_papers_and_a_certified_copy_with_its_fee(
    chromium, live_server, desk_and_procedures, tmp_path
):
    walk = Walk(chromium, live_server.url)
    try:
        _walk(walk, desk_and_procedures, tmp_path)
    except Exception:
        for i, page in enumerate(walk.pages):
            page.screenshot(path=f"/tmp/office-cases-failure-{i}.png", full_page=True)
        raise


def _walk(walk, desk, tmp_path):
    page = walk.as_(desk)
    _choose(page, "dang ky khai sinh", "Đăng ký khai sinh")
    assert page.get_by_label("Trường hợp").input_value()  # the default case is chosen
    papers = page.locator("#paper-rows")
    assert papers.get_by_text("Biên bản xác nhận việc trẻ bị bỏ rơi").count() == 0
    assert papers.get_by_text("Tờ khai điện tử tương tác").count() == 0
    _applicant(page, "001190012345")
    page.get_by_label(re.compile("^Tờ khai đăng ký khai sinh")).check()
    page.get_by_label(re.compile("^Giấy chứng sinh")).check()
    page.get_by_label(re.compile("Đã xem: Căn cước")).check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ và cấp giấy hẹn").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    dossier = Dossier.objects.get()
    assert dossier.papers.count() == 3 and dossier.papers.filter(shown_only=True).count() == 1
    href = page.locator("[data-print-receipt]").get_attribute("href")
    response = page.request.get(walk.base_url + href)
    assert response.ok
    if shutil.which("pdftotext"):
        pdf = tmp_path / "receipt.pdf"
        pdf.write_bytes(response.body())
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = " ".join(text.split())
        assert "Giấy chứng sinh" in flat and "Đã xuất trình" in flat
        for absent in ("Biên bản xác nhận", "Văn bản ủy quyền", "Tờ khai điện tử", "người làm chứng"):
            assert absent not in flat, absent

    # The certified copy: 5 pages × 2 copies, the fee computed before receiving.
    _choose(page, "chung thuc ban sao", "Chứng thực bản sao từ bản chính giấy tờ, văn bản")
    page.get_by_label("Số trang").fill("5")
    page.get_by_label("Số bản").fill("2")
    page.locator("[data-fee-total]", has_text="14.000 đồng").wait_for()
    _applicant(page, "001190012346")
    page.get_by_label(re.compile("^Bản chính giấy tờ")).check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ và cấp giấy hẹn").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    assert Dossier.objects.count() == 2
