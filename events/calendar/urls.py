from django.urls import path

from . import views

# iCalendar feeds (Vietnamese; English under /en/)
urlpatterns = [
    path("calendar.ics", views.all_events_feed, name="calendar_feed"),
    path("calendar/personal/<slug:secret>.ics", views.personal_feed, name="personal_feed"),
    path("calendar/<slug:kind>.ics", views.kind_feed, name="calendar_kind_feed"),
    path("events/<slug:slug>/calendar.ics", views.event_feed, name="event_calendar_feed"),
    path("hosts/<slug:slug>/calendar.ics", views.host_feed, name="host_calendar_feed"),
    path("events/<slug:slug>/add-to-calendar.ics", views.event_download, name="event_ics"),
    path(
        "registrations/<str:token>/calendar/rotate/", views.personal_feed_rotate, name="personal_feed_rotate"
    ),
]
