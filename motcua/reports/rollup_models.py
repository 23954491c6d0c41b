"""The statistics' rollups (issue 12): exact daily flows and balances, from which `counts.dossier_counts`
answers every `Counts` field for any period without scanning dossiers.

A dossier's *facts* (agency, procedure, sector, channel, its received / finished / due days in
Asia/Ho_Chi_Minh and its closing kind) contribute +1 or −1 to a few columns of a few day rows:
- flows, on the day they happen: `received` (received day), the closing kind (finished day);
- balances, summed over every day before an instant (a period's start or end):
  `open_delta` +1 on the received day, −1 on max(received, finished) day: carried over at the start;
  `due_open_delta` the same for dossiers with a due time; `overdue_delta` +1 on max(received, due),
  −1 on max(received, due, finished): open overdue at the end; open within = due_open − overdue.
`RollupEntry` keeps the facts each dossier last contributed, so a change (a late edit of
`finished_at` or `due_at`, a pause that moves the due time) takes the old contribution out and puts
the new one in: refreshing a dossier twice changes nothing."""

from django.db import models
from django.utils.translation import gettext_lazy as _

FLOW_COLUMNS = (
    "received",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "withdrawn",
    "refused",
    "stopped",
)
BALANCE_COLUMNS = ("open_delta", "due_open_delta", "overdue_delta")
COLUMNS = FLOW_COLUMNS + BALANCE_COLUMNS


class _Daily(models.Model):
    day = models.DateField(_("ngày"))
    received = models.IntegerField(_("tiếp nhận"), default=0)
    resolved_early = models.IntegerField(_("giải quyết trước hạn"), default=0)
    resolved_on_time = models.IntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.IntegerField(_("giải quyết quá hạn"), default=0)
    withdrawn = models.IntegerField(_("rút hồ sơ"), default=0)
    refused = models.IntegerField(_("từ chối tiếp nhận"), default=0)
    stopped = models.IntegerField(_("dừng xử lý"), default=0)
    open_delta = models.IntegerField(_("thay đổi số đang xử lý"), default=0)
    due_open_delta = models.IntegerField(_("thay đổi số đang xử lý có hạn"), default=0)
    overdue_delta = models.IntegerField(_("thay đổi số quá hạn"), default=0)

    class Meta:
        abstract = True


class DailyRollup(_Daily):
    """One row per agency × procedure (with its sector) × channel × day."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    procedure = models.ForeignKey("catalog.Procedure", on_delete=models.CASCADE, related_name="+")
    sector = models.ForeignKey("catalog.Sector", on_delete=models.CASCADE, related_name="+")
    channel = models.PositiveSmallIntegerField(_("kênh tiếp nhận"))

    KEY = ("agency_id", "procedure_id", "sector_id", "channel", "day")

    class Meta:
        verbose_name = _("số liệu tổng hợp theo ngày")
        verbose_name_plural = _("số liệu tổng hợp theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "procedure", "sector", "channel", "day"],
                name="reports_daily_rollup_key",
            )
        ]
        indexes = [models.Index(fields=["agency", "day"], name="reports_daily_agency_day")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.procedure_id}/{self.channel}/{self.day}"


class AgencyDailyRollup(_Daily):
    """The same per agency × channel × day: the unit and channel rows and the city's totals read
    a few thousand of these instead of the procedure rows."""

    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    channel = models.PositiveSmallIntegerField(_("kênh tiếp nhận"))

    KEY = ("agency_id", "channel", "day")

    class Meta:
        verbose_name = _("số liệu tổng hợp theo cơ quan và ngày")
        verbose_name_plural = _("số liệu tổng hợp theo cơ quan và ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "channel", "day"], name="reports_agency_daily_rollup_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.channel}/{self.day}"


class RollupEntry(models.Model):
    """The facts a dossier last contributed to the rollups (no foreign key: a bulk load or a
    rebuild writes these for millions of dossiers)."""

    dossier_id = models.BigIntegerField(primary_key=True)
    agency_id = models.BigIntegerField()
    procedure_id = models.BigIntegerField()
    sector_id = models.BigIntegerField()
    channel = models.PositiveSmallIntegerField()
    received_day = models.DateField(null=True)
    finished_day = models.DateField(null=True)
    due_day = models.DateField(null=True)
    kind = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("đóng góp của hồ sơ vào số liệu tổng hợp")
        verbose_name_plural = _("đóng góp của hồ sơ vào số liệu tổng hợp")

    def __str__(self) -> str:
        return str(self.dossier_id)
