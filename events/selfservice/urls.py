from django.urls import path

from . import views

urlpatterns = [
    path("registrations/<str:token>/edit/", views.registration_edit, name="registration_edit"),
    path(
        "registrations/email/<str:token>/confirm/",
        views.registration_email_confirm,
        name="registration_email_confirm",
    ),
]
