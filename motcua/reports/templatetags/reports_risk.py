from django import template

register = template.Library()


@register.filter
def field(row: dict, name: str):
    """`row[name]` (a bottleneck row's label column, named by the including template)."""
    return row.get(name, "")
