from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback surveys")

    def ready(self):
        from . import emails  # noqa: F401  (registers the survey messages' builder with the outbox)
