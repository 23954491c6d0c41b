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
        self._invalidate_public_pages_on_change()

    def _invalidate_public_pages_on_change(self):
        """The cached public pages (catalog.pages): any row of the catalogue, or an agency they name."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from motcua.org.models import Agency

        from .pages import catalogue_changed

        models = [*self.get_models(), Agency]
        for model in models:
            post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-save")
            post_delete.connect(
                catalogue_changed, sender=model, dispatch_uid=f"pages-{model.__name__}-delete"
            )
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    catalogue_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"pages-{model.__name__}-{field.name}",
                )
