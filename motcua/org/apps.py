from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "motcua.org"
    label = "org"
    verbose_name = _("Tổ chức bộ máy")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from motcua.core.refcache import clear_all

        from .models import Agency

        # What selectors.current_agency keeps in memory (core.refcache): forget it on any change.
        post_save.connect(clear_all, sender=Agency, dispatch_uid="refcache-agency-save")
        post_delete.connect(clear_all, sender=Agency, dispatch_uid="refcache-agency-delete")
