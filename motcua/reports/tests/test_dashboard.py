"""The leaders' dashboard on hand-built dossiers; its SVG charts and their accessible names."""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest

from motcua.catalog.tests.factories import published_version
from motcua.dossiers.models import DossierStep, StepOutcome, StepState
from motcua.dossiers.states import Channel, State
from motcua.org.tests.factories import CommuneFactory, StaffFactory
from motcua.reports import charts, index766
from motcua.reports.dashboard import dashboard, months_back
from motcua.reports.periods import Period

from .builders import at, dossier

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def ward(db):
    return CommuneFactory(code="000.00.41.H26", name="Ủy ban nhân dân Phường Ba Đình")


@pytest.fixture
def births(ward):
    return published_version(code="1.001193", name="Đăng ký khai sinh", implementing_agencies=[ward])


@pytest.fixture
def marriages(ward):
    return published_version(code="1.000894", name="Đăng ký kết hôn", implementing_agencies=[ward])


@pytest.fixture
def history(ward, births, marriages):
    dossier(births, ward, State.RETURNED, received=at(3), due=at(6), finished=at(5))  # early
    dossier(
        births, ward, State.RETURNED, received=at(3), due=at(6), finished=at(9), channel=Channel.ONLINE
    )  # late
    dossier(births, ward, State.PROCESSING, received=at(4), due=at(10))  # open, overdue at the end
    dossier(marriages, ward, State.RETURNED, received=at(3), due=at(6, 16), finished=at(6, 10))  # on time
    dossier(marriages, ward, State.PROCESSING, received=at(20), due=at(4, month=12), channel=Channel.ONLINE)
    dossier(
        births, ward, State.RETURNED, received=at(6, month=10), due=at(9, month=10), finished=at(8, month=10)
    )
    late = dossier(
        births, ward, State.RETURNED, received=at(10), due=at(12), finished=at(16), channel=Channel.ONLINE
    )
    for order, outcome in ((1, StepOutcome.ON_TIME), (2, StepOutcome.LATE)):
        DossierStep.objects.create(
            dossier=late,
            order=order,
            work=f"Bước {order}",
            agency=ward,
            budget_amount=1,
            budget_unit="working_day",
            state=StepState.DONE,
            completed_at=at(11 + order),
            outcome=outcome,
        )


def test_dashboard_figures(ward, history):
    board = dashboard(ward.code, [ward.pk], NOVEMBER, now=at(30))
    assert board.counts.received == 6
    assert (board.counts.resolved, board.counts.resolved_late, board.counts.open_overdue) == (4, 2, 1)
    assert board.counts.on_time_rate == Decimal("50.00")
    assert (board.online, board.online_share) == (3, Decimal("50.00"))
    assert [row.code for row in board.worst_procedures] == ["1.001193"]  # marriages: nothing late
    assert board.worst_procedures[0].late == 3
    [step] = board.worst_steps
    assert (step.code, step.order, step.done, step.late) == ("1.001193", 2, 1, 1)
    assert [m.period.start for m in board.trend][-2:] == [dt.date(2026, 10, 1), dt.date(2026, 11, 1)]
    assert (board.trend[-2].counts.received, board.trend[-2].counts.on_time_rate) == (1, Decimal("100.00"))
    assert board.index_766 == index766.total_for([ward.pk], board.period)  # the index's own total
    assert board.index_766 is not None


def test_every_figure_links_to_the_statistics_behind_it(ward, history):
    board = dashboard(ward.code, [ward.pk], NOVEMBER, now=at(30))
    link = urlparse(board.links["open_overdue"])
    assert link.path == "/bao-cao/thong-ke/"
    assert parse_qs(link.query) == {
        "unit": [ward.code],
        "from": ["2026-11-01"],
        "to": ["2026-11-30"],
        "column": ["open_overdue"],
    }
    assert parse_qs(urlparse(board.worst_procedures[0].href).query)["by"] == ["procedure"]


def test_twelve_months_back_across_the_year():
    months = months_back(dt.date(2026, 3, 15))
    assert len(months) == 12
    assert (months[0].start, months[-1].end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))


def test_chart_geometry():
    chart = charts.build(
        id="c",
        title="T",
        description="D",
        items=[("a", 50, "/x"), ("b", None, "/y"), ("c", 100, "/z")],
        kind="line",
        maximum=100,
    )
    assert chart.marks[0].height * 2 == pytest.approx(chart.marks[2].height)
    assert chart.marks[1].height == 0
    assert len(chart.points.split()) == 2  # the month without a value is left out of the line


def test_dashboard_page_renders_accessible_svg(client, ward, history):
    leader = StaffFactory(agency=ward, roles=["agency_leader"])
    client.force_login(leader.user)
    page = client.get(f"/bao-cao/?unit={ward.code}&from=2026-11-01&to=2026-11-30")
    assert page.status_code == 200
    html = page.content.decode()
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for name in ids:  # the title and the description the chart is named by exist
            assert re.search(rf'<(title|desc) id="{name}">[^<]+</', html)
    assert '<title id="chart-received-title">Hồ sơ tiếp nhận theo tháng</title>' in html
    assert "<caption>Hồ sơ tiếp nhận theo tháng</caption>" in html  # the table fallback
    assert 'href="/bao-cao/thong-ke/?unit=000.00.41.H26' in html
    assert ">Báo cáo</a>" in html  # the workspace menu's entry
    assert "Trần Thị Lan" not in html


def test_dashboard_refuses_other_units_and_roles(client, ward, history):
    other = CommuneFactory(code="000.00.43.H26")
    leader = StaffFactory(agency=ward, roles=["agency_leader"])
    client.force_login(leader.user)
    assert client.get(f"/bao-cao/?unit={other.code}").status_code == 403
    desk = StaffFactory(agency=ward, roles=["desk_officer"])
    client.force_login(desk.user)
    assert client.get("/bao-cao/").status_code == 403


def test_dashboard_api(client, ward, history):
    leader = StaffFactory(agency=ward, roles=["unit_head"])
    client.force_login(leader.user)
    answer = client.get(f"/api/v1/dashboard/?unit={ward.code}&from=2026-11-01&to=2026-11-30")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["counts"]["on_time_rate"], body["online_share"], body["at_risk"]) == ("50.00", "50.00", 0)
    assert len(body["trend"]) == 12
    assert client.get(f"/api/v1/dashboard/?unit={ward.code}").json()["code"] == "period_required"
