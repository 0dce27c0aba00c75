from rest_framework.routers import DefaultRouter

from .staff import OrganizationViewSet, RegistrationViewSet, SessionViewSet, StartupProjectViewSet
from .views import EventViewSet

router = DefaultRouter()
router.register("events", EventViewSet, basename="event")
router.register("sessions", SessionViewSet, basename="session")
router.register("organisations", OrganizationViewSet, basename="organisation")
router.register("projects", StartupProjectViewSet, basename="project")
router.register("registrations", RegistrationViewSet, basename="registration")


urlpatterns = router.urls
