from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api
from .api_staff import CheckInViewSet

router = SimpleRouter()
router.register("records", CheckInViewSet, basename="checkin-record")

urlpatterns = [
    path("scan/", api.ScanView.as_view(), name="checkin-scan"),
    path("sync/", api.SyncView.as_view(), name="checkin-sync"),
    path("decode/", api.DecodeView.as_view(), name="checkin-decode"),
    path("events/<slug:slug>/offline/", api.OfflinePackageView.as_view(), name="checkin-offline"),
    path("sessions/<int:pk>/counts/", api.SessionCountsView.as_view(), name="checkin-counts"),
    path("sessions/<int:pk>/search/", api.SearchView.as_view(), name="checkin-search"),
    path("sessions/<int:pk>/checkin/", api.ManualCheckinView.as_view(), name="checkin-manual"),
    *router.urls,
]
