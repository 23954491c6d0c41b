"""`manage.py restore --from DIR`: checks the backup against its manifest, replaces the database and the
stored files with it, then checks every file's sha256 and every table's rows (motcua.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.core import backup


class Command(BaseCommand):
    help = "Phục hồi cơ sở dữ liệu và tệp từ một bản sao lưu, rồi đối chiếu từng tệp và từng bảng."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help="thư mục sao lưu")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="không hỏi xác nhận")

    def handle(self, *args, **options):
        source = options["source"]
        try:
            backup.read_manifest(source)
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
        if not options["noinput"]:
            answer = input("Toàn bộ dữ liệu và tệp hiện có sẽ bị thay thế. Gõ 'yes' để tiếp tục: ")
            if answer.strip() != "yes":
                raise CommandError("Đã hủy.")
        try:
            summary = backup.restore(source, using=options["database"])
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Đã phục hồi từ {summary.directory}: {summary.rows} dòng trong {summary.tables} bảng, "
            f"{summary.files} tệp; mọi tệp và mọi bảng khớp bản sao lưu."
        )
