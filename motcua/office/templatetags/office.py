from datetime import timedelta

from django import template

from motcua.dossiers.deadlines import describe

register = template.Library()


@register.filter
def time_left(delta: timedelta | None) -> str:
    """'Còn 2 ngày 3 giờ làm việc', 'Quá hạn 5 giờ', 'Chưa có hạn': `dossiers.deadlines.describe`."""
    return describe(delta)


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
