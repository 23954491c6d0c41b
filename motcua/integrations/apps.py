from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = _("Kết nối hệ thống ngoài")

    def ready(self):
        from django.core.signals import request_finished

        from . import retry

        request_finished.connect(retry.retry_due, dispatch_uid="integrations-outbox-retry")
