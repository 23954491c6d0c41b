"""The facts the seed's tables (seed 003, Phụ lục I–III) need that no other app records: which of an
agency's procedures it actually handles through the one-stop mechanism, as the list it publishes
says. Edited in the admin; the tables only read it (motcua.reports.tables)."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class OneStopList(models.Model):
    """An agency's list of procedures handled through the one-stop (and inter-agency one-stop)
    mechanism, from `valid_from` to `valid_to` (the last day; empty: open-ended). A period's table
    reads the latest list whose validity overlaps the period; an agency without one shows "—"."""

    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.CASCADE,
        related_name="one_stop_lists",
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Ngày cuối cùng; để trống nếu chưa có hạn.")
    )
    decision = models.CharField(
        _("văn bản công bố danh mục"),
        max_length=255,
        blank=True,
        help_text=_("Số, ngày của quyết định công bố danh mục (ví dụ: Quyết định số …/QĐ-UBND)."),
    )
    procedures = models.ManyToManyField(
        "catalog.Procedure",
        verbose_name=_("thủ tục thực hiện theo cơ chế một cửa"),
        related_name="one_stop_lists",
        blank=True,
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("danh mục TTHC thực hiện theo cơ chế một cửa")
        verbose_name_plural = _("danh mục TTHC thực hiện theo cơ chế một cửa")
        ordering = ["agency__code", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="one_stop_list_ordered",
            ),
            models.UniqueConstraint(fields=["agency", "valid_from"], name="one_stop_list_once"),
        ]

    def __str__(self):
        return f"{self.agency} {self.valid_from:%d/%m/%Y}–{self.valid_to or ''}"
