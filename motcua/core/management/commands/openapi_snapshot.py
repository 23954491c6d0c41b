"""Write the API's OpenAPI document to its committed snapshot (docs/api/openapi-v1.yaml), or with
--check say whether they differ (exit status 1)."""

from django.core.management.base import BaseCommand, CommandError

from motcua.core import openapi


class Command(BaseCommand):
    help = "Regenerate docs/api/openapi-v1.yaml from the code (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare only; fail when they differ")

    def handle(self, *args, check=False, **options):
        if check:
            new = openapi.current()
            old = openapi.snapshot()
            if old != new:
                raise CommandError("\n".join(openapi.differences(old, new)))
            self.stdout.write("the snapshot is up to date")
            return
        path = openapi.write_snapshot()
        self.stdout.write(f"wrote {path}; add an entry to docs/api/CHANGELOG.md")
