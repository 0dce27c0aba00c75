from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config.auth import LoginForm
from config.health import health
from reports.api import IndicatorsView

admin.site.site_header = _("HCMC Innovation — programme staff")
admin.site.site_title = _("HCMC Innovation staff")
admin.site.index_title = _("Events, training and reports")
admin.site.index_template = "reports/admin/index.html"  # with links to the scanner and the reports
admin.site.login_form = LoginForm
_admin_login = admin.site.login


def admin_login(request, extra_context=None):
    """The admin's sign-in, landing on the staff home (which sends door staff to the scanner and report
    viewers to the reports) unless the address asks for another page."""
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        extra_context = {**(extra_context or {}), REDIRECT_FIELD_NAME: reverse("events:staff_home")}
    return _admin_login(request, extra_context)


admin.site.login = admin_login

urlpatterns = [
    path("healthz", health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The scanners' API first: a gate's scan is the most frequent request, and URL resolution tries the
    # patterns in order.
    path("api/v1/checkin/", include("checkin.api_urls")),
    path("api/v1/", include("events.api.urls")),
    path("api/v1/", include("training.api_urls")),
    path("api/v1/feedback/", include("feedback.api_urls")),
    path("api/v1/reports/indicators/", IndicatorsView.as_view(), name="report-indicators"),
    path("tickets/", include("checkin.urls_public")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("checkin.urls")),
    path("", include("training.urls")),
    path("", include("feedback.urls")),
    path("", include("reports.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
