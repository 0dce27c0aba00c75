"""The public and staff pages of events: the core's, then each concern's (all under the `events`
namespace, so URL names did not change when the concerns got their packages)."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "events"

urlpatterns = [
    path("", include("events.exhibitions.urls")),
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("hosts/<slug:slug>/", views.host_page, name="host"),
    path("events/<slug:slug>/register/", views.event_register, name="register"),
    path("registrations/<str:token>/", views.registration_detail, name="registration"),
    path("registrations/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "registrations/<str:token>/position/",
        views.registration_position_email,
        name="registration_position_email",
    ),
    path("", include("events.calendar.urls")),
    path("", include("events.mail.urls")),
    path("", include("events.workspace.urls")),
    path("", include("events.intake.urls")),
    path("", include("events.selfservice.urls")),
    path(_("news/"), include("events.news.urls")),
    path(_("accessibility/"), views.accessibility_statement, name="accessibility"),
]
