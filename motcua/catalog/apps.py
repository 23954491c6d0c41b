from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from motcua.core.refcache import clear_all

        from .models import FeeItem, ProcedureCase, ProcedureVersion, Requirement

        # What selectors.published_version keeps in memory (core.refcache): forget it on any change.
        for model in (ProcedureVersion, ProcedureCase, Requirement, FeeItem):
            post_save.connect(clear_all, sender=model, dispatch_uid=f"refcache-{model.__name__}-save")
            post_delete.connect(clear_all, sender=model, dispatch_uid=f"refcache-{model.__name__}-delete")
        m2m_changed.connect(
            clear_all,
            sender=ProcedureVersion.implementing_agencies.through,
            dispatch_uid="refcache-implementing-agencies",
        )
