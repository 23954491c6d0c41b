from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    """The officers' workspace: intake, "my work", dossier pages and search (server-rendered, htmx)."""

    name = "motcua.office"
    label = "office"
    verbose_name = _("Không gian làm việc của cán bộ")
