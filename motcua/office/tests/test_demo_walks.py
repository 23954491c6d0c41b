"""Issue 9's "done when": a Playwright walk, one per demo role, logs in with the demo account and
finds work in its queue. The demo is loaded by `manage.py load_demo` itself (organisation,
catalogue, its 240 generated dossiers at the demo accounts' agencies, about 15 s): with fewer
dossiers (60) some role's queue is empty on some days (the generator's dates follow today), so the
test loads what the demo loads."""

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.org.demo import DEMO_PASSWORD

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
