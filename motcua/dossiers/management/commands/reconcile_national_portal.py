"""`manage.py reconcile_national_portal [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--dry-run]`: the
dossiers received in the period (default: yesterday) against what the national portal holds; the
missing and stale ones are sent again (not with --dry-run); prints each finding and a summary."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.dossiers.national_reconcile import reconcile


class Command(BaseCommand):
    help = "Đối soát hồ sơ đã đồng bộ với Cổng DVCQG trong kỳ và gửi lại phần chênh lệch."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="YYYY-MM-DD (mặc định: hôm qua)")
        parser.add_argument("--to", dest="end", help="YYYY-MM-DD (mặc định: bằng --from)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ báo cáo, không gửi lại")

    def handle(self, *args, **options):
        try:
            start = (
                dt.date.fromisoformat(options["start"])
                if options["start"]
                else timezone.localdate() - dt.timedelta(days=1)
            )
            end = dt.date.fromisoformat(options["end"]) if options["end"] else start
        except ValueError as error:
            raise CommandError(str(error)) from error
        if end < start:
            raise CommandError("--to is before --from")
        result = reconcile(start, end, dry_run=options["dry_run"])
        for f in result.findings:
            theirs = "-" if f.theirs is None else f.theirs
            what = "re-sent" if f.resent else ("on its way" if f.on_the_way else "not sent (dry run)")
            self.stdout.write(f"{f.code}\t{f.kind}\tours={f.ours}\tportal={theirs}\t{what}")
        for code in result.unknown:
            self.stdout.write(f"{code}\tunknown to MotCua")
        self.stdout.write(result.summary())
