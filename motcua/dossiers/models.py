from django.db import models
from django.utils.translation import gettext_lazy as _


class DossierCodeCounter(models.Model):
    """The last dossier number handed out per receiving agency and day.

    Locked and incremented inside the transaction that creates the dossier, so concurrent intakes
    queue on this row and a rolled-back intake gives its number back: codes stay unique and gap-free.
    """

    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_code_counter_once_a_day")
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.day}: {self.last}"
