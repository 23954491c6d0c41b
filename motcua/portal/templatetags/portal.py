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
