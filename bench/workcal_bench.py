"""Throughput of the working-time engine, single process.

    make bench        # or: .venv/bin/python bench/workcal_bench.py [--n 200000]

Builds the national calendar (2015–2040) and times `due` (each unit, and a realistic mix) and
`elapsed` (without and with pauses) over pre-generated random inputs in 2025–2027, so the figures
are per computation, input generation excluded. See bench/README.md for the measured figures.
"""

import argparse
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from motcua.workcal import Unit, national_calendar

TARGET = 200_000  # computations per second, from issue 3


def inputs(cal, n: int, seed: int = 3):
    rng = random.Random(seed)
    base = datetime(2025, 1, 1, tzinfo=cal.tz)
    span = int(timedelta(days=3 * 365).total_seconds())
    starts = [base + timedelta(seconds=rng.randrange(span)) for _ in range(n)]
    ends = [s + timedelta(seconds=rng.randrange(90 * 86_400)) for s in starts]
    pauses = []
    for s, e in zip(starts, ends, strict=True):
        a = s + (e - s) * rng.random()
        pauses.append([(a, a + timedelta(seconds=rng.randrange(10 * 86_400)))])
    return starts, ends, pauses


def rate(label: str, n: int, run) -> float:
    t0 = time.perf_counter()
    run()
    per_second = n / (time.perf_counter() - t0)
    print(f"{label:<34} {per_second:>12,.0f} /s")
    return per_second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000, help="computations per measurement")
    n = parser.parse_args(argv).n

    t0 = time.perf_counter()
    cal = national_calendar()
    print(f"calendar 2015–2040 built in {time.perf_counter() - t0:.3f} s")
    starts, ends, pauses = inputs(cal, n)
    due, elapsed = cal.due, cal.elapsed
    mix = [
        (s, a, u)
        for s, (a, u) in zip(
            starts,
            [
                (15, Unit.WORKING_DAY),
                (8, Unit.WORKING_HOUR),
                (30, Unit.DAY),
                (3, Unit.MONTH),
                (0, Unit.SAME_DAY),
            ]
            * (n // 5 + 1),
            strict=False,
        )
    ]

    results = {}
    for unit, amount in [
        (Unit.WORKING_DAY, 15),
        (Unit.WORKING_HOUR, 40),
        (Unit.DAY, 30),
        (Unit.MONTH, 3),
        (Unit.SAME_DAY, 0),
    ]:
        rate(f"due {unit.value} ×{amount}", n, lambda u=unit, a=amount: [due(s, a, u) for s in starts])
    results["due"] = rate("due (mix of units)", n, lambda: [due(s, a, u) for s, a, u in mix])
    results["elapsed"] = rate(
        "elapsed", n, lambda: [elapsed(s, e) for s, e in zip(starts, ends, strict=True)]
    )
    results["elapsed_paused"] = rate(
        "elapsed with one pause",
        n,
        lambda: [elapsed(s, e, p) for s, e, p in zip(starts, ends, pauses, strict=True)],
    )
    slow = [name for name, value in results.items() if value < TARGET]
    print(f"target {TARGET:,}/s: " + ("met" if not slow else "NOT met by " + ", ".join(slow)))
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
