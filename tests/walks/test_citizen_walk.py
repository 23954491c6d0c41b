"""Issue 11's "done when" in Chromium (Playwright, Debian's browser): a citizen logs in through the
VNeID simulator (the real OIDC redirect flow), finds "dang ky khai sinh" typed without diacritics,
submits it online with one paper reused from the personal store and one uploaded, pays the fee of a
certified copy through the payment simulator, the desk receives, the officers process and sign, the
citizen downloads the electronic result, verifies its signature on the verification page and rates
the service. axe-core checks every portal page the walk passes. The same walk on a 360-px phone.

A walk over two screens (the portal and the office), so it lives above both (tests/walks)."""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.catalog.models import ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.core.tests.files import pdf_bytes
from motcua.dossiers import services, store
from motcua.dossiers.models import (
    Applicant,
    Dossier,
    DossierRating,
    PaperSource,
    PaymentAttempt,
    ResultChannel,
    StepState,
)
from motcua.dossiers.states import State
from motcua.integrations.payment.simulator import behaviour
from motcua.integrations.vneid import identities
from motcua.office.tests.test_browser import browser  # noqa: F401 (the fixture)
from motcua.office.tests.test_walks import Walk, pdf_text
from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory
from motcua.portal.tracking.tests.test_accessibility import violations
from motcua.settings.base import vneid_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in the test thread

pytestmark = [pytest.mark.browser]

#: The VNeID simulator's fixed citizen (integrations.vneid.identities.FIXED).
AN = identities.FIXED[0]
CERTIFIED_COPY = "Phí cấp bản sao trích lục khai sinh"


@pytest.fixture
def world(transactional_db, live_server, settings, tmp_path):
    """Hoàn Kiếm's ward with its desk and officers; "Đăng ký khai sinh" online in full, free on time,
    with the certified copy's fee of 8.000 đ a copy; Nguyễn Văn An known from an earlier visit to
    the desk, where his child's birth certificate was scanned into his store."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_SIMULATOR_DIR = str(tmp_path / "simulators")
    # The server's own calls (discovery, token, userinfo, keys) go to the simulator on the live server.
    for name, value in vneid_settings(
        f"{live_server.url}/mo-phong/vneid", "motcua-test", "motcua-test-secret"
    ).items():
        setattr(settings, name, value)
    cache.clear()
    behaviour.reset()
    commune = CommuneFactory(code="000.00.51.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm")
    ServiceDeskFactory(host_agency=commune, name="Bộ phận Một cửa Phường Hoàn Kiếm", phone="024 3826 0000")
    version = published_version(
        code="1.001193",
        name="Đăng ký khai sinh",
        result_name="Giấy khai sinh",
        result_electronic=True,
        channels=["desk", "online_partial", "online_full"],
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[commune],
        requirements=[
            {"name": "Tờ khai đăng ký khai sinh", "kind": "original", "quantity": 1},
            {"name": "Giấy chứng sinh", "kind": "original", "quantity": 1},
        ],
        fees=[
            {"name": "Lệ phí đăng ký khai sinh", "amount_vnd": 0, "text": "Miễn lệ phí", "collected_at": "1"},
            {"name": CERTIFIED_COPY, "amount_vnd": 8000, "text": "8.000 đồng/bản", "collected_at": "4"},
        ],
    )
    process = ProcessDefinition.objects.create(version=version, agency=commune)
    for order, (work, responsible) in enumerate(
        [
            ("Tiếp nhận, chuyển hồ sơ", "Công chức Một cửa"),
            ("Thẩm định hồ sơ", "Công chức tư pháp - hộ tịch"),
            ("Trả kết quả", "Công chức Một cửa"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            process=process, order=order, work=work, responsible=responsible, amount=0.5, unit="working_day"
        )
    person = Applicant.objects.create(
        kind="0", id_number=AN.id_number, full_name=AN.full_name, date_of_birth=AN.date_of_birth
    )
    store.keep(
        applicant=person,
        file=SimpleUploadedFile("giay-chung-sinh.pdf", pdf_bytes(text="Giay chung sinh")),
        name="Giấy chứng sinh",
        source=PaperSource.SCANNED,
        now=timezone.now(),
    )
    yield {
        "version": version,
        "desk": StaffFactory(agency=commune, roles=["desk_officer"], full_name="Lê Thị Một Cửa"),
        "specialist": StaffFactory(agency=commune, roles=["specialist"], full_name="Phạm Văn Chuyên"),
        "leader": StaffFactory(
            agency=commune, roles=["agency_leader"], full_name="Hoàng Văn Lãnh", position="Chủ tịch"
        ),
    }
    behaviour.reset()
    cache.clear()


class Citizen:
    """The citizen's browser. On a desktop, every page the walk reaches with its real data is checked
    by axe-core (serious and critical violations); on the phone, that the page fits 360 px (axe on
    the phone's pages is test_accessibility's, which keeps the walk's time modest)."""

    def __init__(self, browser, base_url, width):  # noqa: F811
        self.base_url, self.phone = base_url, width <= 400
        self.context = browser.new_context(
            locale="vi-VN",
            viewport={"width": width, "height": 740 if self.phone else 1000},
            bypass_csp=True,  # axe-core is injected as a test tool
            accept_downloads=True,
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.found: dict[str, list[str]] = {}

    def check(self, name: str, *, axe: bool = True):
        """`axe=False`: a page test_accessibility checks already (same content, no walk's data)."""
        self.page.locator("main").wait_for()
        if self.phone:
            overflow = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            problems = [f"horizontal scroll of {overflow}px at 360 px"] if overflow > 0 else []
        else:
            problems = violations(self.page) if axe else []
        if problems:
            self.found[name] = problems


class OfficeInTheBrowser:
    """The officers' side through the office workspace (test_walks' walk: one press per act)."""

    def __init__(self, walk, world):
        self.walk, self.world = walk, world

    def receive(self, dossier):
        desk = self.desk = self.walk.as_(self.world["desk"])
        self.walk.open_from_queue(desk, dossier.code)
        self.walk.act(desk, "receive")
        self.walk.act(desk, "start_processing")

    def ask_fee(self, dossier):
        page = self.specialist = self.walk.as_(self.world["specialist"])
        self.walk.open_from_queue(page, dossier.code)
        page.locator('details[data-action="await_fees"] summary').click()
        self.walk.act(
            page, "await_fees", {"Khoản phí, lệ phí, thuế": CERTIFIED_COPY, "Số tiền (đồng)": "8000"}
        )

    def sign_and_return(self, dossier):
        self.specialist.reload()
        self.walk.act(self.specialist, "complete_step", {"Ghi chú, ý kiến xử lý": "Hồ sơ hợp lệ, trình ký."})
        leader = self.walk.as_(self.world["leader"])
        self.walk.open_from_queue(leader, dossier.code)
        self.walk.act(leader, "resolve")
        desk = self.desk
        desk.goto(self.walk.base_url + "/can-bo/")
        self.walk.open_from_queue(desk, dossier.code)
        channel = desk.locator('details[data-action="deliver"]').get_by_label("Hình thức trả")
        assert channel.input_value() == str(ResultChannel.ELECTRONIC)  # as the citizen asked
        self.walk.act(desk, "deliver", {"Người nhận kết quả": AN.full_name})


class OfficeThroughTheCommands:
    """The same acts through the dossier commands the office calls (the phone run's shorter path)."""

    def __init__(self, walk, world):
        self.world = world

    def _as(self, who):
        return {"actor": services.Actor.officer(self.world[who]), "now": timezone.now()}

    def receive(self, dossier):
        dossier = services.accept_submission(dossier=dossier, **self._as("desk"))
        services.start_processing(dossier=dossier, **self._as("desk"))

    def ask_fee(self, dossier):
        fees = [{"name": CERTIFIED_COPY, "amount_vnd": 8000}]
        services.await_fees(dossier=Dossier.objects.get(pk=dossier.pk), fees=fees, **self._as("specialist"))

    def sign_and_return(self, dossier):
        # The signature's PDF work runs its own event loop: not in this thread, where Playwright's runs.
        with ThreadPoolExecutor(1) as thread:
            thread.submit(self._sign_and_return, dossier).result()

    def _sign_and_return(self, dossier):
        dossier = Dossier.objects.get(pk=dossier.pk)
        step = dossier.steps.get(state=StepState.ACTIVE)
        dossier = services.complete_step(dossier=dossier, step=step, **self._as("specialist"))
        dossier = services.resolve(dossier=dossier, generate=True, **self._as("leader"))
        channel = dossier.return_channel
        services.deliver(dossier=dossier, received_by=AN.full_name, channel=channel, **self._as("desk"))


@pytest.mark.parametrize(
    ("width", "office"),
    [(1280, OfficeInTheBrowser), (360, OfficeThroughTheCommands)],
    ids=["desktop", "phone"],
)
def test_citizen_online_to_rated(browser, live_server, world, tmp_path, width, office):  # noqa: F811
    walk = Walk(browser, live_server.url)
    citizen = Citizen(browser, live_server.url, width)
    try:
        _walk(citizen, office(walk, world), tmp_path)
    except Exception:
        citizen.page.screenshot(path=f"/tmp/portal-walk-{width}-failure-citizen.png", full_page=True)
        for i, page in enumerate(walk.pages):
            page.screenshot(path=f"/tmp/portal-walk-{width}-failure-{i}.png", full_page=True)
        raise
    assert citizen.found == {}


def _walk(citizen, office, tmp_path):
    page = citizen.page
    # Login: the portal's VNeID button → the provider's consent page → back, logged in.
    page.goto(citizen.base_url + "/")
    citizen.check("home", axe=False)
    page.get_by_role("link", name="Đăng nhập bằng VNeID").first.click()
    page.get_by_role("heading", name="Đăng nhập Cổng dịch vụ công").wait_for()
    citizen.check("login")
    page.get_by_role("link", name=re.compile("Đăng nhập bằng tài khoản định danh điện tử VNeID")).click()
    page.get_by_role("button", name=re.compile(AN.id_number)).click()
    page.get_by_role("heading", name="Tài khoản của tôi").wait_for()
    assert AN.full_name in page.locator("main").inner_text()
    citizen.check("account")

    # The catalogue, searched without diacritics.
    page.goto(citizen.base_url + "/")
    search = page.get_by_label(re.compile("Tìm thủ tục để nộp trực tuyến"))
    search.fill("dang ky khai sinh")
    search.press("Enter")
    found = page.locator("main").get_by_role("link", name="Đăng ký khai sinh")
    found.first.wait_for()
    citizen.check("procedure list", axe=False)
    found.first.click()
    page.get_by_role("heading", name="Đăng ký khai sinh").wait_for()
    citizen.check("procedure page")
    page.locator("main").get_by_role("link", name="Nộp trực tuyến", exact=True).click()
    page.get_by_role("heading", name="Nộp hồ sơ trực tuyến").wait_for()
    citizen.check("submission start")
    page.get_by_role("button", name="Bắt đầu").click()

    # The wizard, one thing per page.
    page.get_by_role("heading", name="Bạn nộp hồ sơ tới cơ quan nào?").wait_for()
    citizen.check("wizard: agency")
    page.get_by_label(re.compile("Phường Hoàn Kiếm")).check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Tờ khai đăng ký khai sinh").wait_for()
    citizen.check("wizard: upload")
    declaration = tmp_path / "to-khai.pdf"
    declaration.write_bytes(pdf_bytes(text="To khai dang ky khai sinh"))
    page.get_by_label(re.compile("tải lên tệp")).set_input_files(str(declaration))
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("heading", name="Giấy chứng sinh").wait_for()
    citizen.check("wizard: from the store")
    page.get_by_label(re.compile("Giấy chứng sinh — ")).check()  # the scanned one, kept in the store
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.get_by_role("heading", name="Bạn muốn nhận kết quả thế nào?").wait_for()
    citizen.check("wizard: result")
    page.get_by_label(str(ResultChannel.ELECTRONIC.label)).check()
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("heading", name="Kiểm tra trước khi nộp").wait_for()
    citizen.check("wizard: review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_role("heading", name="Đã nộp hồ sơ").wait_for()
    citizen.check("wizard: done")
    dossier = Dossier.objects.get()
    assert dossier.code in page.locator("main").inner_text() and dossier.state == State.SUBMITTED
    papers = {p.name: p for p in dossier.papers.all()}
    assert papers["Giấy chứng sinh"].file and papers["Tờ khai đăng ký khai sinh"].file
    assert papers["Tờ khai đăng ký khai sinh"].source == PaperSource.UPLOADED
    assert papers["Giấy chứng sinh"].source == PaperSource.SCANNED  # taken from the store, as kept
    assert papers["Giấy chứng sinh"].from_store and not papers["Tờ khai đăng ký khai sinh"].from_store

    # The desk receives it from its queue and hands it on; the officer asks for the copy's fee.
    office.receive(dossier)
    office.ask_fee(dossier)

    # The citizen pays through the gateway (the simulator's test card).
    page.goto(citizen.base_url + "/ho-so-cua-toi/")
    citizen.check("my dossiers")
    page.locator("main").get_by_role("link", name="Thanh toán", exact=True).click()
    assert "8.000" in page.locator("main").inner_text() or "8000" in page.locator("main").inner_text()
    citizen.check("payment page")
    page.get_by_role("button", name=re.compile("Thanh toán")).click()
    page.get_by_role("button", name=re.compile("Thanh toán|Xác nhận")).first.click()
    page.get_by_text("thành công").first.wait_for()
    citizen.check("payment result")
    dossier.refresh_from_db()
    assert dossier.state == State.PROCESSING
    [paid] = PaymentAttempt.objects.filter(intent__dossier=dossier, state=PaymentAttempt.State.PAID)
    assert paid.amount_vnd == 8000

    # The officers process and sign; the desk returns the result electronically.
    office.sign_and_return(dossier)
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.return_channel == ResultChannel.ELECTRONIC

    # The citizen downloads the e-result from the account, verifies it, rates the service.
    page.goto(citizen.base_url + "/ho-so-cua-toi/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải kết quả điện tử").click()
    result = tmp_path / "ket-qua.pdf"
    download.value.save_as(result)
    if shutil.which("pdftotext"):
        assert "GIẤY KHAI SINH" in pdf_text(result.read_bytes())
    page.goto(citizen.base_url + "/kho-du-lieu/")
    assert "Giấy khai sinh" in page.locator("main").inner_text()  # kept in the store for later
    citizen.check("store")
    page.goto(citizen.base_url + "/xac-minh/")
    citizen.check("verification")
    page.get_by_label("Tệp PDF kết quả").set_input_files(str(result))
    page.get_by_role("button", name="Xác minh").click()
    page.get_by_text("Chữ ký số hợp lệ.").wait_for()
    assert "Hoàng Văn Lãnh" in page.locator("main").inner_text()
    citizen.check("verification result")
    page.goto(citizen.base_url + "/ho-so-cua-toi/")
    page.locator("main").get_by_role("link", name="Đánh giá", exact=True).click()
    page.get_by_role("heading", name="Đánh giá mức độ hài lòng").wait_for()
    citizen.check("rating")
    for group in page.locator("fieldset.choices").all():
        group.get_by_role("radio").first.check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Cảm ơn bạn đã đánh giá.").wait_for()
    assert DossierRating.objects.filter(dossier=dossier).exists()
    if page.viewport_size["width"] <= 400:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"horizontal scroll of {overflow}px at 360 px"
