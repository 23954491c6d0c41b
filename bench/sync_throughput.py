"""Sync records sent per second by one worker against the national portal simulator (issue 13).

    .venv/bin/python bench/sync_throughput.py [--records 2000] [--streams 200]          # in process
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_natsync \\
        .venv/bin/python bench/sync_throughput.py --http [--workers 2]                  # + over HTTP

It creates a fresh test database (SQLite in memory, or `test_<name>` on the PostgreSQL server of
DATABASE_URL; dropped at the end), queues `--records` whole sync records spread over `--streams`
dossiers (so the order per stream is enforced as in production), and times one worker
(`dispatch.services.send_due`, batches of 500) until every record is acknowledged. Each record is
two calls to the portal (the record, then its status) after one token; the simulator validates
each against the JSON Schema and writes its receipt and its latest record.

- in process: the simulator through `integrations/inprocess.py` (what the tests and the demo do);
- `--http` (PostgreSQL only): the simulator served by gunicorn on 127.0.0.1 (test settings,
  `--workers` processes) over the same database, the worker speaking HTTP JSON to it.

Prints the figures and the machine's load average (it is shared) as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")


def record(code: str, state: int) -> dict:
    return {
        "MaHoSo": code,
        "MaTTHC": "1.013225",
        "TenTTHC": "Cấp giấy phép xây dựng",
        "MaCoQuan": "000.00.41.H26",
        "ChuHoSo": "Nguyễn Thị Hằng",
        "NgayTiepNhan": "20261116090000",
        "NgayHenTra": "20261130090000",
        "NgayKetThucXuLy": "20261127150000" if state >= 9 else "",
        "ThoiGianGiaiQuyet": 10.0,
        "DonViTinh": "Ngày làm việc",
        "KenhThucHien": 2,
        "TrangThaiHoSo": state,
        "MaKetQua": "",
        "DuongDanTepTinKetQua": "",
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí", "Gia": 75000, "HinhThucThu": 1}],
        "DuocThanhToanTrucTuyen": 2,
        "HoSoCoThanhPhanSoHoa": 1,
        "TaiLieuNop": [
            {"TenTaiLieu": "Đơn đề nghị", "LoaiBan": 0, "SoLuong": 1, "DuocSoHoa": 1, "DuocLayTuKhoDMQG": 0},
            {"TenTaiLieu": "Bản vẽ", "LoaiBan": 1, "SoLuong": 2, "DuocSoHoa": 1, "DuocLayTuKhoDMQG": 1},
        ],
        "TaiKhoanDuocXacThucVoiVNeID": 1,
        "MaCSDL": "MOTCUA",
    }


def queue(records: int, streams: int, tag: str) -> None:
    from motcua.integrations.dispatch import services

    states = [2, 4, 5, 4, 9, 10]
    for i in range(records):
        stream, n = i % streams, i // streams
        code = f"{tag}-{stream:06d}"
        services.enqueue(
            partner="national_portal",
            stream=code,
            topic="sync_record",
            payload=record(code, states[n % len(states)]),
            key=f"bench:{tag}:{i}",
            schedule=False,
        )


def drain() -> tuple[int, float]:
    from motcua.integrations.dispatch import selectors, services

    sent, started = 0, time.perf_counter()
    while True:
        counts = services.send_due(limit=500, partner="national_portal")
        sent += counts["sent"]
        if counts["failed"]:
            raise SystemExit(f"failures while benchmarking: {counts}")
        if not counts["sent"] and not selectors.backlog(partner="national_portal"):
            break
    return sent, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_http(records: int, streams: int, workers: int) -> dict:
    from django.conf import settings
    from django.db import connection

    from motcua.integrations.national_portal import client

    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.settings.test"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "motcua.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        settings.MOTCUA_NATIONAL_PORTAL = {
            **settings.MOTCUA_NATIONAL_PORTAL,
            "URL": f"http://127.0.0.1:{port}/mo-phong/cong-dvc/api",
            "CLIENT_ID": "motcua-demo",
            "CLIENT_SECRET": "motcua-demo-secret",
            "MA_DON_VI_TIEP_NHAN": "000.00.00.H00",
        }
        client.reset()
        queue(records, streams, "http")
        sent, seconds = drain()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "mode": f"http (gunicorn -w {workers})",
        "records": sent,
        "seconds": round(seconds, 2),
        "per_second": round(sent / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--http", action="store_true")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from motcua.integrations.national_portal.models import SimulatedPortalReceipt

    load_before = os.getloadavg()
    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, keepdb=False, serialize=False)
    results = []
    try:
        queue(args.records, args.streams, "inproc")
        sent, seconds = drain()
        results.append(
            {
                "mode": "in process",
                "records": sent,
                "seconds": round(seconds, 2),
                "per_second": round(sent / seconds, 1),
            }
        )
        if args.http:
            if connection.vendor != "postgresql":
                raise SystemExit("--http needs DATABASE_URL on PostgreSQL (the server shares the database)")
            results.append(run_http(args.records, args.streams, args.workers))
        held = SimulatedPortalReceipt.objects.count()
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "results": results,
                "receipts_held": held,
                "load_average_before": [round(x, 2) for x in load_before],
                "load_average_after": [round(x, 2) for x in os.getloadavg()],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
