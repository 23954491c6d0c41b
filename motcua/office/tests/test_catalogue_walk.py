"""Issue 10's "done when" on the catalogue as loaded from the published data (data/procedures.json
and the hand-checked data/components_checked.json, through catalog.loader): a plain birth
registration (1.001193) received at the desk with exactly its papers, Mẫu 01 listing only what was
received; a certified copy (2.000815) of 5 pages × 2 copies with its fee computed on the screen
(2.000 đ for each of the first two pages, 1.000 đ from the third, at most 200.000 đ a copy)."""

import json
import re
import shutil

import pytest
from django.conf import settings

from motcua.catalog import loader
from motcua.dossiers.models import Dossier
from motcua.org.tests.factories import CommuneFactory, StaffFactory

from .test_browser import browser  # noqa: F401 (the fixture)
from .test_walks import Walk, pdf_text

pytestmark = [pytest.mark.browser]

BIRTH, COPY = "1.001193", "2.000815"


@pytest.fixture
def desk(transactional_db, tmp_path):
    commune = CommuneFactory(code="000.00.53.H26", name="Ủy ban nhân dân Phường Hàng Bạc")
    # The published items of the two procedures, with the hand-checked components beside them (the
    # loader reads them from the data file's directory): the real loader, two items instead of 98.
    data = settings.DATA_DIR
    items = json.loads((data / "procedures.json").read_text(encoding="utf-8"))
    chosen = [item for item in items if item["code"] in (BIRTH, COPY)]
    assert len(chosen) == 2
    (tmp_path / "procedures.json").write_text(json.dumps(chosen, ensure_ascii=False), encoding="utf-8")
    shutil.copy(data / loader.CHECKED_FILE, tmp_path / loader.CHECKED_FILE)
    if (data / loader.EFORMS_DIR).exists():
        shutil.copytree(data / loader.EFORMS_DIR, tmp_path / loader.EFORMS_DIR)
    report = loader.load_catalogue(tmp_path / "procedures.json")
    assert sorted(report.created) == [BIRTH, COPY]
    return StaffFactory(agency=commune, roles=["desk_officer"], full_name="Lê Thị Một Cửa")


def _choose(page, query, code):
    page.get_by_role("link", name="Tiếp nhận hồ sơ", exact=True).click()
    page.get_by_label(re.compile("Tìm thủ tục")).fill(query)
    results = page.locator("#procedure-results")
    results.locator("li", has_text=code).get_by_role("link").first.click()
    page.locator("#paper-rows").wait_for()


def _applicant(page, id_number, name):
    # the applicant section: the e-form below has its own "Số định danh cá nhân", "Họ và tên"…
    applicant = page.get_by_role("group", name=re.compile("Người nộp hồ sơ"))
    applicant.get_by_label(re.compile("Số định danh cá nhân")).fill(id_number)
    page.get_by_text("Chưa có người nộp với số định danh này").wait_for()
    applicant.get_by_label("Họ và tên").fill(name)
    applicant.get_by_label("Điện thoại").fill("0912345678")


def test_plain_birth_and_a_certified_copy_with_its_fee(browser, live_server, desk, tmp_path):  # noqa: F811
    walk = Walk(browser, live_server.url)
    try:
        _walk(walk, desk)
    except Exception:
        for i, page in enumerate(walk.pages):
            page.screenshot(path=f"/tmp/office-catalogue-failure-{i}.png", full_page=True)
        raise


def _walk(walk, desk):
    page = walk.as_(desk)

    # A plain birth registration: the default case, its papers for the desk only.
    _choose(page, "dang ky khai sinh", BIRTH)
    assert "thông thường" in page.get_by_label("Trường hợp").locator("option:checked").inner_text()
    rows = page.locator("#paper-rows")
    for absent in ("bị bỏ rơi", "mang thai hộ", "điện tử tương tác", "Bản sao có chứng thực"):
        assert rows.get_by_text(absent).count() == 0, absent  # other cases, other channels
    _applicant(page, "001190012345", "Trần Thị Lan")
    page.get_by_label(re.compile("^Tờ khai đăng ký khai sinh")).check()
    page.get_by_label(re.compile("^Giấy chứng sinh")).check()
    page.get_by_label(re.compile("^Đã xem: Giấy tờ tùy thân")).check()
    page.get_by_role("button", name="Tiếp nhận hồ sơ và cấp giấy hẹn").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    birth = Dossier.objects.get()
    assert birth.case.name == "Đăng ký khai sinh thông thường"
    assert sorted((p.name[:20], p.shown_only) for p in birth.papers.all()) == [
        ("Giấy chứng sinh", False),
        ("Giấy tờ tùy thân của", True),
        ("Tờ khai đăng ký khai", False),
    ]

    # Mẫu 01 lists what was received and nothing else.
    response = page.request.get(walk.base_url + page.locator("[data-print-receipt]").get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = pdf_text(response.body())
        for received in ("Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Giấy tờ tùy thân"):
            assert received in text, received
        for absent in (
            "người làm chứng",
            "Giấy cam đoan",
            "Văn bản ủy quyền",
            "bị bỏ rơi",
            "mang thai hộ",
            "điện tử tương tác",
            "Bản sao có chứng thực",
            "cư trú",
        ):
            assert absent not in text, absent

    # A certified copy, 5 pages × 2 copies: 2 × (2.000 + 2.000 + 3 × 1.000) = 14.000 đồng.
    _choose(page, "chung thuc ban sao tu ban chinh", COPY)
    page.get_by_label("Số trang", exact=True).fill("5")  # the e-form has "Số trang của bản chính"
    page.get_by_label("Số bản", exact=True).fill("2")
    page.locator("[data-fee-total]", has_text="14.000 đồng").wait_for()
    fee = page.request.get(f"{walk.base_url}/api/v1/procedures/{COPY}/fee/?pages=5&copies=2")
    assert fee.ok and fee.json()["total"] == 14000, fee.text()
    # (Not received: the published item gives no time limit for 2.000815, so the intake refuses it
    # with "chưa có thời hạn giải quyết trong danh mục"; the fee is what this walk is about.)
