from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Tickets and check-in")

    def ready(self):
        # Signal receivers; OpenAPI description of device tokens; the staff workspace's check-in parts.
        from . import receivers, schema, workspace  # noqa: F401
