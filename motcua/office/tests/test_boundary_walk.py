"""Issue 17's walk (Decree 118/2025, boundary-free intake) in Chromium: a Phường Cửa Nam citizen's
dossier received at Hoàn Kiếm's centre by its desk officer, handed to Cửa Nam at once, processed
by Cửa Nam's specialist and leader, and returned at Hoàn Kiếm."""

import datetime as dt
import re

import pytest

from motcua.catalog.models import BoundaryFreeOpening, ProcessDefinition, ProcessStep
from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import Dossier
from motcua.dossiers.states import State
from motcua.org.models import DeskKind
from motcua.org.tests.factories import CommuneFactory, ProvinceFactory, ServiceDeskFactory, StaffFactory

from .test_browser import browser  # noqa: F401 (the fixture)
from .test_walks import Walk, _screenshots

pytestmark = [pytest.mark.browser]


@pytest.fixture
def two_wards(transactional_db):
    city = ProvinceFactory()
    hoankiem = CommuneFactory(code="000.00.100.H26", name="Ủy ban nhân dân Phường Hoàn Kiếm", parent=city)
    cuanam = CommuneFactory(code="000.00.101.H26", name="Ủy ban nhân dân Phường Cửa Nam", parent=city)
    centre = ServiceDeskFactory(
        name="Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm",
        kind=DeskKind.COMMUNE_CENTRE,
        host_agency=hoankiem,
    )
    version = published_version(
        code="2.000908",
        name="Cấp bản sao trích lục hộ tịch",
        time_amount=3,
        time_unit="working_day",
        implementing_agencies=[hoankiem, cuanam],
        requirements=[{"name": "Tờ khai cấp bản sao trích lục", "kind": "original", "quantity": 1}],
    )
    process = ProcessDefinition.objects.create(version=version, agency=cuanam)
    for order, (work, responsible) in enumerate(
        [
            ("Tiếp nhận, chuyển hồ sơ", "Công chức Một cửa"),
            ("Thẩm định hồ sơ", "Chuyên viên tư pháp - hộ tịch"),
            ("Trả kết quả", "Công chức Một cửa"),
        ],
        start=1,
    ):
        ProcessStep.objects.create(
            process=process, order=order, work=work, responsible=responsible, amount=0.5, unit="working_day"
        )
    BoundaryFreeOpening.objects.create(
        procedure=version.procedure, valid_from=dt.date(2025, 7, 1), published_list="Quyết định số 1/QĐ-UBND"
    )
    return {
        "desk": StaffFactory(
            user__username="hoankiem.motcua",
            agency=hoankiem,
            desk=centre,
            roles=["desk_officer"],
            full_name="Lê Thị Một Cửa",
        ),
        "specialist": StaffFactory(
            user__username="cuanam.chuyenvien",
            agency=cuanam,
            roles=["specialist"],
            full_name="Phạm Văn Chuyên",
        ),
        "leader": StaffFactory(
            user__username="cuanam.lanhdao",
            agency=cuanam,
            roles=["agency_leader"],
            full_name="Hoàng Văn Lãnh",
            position="Chủ tịch",
        ),
        "cuanam": cuanam,
        "hoankiem": hoankiem,
    }


def test_received_at_hoan_kiem_processed_by_cua_nam_returned_at_hoan_kiem(browser, live_server, two_wards):  # noqa: F811
    walk = Walk(browser, live_server.url)
    try:
        _walk(walk, two_wards)
    except Exception:
        _screenshots(walk, "boundary-failure")
        raise


def _walk(walk, world):
    # Hoàn Kiếm's centre picks Cửa Nam as the competent agency and finds the procedure it opened.
    page = walk.as_(world["desk"])
    page.get_by_role("link", name="Tiếp nhận hồ sơ").click()
    page.locator("#id_search_agency").select_option(label="Ủy ban nhân dân Phường Cửa Nam")
    page.get_by_label(re.compile("Tìm thủ tục")).fill("trich luc")
    page.locator("#procedure-results").get_by_role("link", name="Cấp bản sao trích lục hộ tịch").click()
    assert "hồ sơ được chuyển ngay đến Ủy ban nhân dân Phường Cửa Nam" in page.content()
    applicant = page.get_by_role("group", name=re.compile("Người nộp hồ sơ"))
    applicant.get_by_label(re.compile("Số định danh cá nhân")).fill("001190012345")
    page.get_by_text("Chưa có người nộp với số định danh này").wait_for()
    applicant.get_by_label("Họ và tên").fill("Trần Thị Lan")
    applicant.get_by_label("Địa chỉ").fill("5 Hàng Bông, Phường Cửa Nam, Hà Nội")
    page.get_by_label(re.compile("^Tờ khai cấp bản sao trích lục")).check()
    page.get_by_label("Nơi nhận kết quả").select_option(label="Tại trung tâm đã tiếp nhận")
    page.get_by_role("button", name="Tiếp nhận hồ sơ và cấp giấy hẹn").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    dossier = Dossier.objects.get()
    # Handed to Cửa Nam in the intake's own act: nothing left for Hoàn Kiếm's desk until the result.
    assert dossier.agency == world["cuanam"] and dossier.receiving_agency == world["hoankiem"]
    assert dossier.state == State.PROCESSING
    assert "Đang xử lý" in page.locator("[data-state]").inner_text()

    # Cửa Nam's specialist finds it in the queue and appraises it; the leader approves.
    page = walk.as_(world["specialist"])
    walk.open_from_queue(page, dossier.code)
    walk.act(page, "complete_step", {"Ghi chú, ý kiến xử lý": "Hồ sơ hợp lệ."})
    page = walk.as_(world["leader"])
    walk.open_from_queue(page, dossier.code)
    walk.act(page, "resolve")
    assert "Đã xử lý xong" in page.locator("[data-state]").inner_text()

    # Hoàn Kiếm's desk gets it back in its queue and returns the result there.
    page = walk.pages[0]
    page.goto(walk.base_url + "/can-bo/")
    assert "Trả kết quả" in page.locator("tr", has_text=dossier.code).inner_text()
    walk.open_from_queue(page, dossier.code)
    walk.act(page, "deliver", {"Người nhận kết quả": "Trần Thị Lan"})
    assert "Đã trả kết quả" in page.locator("[data-state]").inner_text()
    dossier.refresh_from_db()
    assert dossier.state == State.RETURNED and dossier.returned_to == "Trần Thị Lan"
    assert not dossier.steps.exclude(state="done").exists()
