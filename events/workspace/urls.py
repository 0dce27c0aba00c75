from django.urls import path

from . import views

urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/events/<slug:slug>/", views.hub, name="hub"),
    path("staff/events/<slug:slug>/numbers/", views.hub_numbers, name="hub_numbers"),
]
