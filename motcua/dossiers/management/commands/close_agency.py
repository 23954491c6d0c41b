import datetime

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.closure import close_agency
from motcua.org.selectors import agency_by_code


class Command(BaseCommand):
    help = (
        "Kết thúc hoạt động một cơ quan (và các đơn vị trực thuộc) vào ngày --on, chuyển hồ sơ đang "
        "giải quyết, bước xử lý, bộ phận tiếp nhận và cán bộ sang cơ quan kế thừa; chạy lại vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="Mã định danh của cơ quan kết thúc hoạt động")
        parser.add_argument("--successor", required=True, help="Mã định danh của cơ quan kế thừa")
        parser.add_argument("--on", required=True, help="Ngày cuối cùng hoạt động (YYYY-MM-DD)")

    def handle(self, *args, agency, successor, on, **options):
        try:
            day = datetime.date.fromisoformat(on)
        except ValueError as exc:
            raise CommandError(f"Ngày không hợp lệ (YYYY-MM-DD): {on}") from exc
        closing = agency_by_code(agency, on=day)
        heir = agency_by_code(successor, on=day + datetime.timedelta(days=1))
        if closing is None or heir is None:
            raise CommandError(f"Không tìm thấy cơ quan mã {agency if closing is None else successor}.")
        try:
            report = close_agency(agency=closing, successor=heir, on=day)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(str(report)))
