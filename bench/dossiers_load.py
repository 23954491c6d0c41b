"""Dossier benchmarks with a million dossiers (issue 4): load, API intake under locust, latencies.

    make bench-dossiers DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench [BENCH_COUNT=1000000]
    # = .venv/bin/python bench/dossiers_load.py run --count 1000000

`run` does, on the database of DATABASE_URL (never the default one: pass it explicitly):
1. `migrate`, `load_demo` when the database has no agency yet;
2. `generate_dossiers --count N` when it holds fewer than N dossiers (timed: the load figure);
3. `prepare`: sessions for the generated desk officers (`gen.<agency>.motcua`) and the officers
   whose queues are timed, their agencies' procedures with the mandatory papers, a sample of codes;
4. gunicorn (production settings, DEBUG off, its own SECRET_KEY, Celery tasks queued in a local
   Redis database instead of run in the request) on 127.0.0.1 only;
5. locust as its own process, headless, bounded users and run time: `POST /api/v1/dossiers/`;
6. `bench/query_latency.py`: "my work" queue, dossier list, public status lookup, over HTTP;
7. stops gunicorn and writes var/bench/summary.json (and prints it).

Smaller runs: `--count 20000 --run-time 15s` (smoke). Every process it starts stops by itself or
is stopped by it; load goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
OUT = ROOT / "var" / "bench"
STAFF_BACKEND = "motcua.org.auth.StaffBackend"  # what an officer's password login records in the session


def _env(database_url: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, PYTHONPATH=str(ROOT), **extra)
    env.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")
    return env


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def _count(env: dict, what: str) -> int:
    code = f"from {what.rsplit('.', 1)[0]} import {what.rsplit('.', 1)[1]} as M; print(M.objects.count())"
    return int(_manage(env, "shell", "-c", code).strip().splitlines()[-1])


def _load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------------------------------------
# prepare (runs Django in this process; never imports locust)


def prepare(out: Path, *, codes: int = 3000, queue_agencies: int = 3) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.db.models import Count

    from motcua.catalog.intake import checklist, resolve_case
    from motcua.catalog.models import Presentation, ProcedureVersion, VersionState
    from motcua.dossiers.models import Dossier
    from motcua.org.models import Staff
    from motcua.simulation.world import usable

    def session(user) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        # The backend an officer's password login records: StaffBackend, which loads the staff record
        # with the user (one query). Not AUTHENTICATION_BACKENDS[-1]: since the citizens' VNeID backend
        # came last, that put every bench session on it, and each request read the staff apart.
        assert STAFF_BACKEND in settings.AUTHENTICATION_BACKENDS, settings.AUTHENTICATION_BACKENDS
        store[BACKEND_SESSION_KEY] = STAFF_BACKEND
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.set_expiry(6 * 3600)
        store.create()
        return store.session_key

    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load, done now (this machine's server runs with
        # autovacuum off): statistics for every table, small ones included (without them the planner
        # guessed 20 agencies instead of 165 and nested-looped the "my work" query over them: 43 ms
        # instead of 8 ms), and the visibility map, without which the list's COUNT(*) of an agency's
        # 40,000 dossiers reads the heap (25 ms) instead of the index only (8 ms).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")

    officers = []
    desk = Staff.objects.filter(user__username__startswith="gen.", user__username__endswith=".motcua")
    for staff in desk.select_related("user", "agency").order_by("agency__code"):
        procedures = []
        versions = ProcedureVersion.objects.filter(
            state=VersionState.PUBLISHED, implementing_agencies=staff.agency
        ).select_related("procedure")
        for version in versions.prefetch_related("requirements", "cases"):
            if not usable(version) or version.result_paper or version.result_electronic:
                continue
            # The default case's mandatory components for the desk, one per group of alternatives:
            # the papers a desk officer ticks (catalog.intake decides which apply).
            case = resolve_case(version, None)
            chosen = [
                item if not isinstance(item, list) else item[0]
                for item in checklist(version, case=case, channel=1).items
                if (any(r.mandatory for r in item) if isinstance(item, list) else item.mandatory)
            ]
            papers = [
                {
                    "id": r.pk,
                    "kind": {"either": "copy"}.get(r.kind, r.kind),
                    "count": min(max(r.quantity or 1, 1), 100),
                    "shown_only": r.presentation == Presentation.SHOW,
                }
                for r in chosen
            ]
            procedures.append(
                {"code": version.procedure.code, "case": case.pk if case else None, "papers": papers}
            )
        if procedures:
            officers.append(
                {
                    "username": staff.user.username,
                    "agency": staff.agency.code,
                    "session": session(staff.user),
                    "procedures": procedures,
                }
            )
    busiest = [
        row["agency_id"]
        for row in Dossier.objects.values("agency_id").annotate(n=Count("id")).order_by("-n")[:queue_agencies]
    ]
    queue_users = []
    for staff in (
        Staff.objects.filter(user__username__startswith="gen.", agency_id__in=busiest)
        .select_related("user", "agency")
        .order_by("agency__code", "user__username")
    ):
        queue_users.append(
            {"username": staff.user.username, "agency": staff.agency.code, "session": session(staff.user)}
        )
    with connection.cursor() as cursor:
        sample = []
        if connection.vendor == "postgresql":  # a page sample: no sort of a million rows
            cursor.execute(
                "SELECT code FROM dossiers_dossier TABLESAMPLE SYSTEM (5) REPEATABLE (1) LIMIT %s", [codes]
            )
            sample = [row[0] for row in cursor.fetchall()]
        if len(sample) < codes // 2:  # a small table
            cursor.execute("SELECT code FROM dossiers_dossier ORDER BY random() LIMIT %s", [codes])
            sample = [row[0] for row in cursor.fetchall()]
    data = {
        "officers": officers,
        "queue_users": queue_users,
        "codes": sample,
        "dossiers": Dossier.objects.count() if connection.vendor != "postgresql" else _estimate(connection),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return data


def _estimate(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        return cursor.fetchone()[0]


# ---------------------------------------------------------------------------------------------
# gunicorn


class Server:
    def __init__(self, env: dict, *, port: int, workers: int, threads: int):
        self.url = f"http://127.0.0.1:{port}"
        args = [
            PY, "-m", "gunicorn", "motcua.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers),
            "--threads", str(threads),
            "--worker-class", "gthread" if threads > 1 else "sync",
            "--timeout", "60",
            "--graceful-timeout", "5",
            "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            "--error-logfile", str(OUT / "gunicorn.log"),
            "--capture-output",
        ]  # fmt: skip
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)

    def wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {OUT / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def server_env(database_url: str, *, broker: str) -> dict:
    return _env(
        database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", "bench-" + "x" * 50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        DB_CONN_MAX_AGE="600",
        # Plain HTTP on 127.0.0.1: production's HTTPS redirect and HSTS off for the benchmark only.
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        CELERY_BROKER_URL=broker,
        CELERY_TASK_ALWAYS_EAGER="false",
        # A shared cache, as in production: sessions (cached_db) and the calendars' version counter.
        REDIS_CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14"),
        LOG_LEVEL="ERROR",
    )


# ---------------------------------------------------------------------------------------------
# locust (its own process)


def run_locust(url: str, accounts: Path, *, users: int, run_time: str, prefix: Path) -> dict:
    args = [
        PY, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-H", url, "-u", str(users), "-r", str(users), "--run-time", run_time,
        "--stop-timeout", "5", "--only-summary", "--csv", str(prefix), "--loglevel", "WARNING",
    ]  # fmt: skip
    env = dict(os.environ, BENCH_ACCOUNTS=str(accounts))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(args, cwd=ROOT, env=env, check=False, timeout=_seconds(run_time) + 120)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    row = rows.get("intake") or rows.get("Aggregated") or {}
    return {
        "requests": int(row.get("Request Count", 0) or 0),
        "failures": int(row.get("Failure Count", 0) or 0),
        "rps": float(row.get("Requests/s", 0) or 0),
        "median_ms": float(row.get("50%", 0) or 0),
        "p95_ms": float(row.get("95%", 0) or 0),
        "p99_ms": float(row.get("99%", 0) or 0),
        "users": users,
        "run_time": run_time,
    }


def _seconds(run_time: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    return int(run_time[:-1]) * units[run_time[-1]] if run_time[-1] in units else int(run_time)


# ---------------------------------------------------------------------------------------------


def run(args) -> dict:
    if not args.database_url:
        raise SystemExit("DATABASE_URL (or --database-url) is required: a dedicated benchmark database.")
    OUT.mkdir(parents=True, exist_ok=True)
    env = _env(args.database_url)
    summary: dict = {"database": args.database_url.rsplit("/", 1)[-1], "load_before": _load_avg()}
    _manage(env, "migrate", "--noinput")
    if _count(env, "motcua.org.models.Agency") == 0:
        _manage(env, "load_demo")
    have = _count(env, "motcua.dossiers.models.Dossier")
    if have < args.count:
        started = time.monotonic()
        load = _load_avg()
        subprocess.run(
            [PY, "manage.py", "generate_dossiers", "--count", str(args.count - have), "--seed", str(args.seed),
             "--days", str(args.days), "--jobs", str(args.jobs)],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        summary["generate"] = {
            "dossiers": args.count - have,
            "seconds": round(time.monotonic() - started, 1),
            "load_before": load,
            "load_after": _load_avg(),
        }
    senv = server_env(args.database_url, broker=args.broker)
    accounts = OUT / "accounts.json"
    subprocess.run([PY, __file__, "prepare", "--out", str(accounts)], cwd=ROOT, env=senv, check=True)
    server = Server(senv, port=args.port, workers=args.workers, threads=args.threads)
    try:
        server.wait()
        summary["latency"] = json.loads(
            subprocess.run(
                [PY, str(ROOT / "bench" / "query_latency.py"), "--url", server.url, "--accounts", str(accounts),
                 "--json", "--repeat", str(args.repeat)],
                cwd=ROOT, env=senv, check=False, capture_output=True, text=True,
            ).stdout
        )  # fmt: skip
        summary["load_during_latency"] = _load_avg()
        summary["intake"] = run_locust(
            server.url, accounts, users=args.users, run_time=args.run_time, prefix=OUT / "intake"
        )
        summary["intake"]["load_after"] = _load_avg()
        summary["intake"]["gunicorn"] = f"{args.workers} workers × {args.threads} threads"
    finally:
        server.stop()
    (OUT / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare", help="sessions, procedures and codes for the load (Django, no locust)")
    p.add_argument("--out", type=Path, default=OUT / "accounts.json")
    r = sub.add_parser("run", help="everything, on DATABASE_URL")
    r.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    r.add_argument("--count", type=int, default=1_000_000)
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--days", type=int, default=365)
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--port", type=int, default=8765)
    r.add_argument("--workers", type=int, default=4)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--users", type=int, default=24)
    r.add_argument("--run-time", default="60s")
    r.add_argument("--repeat", type=int, default=30)
    r.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13"))
    args = parser.parse_args(argv)
    if args.command == "prepare":
        sys.path.insert(0, str(ROOT))
        data = prepare(args.out)
        print(
            f"{len(data['officers'])} desk officers, {len(data['queue_users'])} queue users, {len(data['codes'])} codes"
        )
        return 0
    run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
