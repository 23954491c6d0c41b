from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ thủ tục hành chính")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .lookup_cache import dossier_saved
        from .models import Dossier

        # The public lookup's cached state (dossiers.lookup_cache): forgotten when the dossier changes.
        post_save.connect(dossier_saved, sender=Dossier, dispatch_uid="lookup-cache-dossier-save")
        post_delete.connect(dossier_saved, sender=Dossier, dispatch_uid="lookup-cache-dossier-delete")
