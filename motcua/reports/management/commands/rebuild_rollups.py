"""manage.py rebuild_rollups: recompute the statistics' rollups from the dossiers (after a bulk load)."""

import time

from django.core.management.base import BaseCommand

from motcua.reports import rollups


class Command(BaseCommand):
    help = "Tính lại toàn bộ số liệu tổng hợp thống kê từ hồ sơ (sau khi nạp hàng loạt)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(self, *args, batch, **options):
        started = time.monotonic()
        count = rollups.rebuild(batch=batch)
        self.stdout.write(f"{count:,} hồ sơ tổng hợp trong {time.monotonic() - started:.1f} s.")
