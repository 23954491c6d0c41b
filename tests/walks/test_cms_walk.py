"""Issue 14's "done when" for the reform pages, in Chromium (Playwright, Debian's browser): a
communication officer logs in to the CMS admin, uploads a picture, writes a guide with it and submits
it for moderation (the guide stays off the public pages); the approver approves it from the admin's
dashboard; the guide appears on the public pages with its picture loaded. The admin pages run under
the site's CSP (no bypass: any refused script or style fails the walk); axe-core checks every public
reform page (serious and critical violations) and the phone's 360 px fit.

A walk over the CMS admin and the portal's public pages, so it lives above both (tests/walks)."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.images.models import Image

from motcua.cms import demo as cms_demo
from motcua.cms import models
from motcua.office.tests.test_browser import browser  # noqa: F401 (the fixture)
from motcua.org.demo import DEMO_PASSWORD
from motcua.org.models import Hotline
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, ServiceDeskFactory
from motcua.portal.tracking.tests.test_accessibility import violations

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread

pytestmark = [pytest.mark.browser]

GUIDE_TITLE = "Hướng dẫn tra cứu hồ sơ bằng mã QR"
GUIDE_URL = "/cai-cach/huong-dan/huong-dan-tra-cuu-ho-so-bang-ma-qr/"


@pytest.fixture
def section(transactional_db, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    # A browser test's database is flushed between tests: the index's method (a migration's data) again.
    call_command("load_index766", stdout=io.StringIO())
    province = ProvinceFactory()
    ward = CommuneFactory(code="000.00.51.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm", parent=province)
    desk = ServiceDeskFactory(
        host_agency=ward, name="Bộ phận Một cửa Phường Hoàn Kiếm", phone="024 3826 0000"
    )
    Hotline.objects.create(desk=desk, label="Đường dây nóng phản ánh", phone="0912 345 678")
    loaded = cms_demo.load()
    yield loaded
    cache.clear()


class Browser:
    """One person's browser; the CMS admin's pages are watched for CSP refusals and script errors."""

    def __init__(self, browser, base_url, *, width=1280, bypass_csp=False):  # noqa: F811
        self.base_url = base_url
        self.context = browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}, bypass_csp=bypass_csp
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(m.text)
                if m.type == "error" and "Content Security Policy" in m.text
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))

    def go(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def log_in(self, username: str):
        page = self.go("/cms-admin/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("form button[type=submit]").first.click()
        page.locator("#main, main").first.wait_for()
        assert "/cms-admin/login/" not in page.url, "the login failed"
        return page


def _png(path):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 450), "#0b4f8a").save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _wait_for(test, what: str, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = test()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_officer_writes_a_guide_approver_publishes_it(browser, live_server, section, tmp_path):  # noqa: F811
    guides = models.GuideIndexPage.objects.get(slug="huong-dan", locale__language_code="vi")
    officer = Browser(browser, live_server.url)
    page = officer.log_in(cms_demo.OFFICER_USERNAME)

    # The picture, through the image library's upload page.
    before = Image.objects.count()
    page = officer.go("/cms-admin/images/multiple/add/")
    page.locator("input[type=file]").first.set_input_files(str(_png(tmp_path / "tra-cuu-qr.png")))
    picture = _wait_for(lambda: Image.objects.count() > before and Image.objects.latest("pk"), "the upload")

    # The guide: title, introduction, the picture chosen in the chooser, then submitted.
    page = officer.go(f"/cms-admin/pages/add/cms/guidepage/{guides.pk}/")
    page.locator("#id_title").fill(GUIDE_TITLE)
    page.locator("#id_intro").fill("Quét mã QR trên giấy tiếp nhận để xem hồ sơ đang ở bước nào.")
    page.locator("[data-chooser-action-choose]").first.click()
    page.locator(f'[data-chooser-modal-choice][title$="{picture.title}"]').first.click()
    _wait_for(lambda: page.locator("#id_image").input_value() == str(picture.pk), "the chosen picture")
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=\"action-submit\"]').click()")
    guide = _wait_for(lambda: models.GuidePage.objects.filter(title=GUIDE_TITLE).first(), "the guide")
    assert not guide.live and guide.image_id == picture.pk
    assert guide.current_workflow_state is not None
    assert guide.url == GUIDE_URL  # the slug in plain letters (WAGTAIL_ALLOW_UNICODE_SLUGS off)

    public = Browser(browser, live_server.url, bypass_csp=True)  # axe-core is injected as a test tool
    assert public.go(GUIDE_URL) and public.page.locator("h1").first.inner_text() != GUIDE_TITLE

    # The approver approves from the admin's dashboard ("awaiting your review").
    approver = Browser(browser, live_server.url)
    page = approver.log_in(cms_demo.APPROVER_USERNAME)
    state = guide.current_workflow_task_state
    page = approver.go("/cms-admin/")
    # "Approve" (the other button of the same action asks for a comment first).
    approve = page.locator(
        f'button[data-workflow-action-url$="/approve/{state.pk}/"]:not([data-launch-modal])'
    )
    page.locator("[data-controller~=w-dropdown]", has=approve).locator(
        "[data-w-dropdown-target=toggle]"
    ).click()
    approve.click()
    _wait_for(lambda: models.GuidePage.objects.get(pk=guide.pk).live, "the approval")

    # On the public pages: listed in the guides, and the guide with its picture loaded.
    listing = public.go("/cai-cach/huong-dan/")
    listing.get_by_role("link", name=GUIDE_TITLE).click()
    listing.get_by_role("heading", name=GUIDE_TITLE).wait_for()
    loaded = listing.evaluate(
        "() => [...document.querySelectorAll('article img')].map(i => i.complete && i.naturalWidth)"
    )
    assert loaded and all(width and width > 0 for width in loaded), loaded
    # The public page under the site's own CSP (the officer's browser does not bypass it).
    officer.go(GUIDE_URL).get_by_role("heading", name=GUIDE_TITLE).wait_for()
    assert officer.problems == [] and approver.problems == [], officer.problems + approver.problems


PUBLIC_PAGES = [
    "/cai-cach/",
    "/cai-cach/tin-tuc/",
    "/cai-cach/tin-tuc/khai-truong-trung-tam-phuc-vu-hanh-chinh-cong/",
    "/cai-cach/huong-dan/",
    *[f"/cai-cach/huong-dan/{slug}/" for slug, *_ in cms_demo.GUIDES],
    "/cai-cach/hoi-dap/",
    "/cai-cach/video/",
    "/cai-cach/van-ban/",
    "/cai-cach/duong-day-nong/",
    "/cai-cach/ket-qua/",
    "/cai-cach/tim-kiem/?q=VNeID",
]


@pytest.mark.parametrize("width", [1280, 360])
def test_every_public_reform_page_is_accessible(browser, live_server, section, width):  # noqa: F811
    reader = Browser(browser, live_server.url, width=width, bypass_csp=True)
    found = {}
    for path in PUBLIC_PAGES:
        page = reader.go(path)
        page.locator("main").wait_for()
        problems = violations(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"horizontal scroll of {overflow}px at {width}px")
        if problems:
            found[path] = problems
    assert found == {}
    assert reader.problems == []
