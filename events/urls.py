from django.urls import path

from . import exhibitor_views, feeds, views

app_name = "events"

urlpatterns = [
    path("events/<slug:slug>/exhibit/", exhibitor_views.exhibitor_apply, name="exhibitor_apply"),
    path("events/<slug:slug>/floor/", exhibitor_views.floor_list, name="floor_list"),
    path("events/<slug:slug>/meetings/", exhibitor_views.meeting_grid, name="meeting_grid"),
    path(
        "events/<slug:slug>/exhibitors/<str:code>/meet/",
        exhibitor_views.meeting_request,
        name="meeting_request",
    ),
    path("exhibitors/<str:token>/", exhibitor_views.exhibitor_team, name="exhibitor_team"),
    path("meetings/<str:token>/", exhibitor_views.meeting_detail, name="meeting"),
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/register/", views.event_register, name="register"),
    path("registrations/<str:token>/", views.registration_detail, name="registration"),
    path("registrations/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"),
    # iCalendar feeds (Vietnamese; English under /en/)
    path("calendar.ics", feeds.all_events_feed, name="calendar_feed"),
    path("calendar/personal/<slug:secret>.ics", feeds.personal_feed, name="personal_feed"),
    path("calendar/<slug:kind>.ics", feeds.kind_feed, name="calendar_kind_feed"),
    path("events/<slug:slug>/calendar.ics", feeds.event_feed, name="event_calendar_feed"),
    path("events/<slug:slug>/add-to-calendar.ics", feeds.event_download, name="event_ics"),
    path(
        "registrations/<str:token>/calendar/rotate/",
        feeds.personal_feed_rotate,
        name="personal_feed_rotate",
    ),
]
