"""Celery beat: every scheduled task exists; the nightly consistency check reports disagreeing dossiers."""

from django.conf import settings

from motcua.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: no task {entry['task']}"


def test_the_nightly_consistency_check_is_scheduled():
    assert settings.CELERY_BEAT_SCHEDULE["nightly-consistency-check"]["task"] == "dossiers.check_consistency"
