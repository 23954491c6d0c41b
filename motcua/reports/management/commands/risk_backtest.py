"""`manage.py risk_backtest --split … --until …`: the at-risk model's precision and recall one
working day ahead against the naive rule, on the history in the database (reports.backtest)."""

import json
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from motcua.reports.backtest import backtest
from motcua.reports.periods import REPORTING_ZONE


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not an ISO date or time: {value}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=REPORTING_ZONE)


class Command(BaseCommand):
    help = "Back-test the at-risk model (precision/recall one working day ahead vs the naive rule)."

    def add_arguments(self, parser):
        parser.add_argument("--split", required=True, help="learn from steps completed before this moment")
        parser.add_argument("--until", required=True, help="the end of the recorded history")
        parser.add_argument("--thresholds", default="0.3,0.5,0.7")
        parser.add_argument("--samples", type=int, default=300)

    def handle(self, *args, **options):
        thresholds = tuple(float(x) for x in options["thresholds"].split(","))
        result = backtest(
            split=_moment(options["split"]),
            until=_moment(options["until"]),
            thresholds=thresholds,
            samples=options["samples"],
        )
        self.stdout.write(json.dumps(result.as_dict(), indent=2))
