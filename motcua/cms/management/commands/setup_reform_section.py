from django.core.management.base import BaseCommand

from motcua.cms.setup import ensure_reform_section


class Command(BaseCommand):
    help = (
        "Tạo khung trang cải cách hành chính (/cai-cach/: tiếng Việt và tiếng Anh), nhóm cán bộ truyền thông, "
        "nhóm lãnh đạo duyệt và quy trình duyệt tin bài; chạy lại không tạo trùng."
    )

    def handle(self, *args, **options):
        section = ensure_reform_section()
        self.stdout.write(
            f"Trang cải cách hành chính: {section.home.url_path}; nhóm “{section.editors.name}”, "
            f"“{section.approvers.name}”; quy trình “{section.workflow.name}”."
        )
