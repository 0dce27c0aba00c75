from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("survey/<str:token>/", views.answer, name="answer"),
]
