import csv
import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from motcua.catalog import services


def _day(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = (
        "Nạp danh mục thủ tục tiếp nhận không phụ thuộc địa giới hành chính do tỉnh công bố "
        "(Nghị định 118/2025 điều 5): một tệp mỗi dòng một mã thủ tục (cột đầu của CSV); chạy lại vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp danh mục (CSV hoặc văn bản, mã thủ tục ở cột đầu)")
        parser.add_argument("--from", dest="valid_from", required=True, help="Áp dụng từ ngày (YYYY-MM-DD)")
        parser.add_argument("--to", dest="valid_to", default=None, help="Đến ngày (YYYY-MM-DD), nếu có")
        parser.add_argument(
            "--list", dest="published_list", required=True, help="Số, ngày quyết định công bố"
        )

    def handle(self, *args, path, valid_from, valid_to, published_list, **options):
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                codes = [row[0] for row in csv.reader(handle) if row and not row[0].startswith("#")]
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp: {path}") from exc
        # A header row ("ma_thu_tuc", "Mã TTHC"…) is not a code: codes start with a digit.
        codes = [c for c in codes if c.strip()[:1].isdigit()]
        try:
            created, updated = services.load_boundary_free_list(
                codes=codes,
                valid_from=_day(valid_from),
                valid_to=_day(valid_to),
                published_list=published_list,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"{created} thủ tục mới, {updated} cập nhật."))
