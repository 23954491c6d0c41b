"""`manage.py reconcile_payments [--date YYYY-MM-DD]`: our online payments of a day (default
yesterday) against the gateway's transaction list; prints each mismatch, exits 1 if any."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.dossiers.payments import reconcile


class Command(BaseCommand):
    help = "Đối soát giao dịch thanh toán trực tuyến trong ngày với cổng thanh toán."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="YYYY-MM-DD (mặc định: hôm qua)")

    def handle(self, *args, **options):
        day = (
            dt.date.fromisoformat(options["date"])
            if options["date"]
            else timezone.localdate() - dt.timedelta(days=1)
        )
        mismatches = reconcile(day)
        for m in mismatches:
            self.stdout.write(f"{m.reference}\t{m.kind}\t{m.detail}")
        self.stdout.write(f"{day}: {len(mismatches)} mismatch(es)")
        if mismatches:
            raise CommandError(f"{len(mismatches)} payment mismatch(es) on {day}", returncode=1)
