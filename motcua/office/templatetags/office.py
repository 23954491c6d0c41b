from datetime import timedelta

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours})
    if not days and (minutes or not parts):
        parts.append(ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes})
    return " ".join(parts)


@register.filter
def time_left(delta: timedelta | None) -> str:
    """'còn 2 ngày 3 giờ' or 'quá hạn 5 giờ' (calendar time)."""
    if delta is None:
        return _("chưa có hạn")
    if delta.total_seconds() < 0:
        return _("quá hạn %(span)s") % {"span": _span(delta)}
    return _("còn %(span)s") % {"span": _span(delta)}


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def action_label(value: str) -> str:
    from motcua.dossiers.states import Action

    try:
        return str(Action(value).label)
    except ValueError:
        return value
