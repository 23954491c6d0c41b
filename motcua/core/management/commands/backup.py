"""`manage.py backup --to DIR`: the database (pg_dump custom format, or a SQLite copy), every stored file
(files.tar) and a manifest of their sha256 and of every table's rows (motcua.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và toàn bộ tệp vào một thư mục (kèm bảng tổng kiểm tra sha256)."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, type=Path, help="thư mục đích (chưa có hoặc trống)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            summary = backup.backup(options["to"], using=options["database"])
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Đã sao lưu vào {summary.directory}: {summary.rows} dòng trong {summary.tables} bảng, {summary.files} tệp."
        )
