from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MachinesConfig(AppConfig):
    name = "motcua.machines"
    label = "machines"
    verbose_name = _("Ứng dụng kết nối")
