from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Policy reports")

    def ready(self):
        from django.urls import reverse

        from events import extensions

        def reports_landing(user):
            # Report viewers manage no event: after signing in they land on the reports.
            return reverse("reports:report") if user.has_perm("reports.view_reports") else None

        extensions.staff_landing_pages.append(reports_landing)
