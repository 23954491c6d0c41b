"""The procedure page and the public lookup under 16 concurrent clients (issue 11: p99 < 20 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_<name> \\
        .venv/bin/python bench/portal_pages.py [--client wrk|python] [--page-cache on|off] \\
        [--seconds 20] [--clients 16] [--wrk-threads 2] [--codes 20] [--workers 2] [--threads 4]

1. migrates the dedicated database and adds one commune, `--codes` published procedures and
   10 × `--codes` received dossiers (in this process);
2. starts gunicorn (bench/settings.py: production settings, DEBUG off, the Redis cache) on 127.0.0.1,
   as `bench/dossiers_load.py` does, with the public pages' cache (core.pagecache) on or off
   (`--page-cache off`: every request renders, the figures before the cache);
3. warms every path once, then measures each target in turn for `--seconds`: the procedure page
   `/thu-tuc/<code>/`, the public lookup `/tra-cuu/<code>/` and `GET /api/v1/tracking/<code>/`,
   each over all its codes. `--client wrk` (default; Debian's `wrk`, a C client that leaves the
   cores to the server): `--clients` connections on `--wrk-threads` threads, bench/wrk_paths.lua;
   `--client python`: `--clients` keep-alive `requests` threads in this process, taking turns
   between the three targets (the first measure's client, kept for comparison);
4. prints per target the requests, requests/s, p50/p90-or-95/p99 and errors, with the load average
   before and after (the machine is shared: re-measure on a quiet one).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def setup_world(codes: int = 1) -> tuple[list[str], list[str]]:
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from motcua.catalog.tests.factories import published_version
    from motcua.dossiers import services
    from motcua.org.tests.factories import CommuneFactory, ServiceDeskFactory, StaffFactory

    tag = get_random_string(6, "0123456789")
    commune = CommuneFactory(code=f"000.00.{tag[:2]}.C{tag[2:]}", name=f"Phường Đo trang {tag}")
    ServiceDeskFactory(host_agency=commune, name=f"Bộ phận Một cửa {tag}")
    versions = [
        published_version(
            code=f"8.{(int(tag) + i) % 1_000_000:06d}",
            name=f"Đăng ký khai sinh {i}",
            time_amount=3,
            time_unit="working_day",
            implementing_agencies=[commune],
            requirements=[{"name": "Tờ khai", "kind": "original", "quantity": 1}],
            fees=[{"name": "Lệ phí", "amount_vnd": 8000, "text": "8.000 đồng/bản", "collected_at": "1"}],
        )
        for i in range(codes)
    ]
    from django.contrib.auth import get_user_model

    # A fresh user per run: the factory's numbering restarts in each process, the database does not.
    desk_user = get_user_model().objects.create_user(f"bench-pages-{tag}")
    desk = StaffFactory(agency=commune, user=desk_user, roles=["desk_officer"])
    dossiers = []
    for n in range(10 * codes):
        version = versions[n % codes]
        intake = services.Intake(
            version=version,
            agency=commune,
            applicant=services.ApplicantData(
                kind="0", full_name="Trần Thị Lan", id_number=f"0011900{n % 100000:05d}"
            ),
            papers=[
                services.PaperData(name=r.name, kind=r.kind, requirement_id=r.pk)
                for r in version.requirements.filter(mandatory=True)
            ],
        )
        dossiers.append(services.receive_at_desk(officer=desk, intake=intake, now=timezone.now()).code)
    return [v.procedure.code for v in versions], dossiers


def run_clients(base: str, urls: list[str], *, clients: int, seconds: float) -> dict:
    import requests

    results: dict[str, list[float]] = {u: [] for u in urls}
    errors: dict[str, int] = {u: 0 for u in urls}
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)
    stop_at: list[float] = []

    def client(index: int) -> None:
        session = requests.Session()
        mine: dict[str, list[float]] = {u: [] for u in urls}
        failed = dict.fromkeys(urls, 0)
        start_gate.wait()
        if index == 0:
            stop_at.append(time.perf_counter() + seconds)
        while not stop_at:
            time.sleep(0.001)
        n = index
        # Every client asks each URL at least once, however late the machine lets it start (a
        # loaded machine may start a thread after the run's end): the figures never miss a page.
        while n < index + len(urls) or time.perf_counter() < stop_at[0]:
            url = urls[n % len(urls)]
            n += 1
            began = time.perf_counter()
            try:
                response = session.get(base + url, timeout=10)
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - began
            if ok:
                mine[url].append(elapsed)
            else:
                failed[url] += 1
        with lock:
            for u in urls:
                results[u].extend(mine[u])
                errors[u] += failed[u]

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        u: {
            "requests": len(results[u]),
            "per_second": round(len(results[u]) / seconds, 1),
            "p50_ms": round(percentile(results[u], 0.50) * 1000, 1),
            "p95_ms": round(percentile(results[u], 0.95) * 1000, 1),
            "p99_ms": round(percentile(results[u], 0.99) * 1000, 1),
            "errors": errors[u],
        }
        for u in urls
    }


def run_wrk(base: str, paths: list[str], *, connections: int, threads: int, seconds: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    try:
        command = [
            "wrk", "-t", str(threads), "-c", str(connections), "-d", f"{int(seconds)}s", "--timeout", "10s",
            "-s", str(ROOT / "bench" / "wrk_paths.lua"), base, "--", listing.name,
        ]  # fmt: skip
        result = subprocess.run(command, check=True, capture_output=True, text=True)
    finally:
        os.unlink(listing.name)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["per_second"] = round(figures["requests"] / figures["seconds"], 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk")
    parser.add_argument("--page-cache", choices=["on", "off"], default="on")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--codes", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8771)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") and not os.environ.get("BENCH_ALLOW_SQLITE"):
        sys.exit("Set DATABASE_URL to a dedicated PostgreSQL database.")
    if args.client == "wrk" and shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk (or make bench-portal-pages, which installs it).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    procedures, codes = setup_world(args.codes)
    from django.db import connections

    connections.close_all()

    import dossiers_load

    dossiers_load.OUT.mkdir(parents=True, exist_ok=True)
    env = dossiers_load.server_env(database_url, broker="memory://")
    env["MOTCUA_PAGE_CACHE"] = "1" if args.page_cache == "on" else "0"
    server = dossiers_load.Server(env, port=args.port, workers=args.workers, threads=args.threads)
    targets = {
        "procedure page /thu-tuc/<code>/": [f"/thu-tuc/{p}/" for p in procedures],
        "public lookup /tra-cuu/<code>/": [f"/tra-cuu/{c}/" for c in codes],
        "GET /api/v1/tracking/<code>/": [f"/api/v1/tracking/{c}/" for c in codes],
    }
    try:
        server.wait()
        import requests

        session = requests.Session()
        for paths in targets.values():  # warm: templates, caches, connections of every worker
            for url in paths + paths[:1] * (4 * args.workers * args.threads):
                answer = session.get(server.url + url, timeout=10)
                if answer.status_code != 200:
                    sys.exit(f"{url} answered {answer.status_code}")
        before = [round(x, 2) for x in os.getloadavg()]
        if args.client == "wrk":
            figures = {
                name: run_wrk(
                    server.url,
                    paths,
                    connections=args.clients,
                    threads=args.wrk_threads,
                    seconds=args.seconds,
                )
                for name, paths in targets.items()
            }
        else:
            # One code per target, taking turns (the first measure's workload).
            first = [paths[0] for paths in targets.values()]
            figures = run_clients(server.url, first, clients=args.clients, seconds=args.seconds)
        after = [round(x, 2) for x in os.getloadavg()]
    finally:
        server.stop()
    print(
        json.dumps(
            {
                "server": f"gunicorn {args.workers} workers x {args.threads} threads (gthread), bench.settings",
                "page_cache": args.page_cache,
                "client": f"wrk, {args.wrk_threads} threads" if args.client == "wrk" else "python threads",
                "clients": args.clients,
                "codes": {"procedures": len(procedures), "dossiers": len(codes)},
                "seconds": args.seconds,
                "load_average_before": before,
                "load_average_after": after,
                "urls": figures,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
