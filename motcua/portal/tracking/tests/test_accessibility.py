"""axe-core (vendored, no network) on every portal page of tracking, the home page and the public
pages moved onto the portal layout: no serious or critical violation, in Vietnamese and English;
the same pages at 360 px wide without horizontal scroll; the kiosk goes back to its empty form
after a minute idle (the browser's clock is driven, not waited for)."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), "Chromium is installed by `make system-deps` (Debian package chromium)"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def _pages(world):
    done, open_one = world["done"].code, world["open"].code
    public = [
        "/",
        "/thu-tuc/",
        "/tra-cuu/",
        f"/tra-cuu/{open_one}/",
        "/kiosk/",
        f"/kiosk/?code={open_one}",
        "/danh-gia/",
    ]
    public += ["/co-quan/bo-phan-mot-cua/"]
    citizen = ["/ho-so-cua-toi/", "/thong-bao/", "/danh-gia/", f"/danh-gia/{done}/", "/"]
    return public, citizen


def _session_cookie(user, live_server):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_server.url}]


def violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text())  # Playwright injects it past the CSP, as a test tool
    results = page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}))"
        ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return results


def _walk(browser, live_server, urls, *, width, cookies=None, locale="vi-VN"):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 740}, bypass_csp=True)
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = {}
    for url in urls:
        page.goto(live_server.url + url)
        problems = violations(page)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            problems.append(f"horizontal scroll of {overflow}px at {width}px")
        if problems:
            found[url] = problems
    context.close()
    return found


@pytest.mark.skipif(
    not AXE.exists(), reason="axe-core is vendored at motcua/portal/tracking/tests/vendor/axe.min.js"
)
@pytest.mark.parametrize("width", [1280, 360])
def test_portal_pages_have_no_serious_violation_and_fit_the_width(
    browser, live_server, transactional_db, world, width
):
    public, citizen = _pages(world)
    assert _walk(browser, live_server, public, width=width) == {}
    cookies = _session_cookie(world["citizen"], live_server)
    assert _walk(browser, live_server, citizen, width=width, cookies=cookies) == {}


@pytest.mark.skipif(
    not AXE.exists(), reason="axe-core is vendored at motcua/portal/tracking/tests/vendor/axe.min.js"
)
def test_the_english_pages_and_the_counter_rating_pass_too(browser, live_server, transactional_db, world):
    public, _citizen = _pages(world)
    context_cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    assert _walk(browser, live_server, public[:3], width=360, cookies=context_cookies) == {}
    desk = _session_cookie(world["desk"].user, live_server)
    assert (
        _walk(browser, live_server, [f"/danh-gia-tai-quay/{world['done'].code}/"], width=800, cookies=desk)
        == {}
    )


def test_the_kiosk_resets_after_a_minute_idle_under_the_csp(browser, live_server, transactional_db, world):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1080, "height": 1920})
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.clock.install()
    page.goto(live_server.url + f"/kiosk/?code={world['open'].code}")
    page.locator('li[aria-current="step"]').wait_for()
    page.clock.run_for(59_000)
    assert "code=" in page.url
    with page.expect_navigation():
        page.clock.run_for(2_000)
    assert page.url.endswith("/kiosk/")
    height = page.get_by_role("button", name="Tra cứu").bounding_box()["height"]
    assert height >= 44  # a touch target
    assert refused == []
    context.close()


@pytest.mark.skipif(
    not AXE.exists(), reason="axe-core is vendored at motcua/portal/tracking/tests/vendor/axe.min.js"
)
def test_the_check_catches_a_planted_violation(browser, live_server, transactional_db, world):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/kiosk/")
    page.evaluate("document.querySelector('label[for=kiosk-code]').remove()")  # an input without a label
    assert any(v.startswith("label:") for v in violations(page))
    context.close()


@pytest.fixture
def more(world, live_server, settings, tmp_path):
    """The citizen's other pages with real data: a draft, a paper in the store, a dossier whose fee
    is due; the login page with the VNeID simulator answering on the live server."""
    from django.core.cache import cache
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from motcua.core.tests.files import PDF
    from motcua.dossiers import online, services, store
    from motcua.settings.base import vneid_settings

    from .conftest import _intake

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_SIMULATOR_DIR = str(tmp_path / "simulators")
    issuer = f"{live_server.url}/mo-phong/vneid"
    for name, value in vneid_settings(issuer, "motcua-test", "motcua-test-secret").items():
        setattr(settings, name, value)
    cache.clear()
    now = timezone.now()
    version = world["open"].procedure_version
    online.start(user=world["citizen"], version=version, now=now)
    person = store.person_of(world["citizen"])
    upload = SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf")
    store.keep(applicant=person, file=upload, name="Giấy chứng sinh", now=now)
    actor = services.Actor.officer(world["desk"])
    due = services.receive_at_desk(officer=world["desk"], intake=_intake(version, world["commune"]), now=now)
    due = services.start_processing(dossier=due, actor=actor, now=now)
    fees = [{"name": "Phí cấp bản sao trích lục khai sinh", "amount_vnd": 8000}]
    due = services.await_fees(dossier=due, actor=actor, fees=fees, now=now)
    yield {"due": due}
    cache.clear()


@pytest.mark.skipif(
    not AXE.exists(), reason="axe-core is vendored at motcua/portal/tracking/tests/vendor/axe.min.js"
)
@pytest.mark.parametrize("width", [1280, 360])
def test_the_accounts_store_payment_and_verification_pages_pass_too(
    browser, live_server, transactional_db, world, more, width
):
    """The pages the walks (tests/walks) pass on their way but check at one width only, and those
    they never open: the local account's pages, the drafts, the public lookup of one's own dossier."""
    public = ["/dang-nhap/", "/dang-ky/", "/dang-nhap/mat-khau/", "/xac-minh/", "/thanh-toan/ket-qua/"]
    assert _walk(browser, live_server, public, width=width) == {}
    code = more["due"].code
    citizen = [
        "/tai-khoan/",
        "/nop-truc-tuyen/nhap/",
        "/kho-du-lieu/",
        "/thanh-toan/",
        f"/thanh-toan/{code}/",
    ]
    citizen += [f"/tra-cuu/{code}/", "/ho-so-cua-toi/"]
    cookies = _session_cookie(world["citizen"], live_server)
    assert _walk(browser, live_server, citizen, width=width, cookies=cookies) == {}
