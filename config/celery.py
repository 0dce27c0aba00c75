"""Celery application. Without REDIS_URL tasks run in process: the embedded default needs no worker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config", task_cls="config.background:Task")  # off the request on the embedded default
app.config_from_object("django.conf:settings", namespace="CELERY")
# Each app's `tasks` module, and those of the concern packages inside `events` (docs/architecture.md).
app.autodiscover_tasks()
app.autodiscover_tasks(["events.mail", "events.news", "events.intake"])
