"""Load (or reload) the national index's methodology versions from the data file."""

from django.core.management.base import BaseCommand
from django.db import transaction

from motcua.reports.index766 import methodology
from motcua.reports.index766.models import IndexIndicator, IndexMethodology


class Command(BaseCommand):
    help = "Nạp các phiên bản phương pháp tính Chỉ số 766 từ tệp dữ liệu (mặc định: index766/data/methodology.json)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(methodology.DATA_FILE))

    def handle(self, *args, file, **options):
        from pathlib import Path

        with transaction.atomic():
            for entry in methodology.read(Path(file)):
                installed = methodology.install(entry, IndexMethodology, IndexIndicator)
                self.stdout.write(f"{installed}: {installed.indicators.count()}")
