"""The Content-Security-Policy (django-csp) is sent everywhere and breaks neither the officers' htmx
pages, the language selector nor the API docs (Swagger UI from the sidecar, its initialiser a file)."""

import os
import re
from pathlib import Path

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.org.tests.factories import CommuneFactory, StaffFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
PASSWORD = "motcua-test"


@pytest.mark.django_db
def test_pages_and_the_api_carry_the_policy(client):
    for url in ("/", "/api/docs/", "/api/v1/procedures/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_the_pages_have_no_inline_script(client):
    for url in ("/", "/api/docs/", "/thu-tuc/"):
        page = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+=\"", page), url


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "Chromium is installed by `make system-deps` (Debian package chromium)"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
def test_htmx_the_language_selector_and_the_docs_work_under_the_policy(
    browser, live_server, transactional_db
):
    commune = CommuneFactory(code="000.00.52.H26", name="Ủy ban nhân dân Phường Tràng Tiền")
    published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[commune])
    desk = StaffFactory(agency=commune, roles=["desk_officer"])
    desk.user.set_password(PASSWORD)
    desk.user.save()

    page = browser.new_context(locale="vi-VN").new_page()
    page.set_default_timeout(15_000)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .info .title").filter(has_text="MotCua API").wait_for()

    page.goto(live_server.url + "/")
    page.locator('nav.lang a[hreflang="en"]').click()
    page.wait_for_selector('html[lang="en"]')
    page.locator('nav.lang a[hreflang="vi"]').click()
    page.wait_for_selector('html[lang="vi"]')

    page.goto(live_server.url + "/can-bo/")
    page.get_by_label("Tên đăng nhập").fill(desk.user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.get_by_label(re.compile("Tìm thủ tục")).fill("dang ky khai sinh")  # htmx: results swapped in
    page.locator("#procedure-results").get_by_role("link", name="Đăng ký khai sinh").wait_for()
    assert refused == []
