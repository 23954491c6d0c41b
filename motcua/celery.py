"""Celery application. In the embedded default, tasks run eagerly in-process (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.dev")

app = Celery("motcua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules beside `tasks` (dossiers.payment_tasks: the daily payment reconciliation).
app.autodiscover_tasks(related_name="payment_tasks")
