from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_page, name="report"),
    path("reports/<slug:key>/", views.drill_page, name="drill"),
]
