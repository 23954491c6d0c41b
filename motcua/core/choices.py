"""Labels of Django choices, translated once per language instead of on every row.

`instance.get_FOO_display()` looks the value up in the field's choices on each call, hashing every
lazy label (one gettext per choice): on a page of 50 dossiers with two such columns that was a
fifth of the response time. `choice_label(State, 4)` asks gettext once per (language, value).
"""

from __future__ import annotations

from django.db.models import Choices
from django.utils import translation

_labels: dict[tuple[str | None, type[Choices], object], str] = {}


def choice_label(choices: type[Choices], value) -> str:
    """The label of `value` in the active language ("" for an empty value, the value itself if it
    is not one of the choices, as get_FOO_display does)."""
    if value is None or value == "":
        return ""
    key = (translation.get_language(), choices, value)
    label = _labels.get(key)
    if label is None:
        try:
            label = str(choices(value).label)
        except ValueError:
            label = str(value)
        _labels[key] = label
    return label
