from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "motcua.org"
    label = "org"
    verbose_name = _("Tổ chức bộ máy")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from motcua.core.refcache import clear_all

        from .models import Agency, ServiceDesk

        # What selectors.current_agency and desk_serving keep in memory (core.refcache): forget it
        # on any change.
        for model in (Agency, ServiceDesk):
            post_save.connect(clear_all, sender=model, dispatch_uid=f"refcache-{model.__name__}-save")
            post_delete.connect(clear_all, sender=model, dispatch_uid=f"refcache-{model.__name__}-delete")
        m2m_changed.connect(
            clear_all, sender=ServiceDesk.agencies.through, dispatch_uid="refcache-desk-agencies"
        )
