from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    name = "checkin"
    verbose_name = _("Tickets and check-in")

    def ready(self):
        from . import receivers  # noqa: F401  (connects to the events app's signals)
