from django.urls import path

from . import views
from .unsubscribe import unsubscribe_page

urlpatterns = [
    path("events/<slug:slug>/messages/", views.event_messages, name="event_messages"),
    path("unsubscribe/<str:token>/", unsubscribe_page, name="unsubscribe"),
]
