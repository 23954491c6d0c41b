"""Statistics from the rollups at volume (issue 12).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_reportsbench \
        .venv/bin/python bench/statistics_bench.py [--repeat 20] [--rebuild]

On a database loaded by `generate_dossiers --via bulk` (then `manage.py rebuild_rollups`, or
`--rebuild` here): times (1) the statistics by procedure for the busiest agency and the last whole
quarter, (2) the whole city's total for the last 365 days, both through `counts.dossier_counts`
(the rollups), and the same two by scanning the dossiers (`counts.scan_counts`) for comparison;
(3) seed 003's Phụ lục I for the whole city and those 365 days; (4) the national index for the city
and the last whole month."""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")


def timed(fn, repeat):
    laps = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        laps.append((time.perf_counter() - t) * 1000)
    laps.sort()
    return statistics.median(laps), laps[max(0, int(len(laps) * 0.95) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--scan-repeat", type=int, default=3)
    parser.add_argument(
        "--quarter", help="YYYY-Q (default: the last whole quarter before the latest dossier)"
    )
    args = parser.parse_args()
    import django

    django.setup()
    from django.db.models import Count, Max

    from motcua.dossiers.models import Dossier
    from motcua.reports import rollups
    from motcua.reports.counts import dossier_counts, scan_counts
    from motcua.reports.periods import REPORTING_ZONE, Period
    from motcua.reports.rollup_models import AgencyDailyRollup, DailyRollup

    if args.rebuild:
        t = time.perf_counter()
        n = rollups.rebuild()
        print(f"rebuild_rollups: {n:,} dossiers in {time.perf_counter() - t:.1f} s")
    total = Dossier.objects.count()
    busiest = Dossier.objects.values("agency_id").annotate(n=Count("pk")).order_by("-n").first()
    last = Dossier.objects.aggregate(m=Max("received_at"))["m"].astimezone(REPORTING_ZONE).date()
    q = (last.month - 1) // 3  # the last whole quarter before the latest dossier's
    year, quarter = (last.year, q) if q else (last.year - 1, 4)
    if args.quarter:
        year, quarter = map(int, args.quarter.split("-"))
    by_quarter = Period.quarter(year, quarter)
    city_year = Period(last - dt.timedelta(days=364), last)
    everyone = list(Dossier.objects.order_by().values_list("agency_id", flat=True).distinct())
    print(
        f"dossiers {total:,}; rollup rows {DailyRollup.objects.count():,} (procedure) / "
        f"{AgencyDailyRollup.objects.count():,} (agency); load average {os.getloadavg()[0]:.2f}"
    )
    cases = {
        f"by procedure, agency {busiest['agency_id']} ({busiest['n']:,} dossiers), {by_quarter}": (
            [busiest["agency_id"]],
            by_quarter,
            "procedure",
        ),
        f"whole city ({len(everyone)} agencies), total, {city_year}": (everyone, city_year, None),
    }
    for label, (ids, period, by) in cases.items():
        received = sum(c.received for c in dossier_counts(ids, period, by).values())
        label = f"{label} [{received:,} received in it]"
        p50, p95 = timed(lambda ids=ids, period=period, by=by: dossier_counts(ids, period, by), args.repeat)
        s50, _ = timed(lambda ids=ids, period=period, by=by: scan_counts(ids, period, by), args.scan_repeat)
        print(f"{label}: rollups p50 {p50:.1f} ms p95 {p95:.1f} ms; scan p50 {s50:.0f} ms")
    # The other two of issue 12's targets: seed 003's Phụ lục I for the whole city and one year, and
    # the national index (Decision 766) for the city and one month (the last whole month).
    from motcua.org.auth import subtree_ids
    from motcua.org.models import Agency
    from motcua.reports.index766.compute import evaluate
    from motcua.reports.tables import build_table

    city = Agency.objects.filter(parent__isnull=True).order_by("pk").first()
    city_ids = list(subtree_ids(city.pk))
    month = Period.month(*((last.year, last.month - 1) if last.month > 1 else (last.year - 1, 12)))
    p50, p95 = timed(lambda: build_table(city, city_year, "I", subtree=city_ids), args.repeat)
    print(
        f"Phụ lục I, {city.name} ({len(city_ids)} agencies), {city_year}: p50 {p50:.1f} ms p95 {p95:.1f} ms"
    )
    p50, p95 = timed(lambda: evaluate(city, month), max(3, args.repeat // 4))
    print(f"index 766, {city.name}, {month}: p50 {p50:.1f} ms p95 {p95:.1f} ms")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
