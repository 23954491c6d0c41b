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


#: The heads of agency names that official headers print on a line of their own (Decree 30/2020:
#: "ỦY BAN NHÂN DÂN / THÀNH PHỐ HÀ NỘI"), so a long name never wraps in the middle of a place.
_HEADS = ("Ủy ban nhân dân ", "UBND ", "Hội đồng nhân dân ")


@register.filter
def header_lines(value):
    """An agency's name for the header, broken after its head ("Ủy ban nhân dân"), each line kept whole."""
    text = str(value or "")
    for head in _HEADS:
        if text.startswith(head) and len(text) > len(head):
            return format_html(
                '<span class="keep">{}</span><br><span class="keep">{}</span>',
                head.strip(),
                text[len(head) :],
            )
    return format_html('<span class="keep">{}</span>', text)


@register.filter
def procedure_phrase(value):
    """A procedure's name after the word "thủ tục": "thủ tục Đăng ký giám hộ", not "thủ tục Thủ tục đăng ký giám hộ"."""
    text = str(value or "")
    for head in ("Thủ tục ", "thủ tục "):
        if text.startswith(head):
            rest = text[len(head) :]
            return rest[:1].upper() + rest[1:]
    return text
