"""The reports' admin: each topic registers its own tables in its module."""

from .index766 import admin as index766_admin  # noqa: F401
