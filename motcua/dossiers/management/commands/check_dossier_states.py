"""`manage.py check_dossier_states`: the nightly check that every dossier's last event leads to
the state it is in. Lists the dossiers that disagree and exits with status 1 if any (so cron or
a Celery beat wrapper reports it); prints nothing else when all agree unless -v 2."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.selectors import state_disagreements


class Command(BaseCommand):
    help = "Báo cáo hồ sơ có sự kiện cuối cùng không khớp trạng thái hiện tại."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="Liệt kê tối đa bấy nhiêu hồ sơ.")

    def handle(self, *args, limit, verbosity, **options):
        rows = list(state_disagreements().values_list("code", "state", "last_to_state")[: limit + 1])
        for code, state, last in rows[:limit]:
            self.stdout.write(f"{code}\tstate={state}\tlast_event_to_state={last}")
        if rows:
            more = "+" if len(rows) > limit else ""
            raise CommandError(f"{min(len(rows), limit)}{more} dossier(s) disagree with their last event")
        if verbosity >= 2:
            self.stdout.write("all dossiers agree with their last event")
