from django import template
from django.utils.translation import gettext as _

from motcua.catalog.models import Channel

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """12345 → "12.345"; None → "—"."""
    if amount is None:
        return "—"
    return f"{int(amount):,}".replace(",", ".")


@register.filter
def channel_label(value: str) -> str:
    if value == "best":
        return _("Kênh ít tốn kém nhất")
    try:
        return str(Channel(value).label)
    except ValueError:
        return value


@register.filter
def percent(value) -> str:
    """A rate (Decimal, None: no denominator) as "98,50%" / "—"."""
    if value is None:
        return "—"
    return f"{value}%".replace(".", ",")
