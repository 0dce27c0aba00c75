from django.urls import path

from . import views

app_name = "checkin"

urlpatterns = [
    path("checkin/", views.scanner, name="scanner"),
    path("checkin/sw.js", views.service_worker, name="service_worker"),
    path("checkin/manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("checkin/sessions/<int:pk>/walk-in/", views.walk_in, name="walk_in"),
    path("checkin/sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("checkin/board/<slug:slug>/", views.board, name="board"),
    path("checkin/board/<slug:slug>/data/", views.board_data, name="board_data"),
]
