from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Tickets and check-in")

    def ready(self):
        from events import extensions

        # Signal receivers; OpenAPI description of device tokens; the staff workspace's check-in parts.
        from . import receivers, schema, workspace  # noqa: F401
        from .selectors import door_staff_scope

        extensions.staff_event_scopes.append(door_staff_scope)
