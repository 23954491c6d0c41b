from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The public reform pages (issue 14): Wagtail page types edited by the province's communication
    officers. A screen: it reads the org's desks and the reports' figures, and nothing imports it."""

    name = "motcua.cms"
    label = "cms"
    verbose_name = _("Trang cải cách hành chính")
