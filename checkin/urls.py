from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("checkin/", views.scanner, name="scanner"),
    path("checkin/sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
]
