from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The citizens' portal (Cổng dịch vụ công): accounts, online submission, tracking, ratings.

    A screen like the office: it parses and renders, and calls the dossier commands and selectors."""

    name = "motcua.portal"
    label = "portal"
    verbose_name = _("Cổng dịch vụ công")
