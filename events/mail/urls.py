from django.urls import path

from .unsubscribe import unsubscribe_page

urlpatterns = [
    path("unsubscribe/<str:token>/", unsubscribe_page, name="unsubscribe"),
]
