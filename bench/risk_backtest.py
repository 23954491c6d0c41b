"""The at-risk model's back-test on a larger generated history (issue 12; figures in bench/README.md).

    .venv/bin/python bench/risk_backtest.py [--count 4000] [--days 120] [--seed 7] [--split-days 60]

Builds the generator's small province (motcua/simulation/tests/conftest.py: two wards and the
police, a same-day procedure, a building permit with a parallel inter-agency stage, a certification
counted in working hours) in a fresh SQLite file under var/bench/, writes `--count` dossiers over
`--days` days through the bulk path, then runs `reports.backtest` with the last `--split-days` days
as the test window and prints the figures (JSON). On a database holding another history (e.g. after
`load_demo` and `generate_dossiers`), run `manage.py risk_backtest --split … --until …` instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--split-days", type=int, default=60)
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()

    db = ROOT / "var" / "bench" / "risk-backtest.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    call_command("migrate", verbosity=0)
    from motcua.reports.backtest import backtest
    from motcua.simulation.bulk import write_bulk
    from motcua.simulation.history import Plan, stream
    from motcua.simulation.tests import conftest
    from motcua.simulation.world import load_world

    with translation.override("vi"):
        conftest.province._get_wrapped_function()(None)  # the fixture body (needs no `db` here)
        plan = Plan(count=args.count, seed=args.seed, days=args.days, until=conftest.UNTIL)
        started = time.perf_counter()
        write_bulk(stream(load_world(), plan), batch=1000)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        result = backtest(
            split=conftest.UNTIL - timedelta(days=args.split_days),
            until=conftest.UNTIL,
            thresholds=(0.3, 0.5, 0.7),
            samples=args.samples,
        )
        spent = time.perf_counter() - started
    print(
        json.dumps(
            {**vars(args), "load_s": round(loaded, 1), "backtest_s": round(spent, 1), **result.as_dict()},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
