from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback surveys")

    def ready(self):
        from . import emails, receivers  # noqa: F401  (the survey message's builder; the demo seeder)
