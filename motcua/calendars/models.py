"""The admin-editable layer on top of the national calendar.

Every setting is per agency and inherited: an agency without its own value takes its parent's, up to
the root, and then the national default (`motcua.workcal`). Day overrides with no agency apply
nationwide, on top of the `holidays` package; an agency's own overrides win over its parent's.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Agency


class SaturdaySession(models.TextChoices):
    NONE = "none", _("Không làm việc sáng thứ Bảy")
    RECEIVE = "receive", _("Tiếp nhận hồ sơ, không tính vào thời gian giải quyết")
    COUNT = "count", _("Tiếp nhận hồ sơ và tính vào thời gian giải quyết")


class AgencyCalendar(models.Model):
    """An agency's own calendar settings; empty fields are inherited from the parent agency."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="work_calendar"
    )
    same_day_cutoff = models.TimeField(
        _("giờ chốt hồ sơ trong ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Hồ sơ giải quyết trong ngày nhận sau giờ này được trả vào ngày làm việc tiếp theo. "
            "Để trống: theo cơ quan cấp trên (mặc định 15:00)."
        ),
    )
    saturday_session = models.CharField(
        _("buổi sáng thứ Bảy"),
        max_length=8,
        choices=SaturdaySession.choices,
        blank=True,
        help_text=_("Để trống: theo cơ quan cấp trên (mặc định không làm việc)."),
    )
    saturday_opens = models.TimeField(_("sáng thứ Bảy từ"), null=True, blank=True)
    saturday_closes = models.TimeField(_("sáng thứ Bảy đến"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("lịch làm việc của cơ quan")
        verbose_name_plural = _("lịch làm việc của cơ quan")
        ordering = ["agency__code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(saturday_opens__isnull=True)
                | Q(saturday_closes__isnull=True)
                | Q(saturday_opens__lt=models.F("saturday_closes")),
                name="calendar_saturday_ordered",
            ),
        ]

    def __str__(self):
        return str(self.agency)

    def clean(self):
        if (self.saturday_opens is None) != (self.saturday_closes is None):
            raise ValidationError(
                _("Nhập cả giờ bắt đầu và giờ kết thúc buổi sáng thứ Bảy, hoặc để trống cả hai.")
            )
        if self.saturday_opens and self.saturday_closes and self.saturday_opens >= self.saturday_closes:
            raise ValidationError({"saturday_closes": _("Giờ kết thúc phải sau giờ bắt đầu.")})


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


class OfficeHours(models.Model):
    """One opening interval. An agency with any rows here has exactly these hours (weekdays without
    a row are closed); an agency with none inherits its parent's week."""

    calendar = models.ForeignKey(
        AgencyCalendar, verbose_name=_("lịch"), on_delete=models.CASCADE, related_name="office_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    opens = models.TimeField(_("từ"))
    closes = models.TimeField(_("đến"))

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="office_hours_ordered"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.opens is not None and self.closes is not None and self.opens >= self.closes:
            raise ValidationError({"closes": _("Giờ kết thúc phải sau giờ bắt đầu.")})


class DayChange(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ (lễ, Tết, nghỉ bù, nghỉ thêm)")
    WORKING_DAY = "working_day", _("Ngày làm việc (làm bù, hoán đổi)")
    REGULAR = "regular", _("Bỏ ngày nghỉ (làm việc theo lịch thường)")


class CalendarDay(models.Model):
    """An override of one date: a holiday added or removed, or a swapped working day."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
        help_text=_("Để trống: áp dụng toàn quốc."),
    )
    date = models.DateField(_("ngày"))
    change = models.CharField(_("thay đổi"), max_length=12, choices=DayChange.choices)
    name = models.CharField(_("tên ngày"), max_length=200, blank=True)
    swapped_with = models.DateField(
        _("hoán đổi với ngày"), null=True, blank=True, help_text=_("Ngày được nghỉ hoặc làm bù tương ứng.")
    )
    source = models.CharField(
        _("căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Văn bản công bố, ví dụ: Công văn 12729/VPCP-KGVX."),
    )

    class Meta:
        verbose_name = _("ngày điều chỉnh")
        verbose_name_plural = _("ngày điều chỉnh (nghỉ lễ, làm bù)")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "date"],
                condition=Q(agency__isnull=False),
                name="calendar_day_once_per_agency",
            ),
            models.UniqueConstraint(
                fields=["date"], condition=Q(agency__isnull=True), name="calendar_day_once_nationwide"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d/%m/%Y}: {self.get_change_display()}"
