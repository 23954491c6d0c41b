from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog import importers, process_import
from motcua.catalog.selectors import version_in_force
from motcua.org.models import Agency


class Command(BaseCommand):
    help = "Nhập quy trình nội bộ của một thủ tục tại một cơ quan từ bảng Excel đã công bố."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--code", required=True, help="Mã thủ tục, ví dụ 1.001193")
        parser.add_argument("--agency", required=True, help="Mã định danh cơ quan thực hiện")
        parser.add_argument("--decision", default="", help="Quyết định phê duyệt quy trình")

    def handle(self, *args, file, code, agency, decision, **options):
        version = version_in_force(code)
        if version is None:
            raise CommandError(f"Không có thủ tục {code} đang công bố.")
        agency_obj = Agency.objects.filter(code=agency).first()
        if agency_obj is None:
            raise CommandError(f"Không có cơ quan mã {agency}.")
        try:
            proc = process_import.import_process_excel(
                Path(file).read_bytes(), version=version, agency=agency_obj, decision=decision
            )
        except importers.ImportRejected as exc:
            for error in exc.row_errors:
                self.stderr.write(str(error))
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nhập quy trình {proc} ({proc.steps.count()} bước)."))
