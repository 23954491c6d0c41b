"""Template filters for the forms: the formatting helpers, plus a dotted blank for empty fields."""

from django import template
from django.utils.html import format_html

from motcua.documents import formatting

register = template.Library()

#: What a paper form shows where a value is missing, so an officer can write it in by hand.
BLANK = "…………………………"


@register.filter
def vn_date(value):
    return formatting.format_vn_date(value) if value else BLANK


@register.filter
def vn_time(value):
    return formatting.format_vn_time(value) if value else BLANK


@register.filter
def vn_datetime(value):
    return formatting.format_vn_datetime(value) if value else BLANK


@register.filter
def long_date(value):
    return formatting.format_long_date(value) if value else BLANK


@register.filter
def vnd(value):
    return formatting.format_vnd(value) if value is not None else BLANK


@register.filter
def or_blank(value):
    return value if value not in (None, "") else BLANK


@register.filter
def breakable_code(value):
    """Let a long dossier code wrap after its agency part in narrow table cells.

    Unicode line breaking never breaks "H26-261123" (a hyphen between digits), and a zero-width
    space would need a glyph the form font may not have, so the break is an explicit <br>.
    """
    text = str(value or "")
    head, sep, tail = text.partition("-")
    if not sep or len(text) <= 16:
        return text
    return format_html("{}-<br>{}", head, tail)
