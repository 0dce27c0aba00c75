from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The concern packages of events (docs/architecture.md), in the order they are wired. Their models keep the
# app label `events` (so their tables never moved); their hooks register with `events.extensions`.
CONCERNS = ("mail", "exhibitions", "calendar", "news", "workspace", "intake", "selfservice")


class EventsConfig(AppConfig):
    """The app's wiring: this module and `urls.py` are the only ones of the core that name the concern
    packages; the core itself reaches them only through `events.extensions`."""

    name = "events"
    verbose_name = _("Events and registrations")

    def import_models(self):
        super().import_models()
        for concern in CONCERNS:
            _import_if_present(f"{self.name}.{concern}.models")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import sqlite

        connection_created.connect(sqlite.install, dispatch_uid="events.sqlite.like")
        for concern in CONCERNS:
            _import_if_present(f"{self.name}.{concern}.hooks")
            _import_if_present(f"{self.name}.{concern}.admin")


def _import_if_present(name: str) -> None:
    """A concern without tables, hooks or admin (the workspace has pages only) has no such module."""
    if find_spec(name) is not None:
        import_module(name)
