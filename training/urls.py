from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("certificates/", views.certificate_lookup, name="certificate_lookup"),
    path("certificates/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("certificates/<str:code>/certificate.pdf", views.certificate_download, name="certificate_pdf"),
    path("me/<str:token>/", views.person_page, name="person"),
    path("nominate/<str:token>/", views.nominate, name="nominate"),
    path("nominate/<str:token>/template.xlsx", views.nomination_template, name="nomination_template"),
    path("courses/<slug:slug>/attendance/", views.attendance, name="attendance"),
]
