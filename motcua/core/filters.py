"""Filters shared by the APIs' filter sets."""

from __future__ import annotations

from django import forms
from django_filters import rest_framework as filters

#: The largest id a database column holds (bigint); larger numbers cannot name a row.
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class IdFilter(filters.NumberFilter):
    """An id in a query string: a whole number within a database column's range (a bigger one
    answers 400, never an OverflowError from the database driver)."""

    field_class = IdField
