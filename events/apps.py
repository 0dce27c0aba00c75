from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and registrations")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import sqlite

        connection_created.connect(sqlite.install, dispatch_uid="events.sqlite.like")
