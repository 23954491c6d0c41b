"""Query budgets for the tests (NetBox's idea): one committed baseline, `motcua/query_counts.json`,
of how many SQL queries each endpoint and office page may cost; one helper checks it.

    from motcua.core.testing import query_budget

    with query_budget("api.dossiers.list"):
        client.get("/api/v1/dossiers/")

A request that costs more than its baseline fails the test (an N+1 cannot slip in); one that
costs less passes (lower the baseline when you mean it). After an intended change, rewrite the
baseline from a run:

    MOTCUA_QUERY_COUNTS=rewrite .venv/bin/pytest -p no:xdist <the tests>

which records every budget the run meets (a name met several times keeps its largest count).
Counts are of queries sent to the database, savepoints included, the same on SQLite and
PostgreSQL for these requests (the suite runs on both).
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path

from django.db import connections
from django.test.utils import CaptureQueriesContext

BASELINE = Path(__file__).resolve().parents[1] / "query_counts.json"
_met_in_this_run: dict[str, int] = {}


def rewriting() -> bool:
    return os.environ.get("MOTCUA_QUERY_COUNTS") == "rewrite"


def baseline() -> dict[str, int]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}


def _record(name: str, count: int) -> None:
    count = max(count, _met_in_this_run.get(name, 0))
    _met_in_this_run[name] = count
    with open(BASELINE, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # parallel workers rewrite one file
        handle.seek(0)
        text = handle.read()
        data = json.loads(text) if text.strip() else {}
        data[name] = count
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(dict(sorted(data.items())), indent=2, ensure_ascii=False) + "\n")


@contextmanager
def query_budget(name: str, *, using: str = "default"):
    """Count the queries of the block and hold them to the baseline of `name`; yields the capture
    (its `captured_queries` list, for tests that also look at what was sent)."""
    with CaptureQueriesContext(connections[using]) as captured:
        yield captured
    count = len(captured.captured_queries)
    if rewriting():
        _record(name, count)
        return
    budgets = baseline()
    assert name in budgets, (
        f"no query budget for {name!r} in {BASELINE.name}: run the test with MOTCUA_QUERY_COUNTS=rewrite"
    )
    if count > budgets[name]:
        sent = "\n".join(f"{n}. {q['sql']}" for n, q in enumerate(captured.captured_queries, start=1))
        raise AssertionError(
            f"{name}: {count} queries, the baseline allows {budgets[name]} ({BASELINE.name}).\n"
            "If the new count is intended, rewrite the baseline (MOTCUA_QUERY_COUNTS=rewrite).\n" + sent
        )
