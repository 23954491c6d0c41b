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


@register.filter
def may_report(staff) -> bool:
    """Whether the officer reads reports (leaders, unit heads, control officers, administrators):
    the workspace's menu then offers "Báo cáo"."""
    from motcua.reports.scope import REPORT_ROLES

    return staff is not None and bool(set(roles_of_staff(staff)) & REPORT_ROLES)


@register.filter
def may_run_surveys(staff) -> bool:
    """Whether the officer manages satisfaction surveys (the control office, administrators)."""
    from motcua.surveys.selectors import MANAGING_ROLES

    return staff is not None and bool(roles_of_staff(staff) & MANAGING_ROLES)


def roles_of_staff(staff) -> set[str]:
    return {r.role for r in staff.roles.all()}


@register.filter
def may_replay_sync(staff) -> bool:
    """Whether the officer lists and replays the national portal's failed sync records (the
    workspace's menu then offers "Đồng bộ Cổng DVCQG")."""
    from motcua.office.sync_views import may_replay

    return staff is not None and may_replay(staff)
