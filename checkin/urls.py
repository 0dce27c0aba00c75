from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("checkin/", views.scanner, name="scanner"),
]
