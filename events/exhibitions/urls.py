from django.urls import path

from . import views

urlpatterns = [
    path("events/<slug:slug>/exhibit/", views.exhibitor_apply, name="exhibitor_apply"),
    path("events/<slug:slug>/floor/", views.floor_list, name="floor_list"),
    path("events/<slug:slug>/meetings/", views.meeting_grid, name="meeting_grid"),
    path("events/<slug:slug>/exhibitors/<str:code>/meet/", views.meeting_request, name="meeting_request"),
    path("exhibitors/<str:token>/", views.exhibitor_team, name="exhibitor_team"),
    path("meetings/<str:token>/", views.meeting_detail, name="meeting"),
]
