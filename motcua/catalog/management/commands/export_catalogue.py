from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog import importers


class Command(BaseCommand):
    help = "Xuất các phiên bản đang công bố của danh mục thủ tục ra tệp .xlsx hoặc .json."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if path.suffix.lower() == ".json":
            path.write_text(importers.export_json(), encoding="utf-8")
        elif path.suffix.lower() == ".xlsx":
            path.write_bytes(importers.export_excel())
        else:
            raise CommandError("Chỉ xuất ra .json hoặc .xlsx.")
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {path}"))
