"""A worker knows every task the web processes queue and the beat schedule names."""

from django.conf import settings

from config.celery import app


def test_worker_registers_every_scheduled_and_queued_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    queued = {"events.tasks.send_outgoing_email"}
    assert sorted((scheduled | queued) - set(app.tasks)) == []
