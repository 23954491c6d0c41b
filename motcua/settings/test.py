"""Tests: the database comes from DATABASE_URL (SQLite by default, PostgreSQL in CI's second run)."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = PROJECT_DIR / "var" / "test-media"  # noqa: F405
