from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Statistics, the seed's report tables, the national service index: it reads through selectors and
    workcal and writes only its own rollups."""

    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Báo cáo, thống kê")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from motcua.dossiers.models import Dossier

        from . import rollups

        # The rollups follow every saved dossier (reports listens; the dossiers app imports nothing of it).
        post_save.connect(rollups.dossier_saved, sender=Dossier, dispatch_uid="reports.rollups")
