"""Fault test (issue 8): intakes under load while the PostgreSQL server restarts.

    make fault-db-restart DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_platform
    # = .venv/bin/python bench/fault_db_restart.py --database-url … [--clients 20 --seconds 40]

1. `migrate` and `load_demo` on the database given (when it has no agency yet), sessions for the demo's
   desk officers and their agencies' procedures;
2. gunicorn (production settings, DEBUG off, a shared Redis cache, Celery tasks queued in Redis) on
   127.0.0.1 only;
3. CLIENTS threads (requests), each a closed loop of complete desk intakes for SECONDS, each intake with
   its own Idempotency-Key; an answer other than 201 is retried with the same key (after Retry-After,
   capped) until it succeeds or the run's grace period ends;
4. halfway, `pg_ctlcluster --skip-systemctl-redirect VERSION main restart` — THE MACHINE'S SHARED SERVER:
   every other database on it is cut off for a second or two. Run it once, deliberately; it is not part
   of CI (the suite has the unit-level 503 tests, tests/platform/test_outage.py);
5. the client-side ledger against the database: every intake answered 201 (or 200, the replay of one
   that committed before its answer was lost) exists exactly once, none exists without an answer, the
   day's codes of each agency have no gap; and every answer was 201, 200 (replay) or 503 — never 500.

Writes var/bench/fault.json and prints it; exits 1 when an assertion fails.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dossiers_load import OUT, PY, Server, _count, _env, _manage, server_env  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Thị Lan", "Văn Nam", "Minh Anh", "Thu Hà", "Quang Huy", "Ngọc Mai"]


def personal_id(rng: random.Random) -> tuple[str, str]:
    """A valid personal ID number and its birth date (as bench/locustfile.py, which needs locust)."""
    year = rng.randint(1950, 2005)
    century_gender = (0 if year < 2000 else 2) + rng.randint(0, 1)
    number = f"001{century_gender}{year % 100:02d}{rng.randint(0, 999_999):06d}"
    return number, f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


PREPARE = r"""
import json, django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from motcua.catalog.models import ProcedureVersion, VersionState
from motcua.dossiers.generator.world import usable
from motcua.org.models import Staff

out = []
for staff in Staff.objects.filter(user__username__endswith=".motcua").select_related("user", "agency"):
    if staff.user.username.startswith("gen."):
        continue
    procedures = []
    versions = ProcedureVersion.objects.filter(state=VersionState.PUBLISHED, implementing_agencies=staff.agency)
    for version in versions.select_related("procedure").prefetch_related("requirements"):
        if not usable(version) or version.result_paper or version.result_electronic:
            continue
        papers = [{"requirement": r.pk, "kind": {"either": "copy"}.get(r.kind, r.kind),
                   "count": min(max(r.quantity or 1, 1), 100)} for r in version.requirements.all() if r.mandatory]
        procedures.append({"code": version.procedure.code, "papers": papers})
    if not procedures:
        continue
    store = SessionStore()
    store[SESSION_KEY] = str(staff.user.pk)
    store[BACKEND_SESSION_KEY] = "motcua.org.auth.StaffBackend"  # what an officer's password login records
    store[HASH_SESSION_KEY] = staff.user.get_session_auth_hash()
    store.set_expiry(3600)
    store.create()
    out.append({"user_id": staff.user.pk, "agency": staff.agency.code, "session": store.session_key,
                "procedures": procedures})
print(json.dumps(out))
"""

CHECK = r"""
import json, sys, collections, django
django.setup()
from motcua.dossiers.models import Dossier
keys = json.load(open(sys.argv[1]))
rows = list(Dossier.objects.filter(idempotency_key__in=[k for k in keys]).values_list("idempotency_key", "code"))
prefixes = sorted({code.rsplit("-", 1)[0] for _, code in rows})
day_codes = {p: sorted(int(c.rsplit("-", 1)[1]) for c in Dossier.objects.filter(code__startswith=p + "-")
                            .values_list("code", flat=True)) for p in prefixes}
print(json.dumps({"rows": rows, "day_codes": day_codes}))
"""


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers = collections.Counter()  # every HTTP answer (or connection error) seen
        self.intakes: dict[str, dict] = {}  # idempotency key -> what the client knows of it
        self.timeline: list[tuple[float, int]] = []

    def answer(self, started: float, status: int | str) -> None:
        with self.lock:
            self.answers[str(status)] += 1
            self.timeline.append((round(time.monotonic() - started, 2), status))


def client(
    url: str, officer: dict, ledger: Ledger, *, started: float, stop_at: float, grace_until: float, seed: int
):
    import requests

    rng = random.Random(seed)
    session = requests.Session()
    csrf = uuid.uuid4().hex
    session.headers.update(
        {
            "Cookie": f"sessionid={officer['session']}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Accept-Language": "vi",
        }
    )
    while time.monotonic() < stop_at:
        procedure = rng.choice(officer["procedures"])
        number, born = personal_id(rng)
        body = {
            "procedure": procedure["code"],
            "agency": officer["agency"],
            "channel": 1,
            "applicant": {
                "kind": "0",
                "full_name": f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                "id_number": number,
                "date_of_birth": born,
                "phone": f"09{rng.randint(0, 99_999_999):08d}",
                "address": "Hà Nội",
            },
            "papers": procedure["papers"],
        }
        key = uuid.uuid4().hex
        entry = {"attempts": 0, "final": None, "code": None}
        with ledger.lock:
            ledger.intakes[key] = entry
        while True:
            entry["attempts"] += 1
            try:
                response = session.post(
                    url + "/api/v1/dossiers/", json=body, headers={"Idempotency-Key": key}, timeout=30
                )
                status: int | str = response.status_code
            except requests.RequestException as error:
                response, status = None, type(error).__name__
            ledger.answer(started, status)
            if status in (200, 201):
                entry["final"], entry["code"] = status, response.json()["code"]
                break
            entry["final"] = status
            if status != 503 and not isinstance(status, str):
                break  # a 4xx/5xx other than 503 is a finding, not something to retry
            if time.monotonic() > grace_until:
                break
            wait = float(response.headers.get("Retry-After", "1")) if response is not None else 0.5
            time.sleep(min(wait, 0.5))


def restart_postgres(version: str) -> dict:
    started = time.monotonic()
    result = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        capture_output=True,
        text=True,
    )
    return {
        "seconds": round(time.monotonic() - started, 2),
        "rc": result.returncode,
        "stderr": result.stderr.strip(),
    }


def terminate_backends(database_url: str) -> dict:
    """The gentler fault: the server drops every connection to this database only (as a restart does to
    all of them), leaving the other databases of the machine alone."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(database_url, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]
    return {
        "seconds": round(time.monotonic() - started, 2),
        "rc": 0,
        "stderr": f"{killed} connections terminated",
    }


def run(args) -> dict:
    if not args.database_url:
        raise SystemExit("--database-url (or DATABASE_URL): a database of your own on the local server")
    version = (
        args.pg_version
        or subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout.split()[
            0
        ]
    )
    if args.fault == "restart":
        print(
            f"WARNING: this test restarts the PostgreSQL cluster {version}/main of this machine once, "
            f"about {args.seconds // 2} s into a {args.seconds} s run: every database on it is cut off meanwhile.",
            flush=True,
        )
    OUT.mkdir(parents=True, exist_ok=True)
    env = _env(args.database_url)
    _manage(env, "migrate", "--noinput")
    if _count(env, "motcua.org.models.Agency") == 0:
        _manage(env, "load_demo")
    senv = server_env(args.database_url, broker=args.broker)
    senv["REDIS_CACHE_URL"] = args.cache
    officers = json.loads(
        subprocess.run(
            [PY, "-c", PREPARE], cwd=ROOT, env=senv, check=True, capture_output=True, text=True
        ).stdout
    )
    server = Server(senv, port=args.port, workers=args.workers, threads=args.threads)
    ledger = Ledger()
    summary: dict = {
        "clients": args.clients,
        "seconds": args.seconds,
        "gunicorn": f"{args.workers}×{args.threads}",
    }
    try:
        server.wait()
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = [
            threading.Thread(
                target=client,
                args=(server.url, officers[i % len(officers)], ledger),
                kwargs={"started": started, "stop_at": stop_at, "grace_until": stop_at + 30, "seed": i},
                daemon=True,
            )
            for i in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.seconds / 2)
        summary["restart_at_s"] = round(time.monotonic() - started, 2)
        if args.fault == "restart":
            summary["restart"] = restart_postgres(version)
        elif args.fault == "terminate":
            summary["restart"] = terminate_backends(args.database_url)
        else:
            summary["restart"] = {"seconds": 0, "rc": 0, "stderr": "no fault (--fault none)"}
        summary["fault"] = args.fault
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        summary["elapsed_s"] = round(time.monotonic() - started, 2)
    finally:
        server.stop()

    keys_file = OUT / "fault-keys.json"
    scoped = {f"api:{o['user_id']}:{k}": k for o in officers for k in ledger.intakes}
    keys_file.write_text(json.dumps(list(scoped)), encoding="utf-8")
    db = json.loads(
        subprocess.run(
            [PY, "-c", CHECK, str(keys_file)], cwd=ROOT, env=senv, check=True, capture_output=True, text=True
        ).stdout
    )
    stored = collections.defaultdict(list)
    for scoped_key, code in db["rows"]:
        stored[scoped[scoped_key]].append(code)
    answered = {k: e for k, e in ledger.intakes.items() if e["final"] in (200, 201)}
    lost = [k for k, e in answered.items() if stored.get(k) != [e["code"]]]
    duplicated = [k for k, codes in stored.items() if len(codes) > 1]
    unanswered_stored = [k for k in stored if k not in answered]
    run_codes = collections.defaultdict(list)
    for codes in stored.values():
        for code in codes:
            prefix, seq = code.rsplit("-", 1)
            run_codes[prefix].append(int(seq))
    gaps = {}
    for prefix, seqs in run_codes.items():
        day = set(db["day_codes"][prefix])
        missing = [n for n in range(min(seqs), max(day) + 1) if n not in day]
        if missing:
            gaps[prefix] = missing
    statuses = dict(ledger.answers)
    unexpected = {s: n for s, n in statuses.items() if s not in {"200", "201", "503"}}
    errors_503 = [t for t, s in ledger.timeline if s == 503]
    summary.update(
        {
            "answers": statuses,
            "intakes": len(ledger.intakes),
            "intakes_created": len(answered),
            "intakes_given_up": len(ledger.intakes) - len(answered),
            "retried_intakes": sum(1 for e in ledger.intakes.values() if e["attempts"] > 1),
            "window_503_s": [errors_503[0], errors_503[-1]] if errors_503 else None,
            "lost": len(lost),
            "duplicated": len(duplicated),
            "stored_without_answer": len(unanswered_stored),
            "code_gaps": gaps,
            "unexpected_answers": unexpected,
            "rps": round(sum(n for s, n in statuses.items() if s in {"200", "201"}) / args.seconds, 1),
        }
    )
    summary["ok"] = (
        not unexpected and not lost and not duplicated and not unanswered_stored and not gaps
        and summary["restart"]["rc"] == 0
        and summary["intakes_given_up"] == 0
    )  # fmt: skip
    (OUT / "fault.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--cache", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--pg-version", default=None, help="the cluster to restart (pg_lsclusters)")
    parser.add_argument(
        "--fault",
        choices=["restart", "terminate", "none"],
        default="restart",
        help="restart: the server (shared!); terminate: only this database's connections; none: a smoke run",
    )
    args = parser.parse_args(argv)
    if not shutil.which("pg_ctlcluster"):
        raise SystemExit("pg_ctlcluster: this test restarts a local Debian PostgreSQL cluster")
    return 0 if run(args)["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
