"""Celery beat: every scheduled task exists (the nightly consistency check among them, once written)."""

from django.conf import settings

from motcua.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name}: no task {entry['task']}"


def test_the_nightly_consistency_check_is_scheduled_once_it_exists():
    from motcua.dossiers import tasks

    scheduled = "nightly-consistency-check" in settings.CELERY_BEAT_SCHEDULE
    assert scheduled == hasattr(tasks, "check_consistency")
