from django.core.management.base import BaseCommand, CommandError

from motcua.catalog import importers, loader


class Command(BaseCommand):
    help = (
        "Nạp (hoặc cập nhật) danh mục thủ tục thật từ data/procedures.json; chạy lại nhiều lần vẫn an toàn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--path", default=None, help="Tệp JSON (mặc định: data/procedures.json)")

    def handle(self, *args, path=None, **options):
        try:
            report = loader.load_catalogue(path)
        except importers.ImportRejected as exc:
            for error in exc.row_errors:
                self.stderr.write(str(error))
            raise CommandError(exc.messages[0]) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp: {exc.filename}") from exc
        self.stdout.write(self.style.SUCCESS(str(report)))
