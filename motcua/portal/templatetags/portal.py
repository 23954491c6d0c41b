"""The portal layout's tags: links to pages other parts of the portal build (a URL name that may not be
there yet falls back to its plain path, so the layout never breaks on a missing page) and the header's
unread-notification count."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def portal_url(name: str, fallback: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    # Imported here: the count is a selector of the notification centre, read only when someone is logged in.
    from motcua.portal.tracking.selectors import unread_count

    return unread_count(user)


#: The steps a citizen follows a dossier through (no personal data: only the state decides).
_PROGRESS = (1, 2, 4, 9, 10)
#: Where a state stands on that path (a pause sits in processing; a refusal or stop ends early).
_POSITION = {1: 0, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 1, 8: 2, 9: 3, 10: 4}


@register.inclusion_tag("portal/_progress.html")
def progress_steps(state: int):
    from django.utils.translation import gettext as _

    reached = _POSITION.get(int(state), 0)
    labels = {
        1: _("Nộp hồ sơ"),
        2: _("Tiếp nhận"),
        4: _("Đang giải quyết"),
        9: _("Có kết quả"),
        10: _("Trả kết quả"),
    }
    return {
        "steps": [
            {"label": labels[value], "done": index <= reached, "current": index == reached}
            for index, value in enumerate(_PROGRESS)
        ]
    }
