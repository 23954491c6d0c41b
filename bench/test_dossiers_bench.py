"""Smoke test of the dossier benchmark: the generator command, `prepare`, the latency script and
the locust file all run, on a tiny province (SQLite is fine). The real figures: bench/README.md."""

import csv
import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.contrib.auth import get_user
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connections
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.models import Dossier, DossierCodeCounter
from motcua.simulation.tests.conftest import province  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parent.parent


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(transactional_db, province):  # noqa: F811
    """The app served from this process (it shares the test database)."""
    handler = WSGIHandler()

    def app(environ, start_response):
        try:
            return handler(environ, start_response)
        finally:
            connections.close_all()  # the server thread keeps no connection to the test database

    httpd = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def test_generate_dossiers_command(province, capsys):  # noqa: F811
    call_command(
        "generate_dossiers", "--count", "40", "--seed", "3", "--days", "10", "--until", "2026-11-20T17:00",
        "--via", "bulk", "--no-progress",
    )  # fmt: skip
    assert Dossier.objects.count() == 40
    assert "40 hồ sơ (bulk" in capsys.readouterr().out
    # The counters continue the daily sequences: the last code of each agency and day is its counter.
    for counter in DossierCodeCounter.objects.select_related("agency"):
        prefix = f"{counter.agency.code}-{counter.day:%y%m%d}-"
        codes = sorted(Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True))
        assert codes == [f"{prefix}{n:04d}" for n in range(1, counter.last + 1)]


def test_bench_scripts_run(server, tmp_path):
    call_command(
        "generate_dossiers", "--count", "60", "--seed", "1", "--days", "10", "--until", "2026-11-20T17:00",
        "--via", "bulk", "--no-progress",
    )  # fmt: skip
    from bench.dossiers_load import prepare

    accounts = tmp_path / "accounts.json"
    data = prepare(accounts, codes=20)
    assert data["officers"] and data["queue_users"] and data["codes"]
    # A prepared session is an officer's password login: the user comes with the staff record in one
    # query (org.auth.StaffBackend), as in production, not one more per request.
    request = HttpRequest()
    request.session = SessionStore(data["officers"][0]["session"])
    with CaptureQueriesContext(connections["default"]) as captured:
        user = get_user(request)
        assert user.staff.agency.code == data["officers"][0]["agency"]
    assert len(captured) == 2, [q["sql"] for q in captured.captured_queries]  # the session, the user

    latency = subprocess.run(
        [sys.executable, "bench/query_latency.py", "--url", server, "--accounts", str(accounts), "--repeat", "2",
         "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    result = json.loads(latency.stdout)
    for name in ("queue", "list", "tracking"):
        assert result[name]["n"] > 0 and set(result[name]["statuses"]) == {"200"}, (name, result[name])

    # Bounded by work, not by seconds (BENCH_INTAKES): a busy machine makes the run slower, never
    # empty. --run-time is only the safety net against a hung server.
    prefix = tmp_path / "intake"
    locust = subprocess.run(
        [sys.executable, "-m", "locust", "-f", "bench/locustfile.py", "--headless", "-H", server, "-u", "2",
         "-r", "2", "--run-time", "240s", "--stop-timeout", "30", "--only-summary", "--csv", str(prefix),
         "--loglevel", "ERROR"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "BENCH_ACCOUNTS": str(accounts), "BENCH_INTAKES": "6"},
    )  # fmt: skip
    stats = (tmp_path / "intake_stats.csv").read_text(encoding="utf-8")
    rows = {row["Name"]: row for row in csv.DictReader(io.StringIO(stats))}
    assert "intake" in rows, (stats, locust.stderr)
    requests, failures = int(rows["intake"]["Request Count"]), int(rows["intake"]["Failure Count"])
    assert 0 < requests <= 6 and failures == 0, (
        stats,
        (tmp_path / "intake_failures.csv").read_text(),
        locust.stderr,
    )
    assert 60 + requests <= Dossier.objects.count() <= 66  # an intake cut at the stop may still land
