"""API resources for programme staff (and public read-only ones): organisations, startup projects,
sessions, registrations. Staff endpoints need the model's Django permissions, GET included."""

from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from events import services
from events.api.fields import TextField
from events.api.filters import BoundedIsoDateTimeFilter, FilterSet
from events.models import Organization, ProjectStageChange, Registration, Session, StartupProject
from events.selectors import scope_to_events


class StaffModelPermissions(permissions.DjangoModelPermissions):
    """Like DjangoModelPermissions, but reading also needs the `view` permission."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
    }


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "kind_display", "district"]


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations (staff)."""

    queryset = Organization.objects.order_by("name")
    serializer_class = OrganizationSerializer
    permission_classes = [StaffModelPermissions]
    filterset_fields = ["kind", "district"]


class StageChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectStageChange
        fields = ["stage", "effective_on"]


class StartupProjectSerializer(serializers.ModelSerializer):
    sector_display = serializers.CharField(source="get_sector_display", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    description = serializers.CharField(read_only=True)
    organization = serializers.CharField(
        source="organization.name", read_only=True, default=None, allow_null=True
    )
    stage_history = StageChangeSerializer(source="stage_changes", many=True, read_only=True)

    class Meta:
        model = StartupProject
        fields = [
            "slug",
            "name",
            "organization",
            "sector",
            "sector_display",
            "stage",
            "stage_display",
            "description",
            "website",
            "stage_history",
        ]


class ProjectFilter(FilterSet):
    class Meta:
        model = StartupProject
        fields = ["sector", "stage"]


class StartupProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """Startup projects with their stage history (public: no personal data)."""

    serializer_class = StartupProjectSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "slug"
    filterset_class = ProjectFilter

    def get_queryset(self):
        return (
            StartupProject.objects.select_related("organization")
            .prefetch_related(
                Prefetch("stage_changes", queryset=ProjectStageChange.objects.order_by("effective_on"))
            )
            .order_by("name")
        )


class SessionListSerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.slug", read_only=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = ["id", "event", "title", "starts_at", "ends_at", "room", "is_cancelled"]


class SessionFilter(FilterSet):
    event = filters.CharFilter(field_name="event__slug")
    starts_after = BoundedIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = BoundedIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")

    class Meta:
        model = Session
        fields = ["event", "is_cancelled"]


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sessions of published events (public)."""

    serializer_class = SessionListSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = SessionFilter

    def get_queryset(self):
        from events.models import Event

        return (
            Session.objects.filter(event__in=Event.objects.published())
            .select_related("event")
            .order_by("starts_at", "pk")
        )


class RegistrationSerializer(serializers.ModelSerializer):
    event = serializers.CharField(source="event.slug", read_only=True)
    organization_kind = serializers.CharField(read_only=True, help_text="an organisation kind, or empty")
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "reference",
            "event",
            "full_name",
            "email",
            "phone",
            "organization_name",
            "organization_kind",
            "position",
            "status",
            "status_display",
            "source",
            "is_exhibitor",
            "created_at",
            "confirmed_at",
            "cancelled_at",
        ]
        read_only_fields = fields


class RegistrationFilter(FilterSet):
    event = filters.CharFilter(field_name="event__slug")

    class Meta:
        model = Registration
        fields = ["event", "status", "source", "organization_kind"]


class DecisionSerializer(serializers.Serializer):
    reason = TextField(max_length=500, required=False, allow_blank=True, default="")


class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Registrations (staff): list, filter, and approve / reject / cancel through the services."""

    serializer_class = RegistrationSerializer
    permission_classes = [StaffModelPermissions]
    filterset_class = RegistrationFilter
    lookup_field = "reference"

    def get_queryset(self):
        registrations = Registration.objects.select_related("event").order_by("-created_at", "-pk")
        return scope_to_events(registrations, self.request.user, "event", manage=True)

    def _decide(self, request, service, **kwargs):
        if not request.user.has_perm("events.change_registration"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        registration = self.get_object()
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if "reason" in kwargs:
            kwargs["reason"] = serializer.validated_data["reason"]
        registration = service(registration=registration, by=request.user, **kwargs)
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(request=None, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, reference=None, format=None):  # `format`: the router's .json suffix
        return self._decide(request, services.registration_approve)

    @extend_schema(request=DecisionSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, reference=None, format=None):  # `format`: the router's .json suffix
        return self._decide(request, services.registration_reject, reason="")

    @extend_schema(request=DecisionSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, reference=None, format=None):  # `format`: the router's .json suffix
        return self._decide(request, services.registration_cancel, reason="")
