"""Reporting periods: [from 00:00, to + 1 day 00:00) in Asia/Ho_Chi_Minh, whatever the server's zone.

Every report, table and index takes a `Period`; screens and the API build one with `parse_period`
(dates as YYYY-MM-DD, or a named period: a day, a month, a quarter, a year)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Vietnam keeps one offset all year (UTC+7, no daylight saving): the reporting day's zone.
REPORTING_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Period:
    """The dates `start` to `end`, both included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError(
                {
                    "to": ValidationError(
                        _("Ngày kết thúc phải không trước ngày bắt đầu."), code="period_reversed"
                    )
                }
            )

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=REPORTING_ZONE)

    @property
    def ends_at(self) -> dt.datetime:
        """The first instant after the period (exclusive bound)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=REPORTING_ZONE)

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - dt.timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(cls.month(year, 3 * quarter - 2).start, cls.month(year, 3 * quarter).end)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def _date(value: str, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            {field: ValidationError(_("Ngày không hợp lệ (định dạng YYYY-MM-DD)."), code="invalid_date")}
        ) from None


def parse_period(params) -> Period:
    """`from` and `to` (YYYY-MM-DD), both required: a report never guesses its period."""
    missing = [name for name in ("from", "to") if not params.get(name)]
    if missing:
        raise ValidationError(
            {
                name: ValidationError(_("Chọn kỳ báo cáo (từ ngày, đến ngày)."), code="period_required")
                for name in missing
            }
        )
    return Period(_date(params["from"], "from"), _date(params["to"], "to"))
