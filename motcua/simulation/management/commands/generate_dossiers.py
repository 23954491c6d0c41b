"""`manage.py generate_dossiers --count N --seed S`: realistic dossier histories in the demo province.

    manage.py load_demo
    manage.py generate_dossiers --count 1000000 --seed 1 --days 365          # bulk (COPY on PostgreSQL)
    manage.py generate_dossiers --count 200 --seed 1 --via services         # through the services

The history model is `motcua.simulation.history`; both paths write the same rows (a test
proves it). Neither renders PDF forms, queues notifications or stores paper files. Stories are
deterministic for (the demo data, --count, --seed, --days, --until); without --until the reference
time is the current hour, so intakes fall on the --days days before today and the latest stay open.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from motcua.simulation.bulk import analyze, write_bulk
from motcua.simulation.history import Plan, stream
from motcua.simulation.replay import replay
from motcua.simulation.world import load_world
from motcua.workcal import VN_TZ


def reference_instant(value: str | None) -> datetime:
    """`--until` read (Hà Nội time when naive), or the current hour."""
    if not value:
        return timezone.now().astimezone(VN_TZ).replace(minute=0, second=0, microsecond=0)
    parsed = parse_datetime(value) or parse_datetime(f"{value}T00:00:00")
    if parsed is None:
        raise CommandError(f"--until: không đọc được thời điểm “{value}” (ví dụ 2026-11-20T17:00).")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=VN_TZ)


def _shard(world, plan, batch, agencies, messages) -> None:
    """One forked writer: the stories of its agencies, through its own database connection."""
    try:
        with translation.override("vi"):
            written = write_bulk(
                stream(world, plan, agencies), batch=batch, progress=lambda n: messages.put(("done", n))
            )
        messages.put(("written", written))
    except BaseException as error:
        messages.put(("error", repr(error)))
        raise
    finally:
        connections.close_all()


def _parallel(world, plan, batch, jobs, advance) -> dict:
    """`jobs` forked writers, one per group of receiving agencies (groups never share an agency, so
    codes and counters are the same as with one writer; applicants met by two writers are inserted
    once, see bulk.BulkWriter)."""
    context = multiprocessing.get_context("fork")
    messages = context.Queue()
    connections.close_all()  # never share a connection with the children
    children = [
        context.Process(target=_shard, args=(world, plan, batch, agencies, messages), daemon=False)
        for agencies in world.shards(jobs)
    ]
    for child in children:
        child.start()
    totals: dict[str, int] = {}
    finished, errors = 0, []
    while finished < len(children):
        kind, value = messages.get()
        if kind == "done":
            advance(value)
        elif kind == "written":
            finished += 1
            for name, n in value.items():
                totals[name] = totals.get(name, 0) + n
        else:
            finished += 1
            errors.append(value)
    for child in children:
        child.join()
    if errors:
        raise CommandError("; ".join(errors))
    return totals


class Command(BaseCommand):
    help = "Sinh hồ sơ mẫu có lịch sử thực tế (kênh, bổ sung, tạm dừng, gia hạn, trễ hạn, đang mở)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="số hồ sơ")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=365, help="số ngày trước --until có hồ sơ nộp")
        parser.add_argument("--until", help="thời điểm tham chiếu (mặc định: giờ hiện tại)")
        parser.add_argument("--batch", type=int, default=5000, help="số hồ sơ mỗi giao dịch (bulk)")
        parser.add_argument(
            "--via", choices=["services", "bulk"], default=None, help="mặc định: bulk khi N > 2000"
        )
        parser.add_argument("--agencies", nargs="*", help="chỉ các cơ quan tiếp nhận có mã này")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="bulk: số tiến trình ghi song song, mỗi tiến trình một nhóm cơ quan",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, count, seed, days, until, batch, via, agencies, jobs, no_progress, **options):
        if count < 0 or days < 1 or batch < 1 or jobs < 1:
            raise CommandError("--count ≥ 0, --days ≥ 1, --batch ≥ 1, --jobs ≥ 1.")
        via = via or ("bulk" if count > 2000 else "services")
        plan = Plan(count=count, seed=seed, days=days, until=reference_instant(until))
        started = time.monotonic()
        with translation.override("vi"):
            world = load_world(agencies=agencies)
            stories = stream(world, plan)
            progress = Progress(
                TextColumn(f"[bold]generate_dossiers ({via})"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                disable=no_progress or not sys.stderr.isatty(),
            )
            with progress:
                task = progress.add_task("dossiers", total=count)

                plain = not no_progress and not sys.stderr.isatty()  # a log file: a line every 5%
                step = max(count // 20, 1)
                done = [0]

                def advance(n):
                    progress.advance(task, n)
                    before, done[0] = done[0], done[0] + n
                    if plain and before // step != done[0] // step:
                        rate = done[0] / max(time.monotonic() - started, 1e-9)
                        print(
                            f"generate_dossiers: {done[0]:,}/{count:,} ({rate:,.0f}/s)",
                            file=sys.stderr,
                            flush=True,
                        )

                if via == "services":
                    written = {"dossiers": replay(stories, progress=advance)}
                elif jobs > 1:
                    written = _parallel(world, plan, batch, jobs, advance)
                else:
                    written = write_bulk(stories, batch=batch, progress=advance)
        if via == "bulk" and count >= 10_000:
            analyze()
        elapsed = time.monotonic() - started
        rows = ", ".join(f"{name} {n:,}" for name, n in written.items())
        rate = written["dossiers"] / elapsed if elapsed else 0
        self.stdout.write(
            f"{written['dossiers']:,} hồ sơ ({via}, seed {seed}, đến {plan.until:%Y-%m-%d %H:%M}) "
            f"trong {elapsed:,.1f} s ({rate:,.0f} hồ sơ/s): {rows}."
        )
