from django.urls import path

from . import views

urlpatterns = [
    path("events/<slug:slug>/messages/", views.event_messages, name="event_messages"),
]
