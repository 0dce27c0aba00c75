from django.urls import path

from . import invitations, views
from .unsubscribe import unsubscribe_page

urlpatterns = [
    path("events/<slug:slug>/messages/", views.event_messages, name="event_messages"),
    path("unsubscribe/<str:token>/", unsubscribe_page, name="unsubscribe"),
    path("hosts/<slug:slug>/staff/", invitations.host_staff_page, name="host_staff"),
    path("staff/invitation/<str:token>/", invitations.invitation_page, name="staff_invitation"),
]
