"""Issue 9's "done when": a Playwright walk, one per demo role, logs in with the demo account and
finds work in its queue. The demo is loaded by `manage.py load_demo` itself (organisation,
catalogue, its 240 generated dossiers at the demo accounts' agencies, about 15 s): the test loads
what the demo loads, at a fixed reference instant (`--until`)."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from motcua.org.demo import DEMO_PASSWORD
from motcua.workcal import VN_TZ

from .test_browser import browser  # noqa: F401 (the fixture)
from .test_walks import Walk

pytestmark = [pytest.mark.browser]

ROLES = ("motcua", "chuyenvien", "truongphong", "lanhdao", "kiemsoat", "quantri")
ACCOUNTS = [f"{place}.{role}" for place in ("stp", "hoankiem") for role in ROLES]


#: The demo's histories are generated up to a reference instant (default: now). Fixed here, so that
#: which steps are active, and so which queues hold work, does not change with the day the suite runs
#: (weekends and holidays before "now" move the stories); `make demo` itself uses now.
DEMO_UNTIL = "2026-12-02T10:00"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", until=DEMO_UNTIL, stdout=StringIO())


def test_every_demo_role_finds_work_in_its_queue(browser, live_server, demo):  # noqa: F811
    walk = Walk(browser, live_server.url)
    empty = []
    try:
        for username in ACCOUNTS:
            page = walk.as_(username, password=DEMO_PASSWORD)
            rows = page.locator("table tbody tr:not(.queue-more)")
            if page.get_by_text("Không có hồ sơ nào đang chờ bạn.").count() or not rows.count():
                empty.append(username)
                continue
            # The first dossier of the queue opens from it.
            code = rows.first.locator("td a").first.inner_text()
            walk.open_from_queue(page, code)
            assert code in page.locator("h1").inner_text()
            page.context.close()
    except Exception:
        for i, page in enumerate(walk.pages):
            if not page.is_closed():
                page.screenshot(path=f"/tmp/office-demo-failure-{i}.png", full_page=True)
        raise
    assert not empty, f"demo accounts with an empty queue: {empty}"


#: The bands each demo account's queue must show at DEMO_UNTIL (office/queue.py's BANDS: overdue,
#: due within a day, on track; paused for the desk, whose queue lists the dossiers waiting for the
#: applicant's supplement or fee). At Sở Tư pháp the specialist's, unit head's and leader's steps are
#: budgeted in working hours (certification, same day): a step of less than a working day is never
#: "on track" (more than a working day left), so those three show overdue and due soon only.
EVERY_COLOUR = {"overdue", "soon", "on_track"}
EXPECTED_BANDS = {
    "stp.motcua": EVERY_COLOUR | {"paused"},
    "stp.chuyenvien": {"overdue", "soon"},
    "stp.truongphong": {"overdue", "soon"},
    "stp.lanhdao": {"overdue", "soon"},
    "hoankiem.motcua": EVERY_COLOUR | {"paused"},
    "hoankiem.chuyenvien": EVERY_COLOUR,
    "hoankiem.truongphong": EVERY_COLOUR,
    "hoankiem.lanhdao": EVERY_COLOUR,
}


@pytest.mark.django_db
def test_every_demo_queue_shows_every_colour(client, settings, monkeypatch):
    """The queue as rendered at the demo's reference instant: its counts per band (data-band) hold
    work in each band the role is expected to see."""
    call_command("load_demo", until=DEMO_UNTIL, stdout=StringIO())
    at = parse_datetime(DEMO_UNTIL).replace(tzinfo=VN_TZ)
    monkeypatch.setattr(timezone, "now", lambda: at)
    missing = {}
    counts_by_account = {}
    for username, expected in EXPECTED_BANDS.items():
        client.force_login(get_user_model().objects.get(username=username))
        html = client.get("/can-bo/").content.decode()
        counts = {band: int(n) for band, n in re.findall(r'data-band="(\w+)">(\d+)<', html)}
        counts_by_account[username] = counts
        empty = {band for band in expected if not counts.get(band)}
        if empty:
            missing[username] = sorted(empty)
    assert not missing, (missing, counts_by_account)
