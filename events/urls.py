from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.CatalogueView.as_view(), name="catalogue"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/register/", views.event_register, name="register"),
    path("registrations/<str:token>/", views.registration_detail, name="registration"),
    path("registrations/<str:token>/cancel/", views.registration_cancel, name="registration_cancel"),
]
