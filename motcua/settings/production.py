"""Production: PostgreSQL via DATABASE_URL, a real Celery broker, secrets from the environment."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
CELERY_TASK_ALWAYS_EAGER = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
