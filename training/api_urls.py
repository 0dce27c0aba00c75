from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import CertificateVerifyView, CourseViewSet

router = SimpleRouter()
router.register("courses", CourseViewSet, basename="course")

urlpatterns = [
    *router.urls,
    path("certificates/<str:code>/", CertificateVerifyView.as_view(), name="certificate-verify-api"),
]
