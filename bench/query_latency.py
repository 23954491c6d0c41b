"""Latency of the officers' reads and the public status lookup, over HTTP (issue 4 targets).

    .venv/bin/python bench/query_latency.py --url http://127.0.0.1:8765 --accounts var/bench/accounts.json

- "my work" queue: `GET /can-bo/` (the officers' workspace page, server-rendered) — median < 50 ms;
- the dossier list: `GET /api/v1/dossiers/` (first page, default ordering) — median < 50 ms;
- the public status lookup: `GET /api/v1/tracking/<code>/` on a sample of codes — p99 < 20 ms.

One client, sequential requests on a keep-alive connection (what one officer waits for), a few
warm-up requests discarded. Sessions and codes come from `dossiers_load.py prepare`. Only
127.0.0.1. Exits 1 when a target is missed (the figures are printed either way).

`--explain` (needs DATABASE_URL and Django, no server): runs the same three views in-process,
captures their SQL and prints EXPLAIN (ANALYZE, BUFFERS) of each query slower than 5 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

TARGETS = {"queue": ("median", 50.0), "list": ("median", 50.0), "tracking": ("p99", 20.0)}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


class Client:
    def __init__(self, url: str):
        parsed = urlparse(url)
        if parsed.hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit(f"query_latency: only 127.0.0.1, not {parsed.hostname!r}")
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def get(self, path: str, session: str | None = None) -> tuple[int, float, int]:
        headers = {"Accept-Language": "vi", "Accept": "application/json, text/html"}
        if session:
            headers["Cookie"] = f"sessionid={session}"
        for attempt in (1, 2):  # a server that closed the idle connection gets one retry
            started = time.perf_counter()
            try:
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                body = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
        return response.status, (time.perf_counter() - started) * 1000, len(body)


def measure(client: Client, requests: list[tuple[str, str | None]], warmup: int = 3) -> dict:
    times, statuses = [], {}
    for i, (path, session) in enumerate(requests):
        status, ms, _size = client.get(path, session)
        statuses[status] = statuses.get(status, 0) + 1
        if i >= warmup:
            times.append(ms)
    return {
        "n": len(times),
        "median": round(statistics.median(times), 2) if times else None,
        "p95": round(percentile(times, 95), 2),
        "p99": round(percentile(times, 99), 2),
        "max": round(max(times), 2) if times else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


def run(url: str, accounts: dict, repeat: int) -> dict:
    client = Client(url)
    users = accounts["queue_users"]
    queue = [("/can-bo/", u["session"]) for _ in range(repeat) for u in users]
    listing = [("/api/v1/dossiers/", u["session"]) for _ in range(repeat) for u in users]
    tracking = [(f"/api/v1/tracking/{code}/", None) for code in accounts["codes"]]
    result = {
        "dossiers": accounts.get("dossiers"),
        "queue": measure(client, queue),
        "list": measure(client, listing),
        "tracking": measure(client, tracking),
    }
    for name, (stat, limit) in TARGETS.items():
        value = result[name][stat]
        result[name]["target"] = f"{stat} < {limit:g} ms"
        result[name]["ok"] = value is not None and value < limit and set(result[name]["statuses"]) == {"200"}
    return result


def explain(accounts: dict) -> None:
    import os

    import django

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")
    django.setup()
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from motcua.org.models import Staff

    staff = Staff.objects.select_related("user").get(user__username=accounts["queue_users"][0]["username"])
    client = DjangoClient(HTTP_HOST="127.0.0.1")
    client.force_login(staff.user)
    for path in ("/can-bo/", "/can-bo/", "/api/v1/dossiers/", f"/api/v1/tracking/{accounts['codes'][0]}/"):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        print(f"\n### {path}: {response.status_code}, {elapsed:.1f} ms, {len(captured)} queries")
        for query in captured.captured_queries:
            if float(query["time"]) * 1000 < 5 or not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            print(f"\n-- {float(query['time']) * 1000:.1f} ms\n{query['sql']}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--accounts", type=Path, default=Path("var/bench/accounts.json"))
    parser.add_argument("--repeat", type=int, default=30, help="requests per officer and endpoint")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slow queries (in-process)"
    )
    args = parser.parse_args(argv)
    accounts = json.loads(args.accounts.read_text(encoding="utf-8"))
    if args.explain:
        explain(accounts)
        return 0
    result = run(args.url, accounts, args.repeat)
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for name in TARGETS:
            r = result[name]
            print(
                f"{name:9} n={r['n']:5}  median {r['median']} ms  p95 {r['p95']} ms  p99 {r['p99']} ms  "
                f"({r['target']}: {'ok' if r['ok'] else 'MISSED'})  {r['statuses']}"
            )
    return 0 if all(result[n]["ok"] for n in TARGETS) else 1


if __name__ == "__main__":
    sys.exit(main())
