from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog import importers


class Command(BaseCommand):
    help = "Nhập danh mục thủ tục từ tệp .xlsx hoặc .json; tệp có dòng lỗi bị từ chối toàn bộ, kèm báo cáo từng dòng."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--draft", action="store_true", help="Chỉ tạo bản nháp, không công bố")

    def handle(self, *args, file, draft=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp: {file}")
        try:
            report = importers.import_file(path.name, path.read_bytes(), publish=not draft)
        except importers.ImportRejected as exc:
            for error in exc.row_errors:
                self.stderr.write(str(error))
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(self.style.SUCCESS(str(report)))
