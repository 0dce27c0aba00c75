from django.urls import path

from . import views

urlpatterns = [
    path("staff/events/<slug:slug>/people/add/", views.intake_add, name="intake_add"),
    path("staff/events/<slug:slug>/people/import/", views.intake_import, name="intake_import"),
    path(
        "staff/events/<slug:slug>/people/import/template.xlsx", views.intake_template, name="intake_template"
    ),
    path("staff/events/<slug:slug>/people/import/<str:token>/", views.intake_preview, name="intake_preview"),
    path(
        "staff/events/<slug:slug>/people/import/<str:token>/progress/",
        views.intake_progress,
        name="intake_progress",
    ),
]
