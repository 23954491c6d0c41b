from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Statistics, the seed's report tables, the national service index: it reads through selectors and
    workcal and writes only its own rollups."""

    name = "motcua.reports"
    label = "reports"
    verbose_name = _("Báo cáo, thống kê")
