from django.db.models import Prefetch
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django_filters import CharFilter
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from events import extensions, services
from events.api.filters import BoundedIsoDateTimeFilter, FilterSet
from events.enums import ProjectStage, RegistrationSource, RegistrationStatus, Sector
from events.exhibitions.selectors import exhibitor_directory
from events.models import Event, Session

from .i18n import RequestLanguageMixin
from .schema import error_response
from .serializers import (
    EventDetailSerializer,
    EventSerializer,
    ExhibitorSerializer,
    RegistrationCreateSerializer,
    RegistrationResultSerializer,
)


class ExhibitorQuerySerializer(serializers.Serializer):
    sector = serializers.ChoiceField(choices=Sector.choices, required=False, allow_blank=True, default="")
    stage = serializers.ChoiceField(
        choices=ProjectStage.choices, required=False, allow_blank=True, default=""
    )


class EventFilter(FilterSet):
    starts_after = BoundedIsoDateTimeFilter(field_name="last_end", lookup_expr="gte")
    starts_before = BoundedIsoDateTimeFilter(field_name="first_start", lookup_expr="lt")
    host = CharFilter(
        field_name="host__slug",
        help_text=gettext_lazy("Only the events of this host (its slug)."),
    )

    class Meta:
        model = Event
        fields = ["kind", "audience", "status"]


_MESSAGES = {
    RegistrationStatus.CONFIRMED: gettext_lazy("Your registration is confirmed."),
    RegistrationStatus.WAITLISTED: gettext_lazy("The event is full: you are on the waiting list."),
    RegistrationStatus.PENDING: gettext_lazy("Your registration was received and awaits approval."),
    RegistrationStatus.REJECTED: gettext_lazy("This registration was not accepted."),
}


def _message(registration, created: bool) -> str:
    if not created:
        return str(
            _("This e-mail address is already registered for this event. We have sent the link to it again.")
        )
    return str(_MESSAGES.get(registration.status, ""))


class EventViewSet(
    RequestLanguageMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Published events and courses with their sessions."""

    lookup_field = "slug"
    filterset_class = EventFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return (
            Event.objects.published()
            .with_schedule()
            .with_seats()
            .select_related("venue", "organizer", "host__organization")
            .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")))
            .order_by("first_start", "pk")
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EventDetailSerializer
        if self.action == "registrations":
            return RegistrationCreateSerializer
        return EventSerializer

    def get_throttles(self):
        if self.action == "registrations":
            self.throttle_scope = "registrations"
            return [ScopedRateThrottle()]
        return super().get_throttles()

    @extend_schema(
        responses={200: ExhibitorSerializer(many=True)}, filters=False, parameters=[ExhibitorQuerySerializer]
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[permissions.AllowAny],
        pagination_class=None,
        filterset_class=None,
    )
    def exhibitors(self, request, slug=None, format=None):  # `format`: the router's .json suffix
        """The event's exhibitor directory: approved projects with sector, stage and booth."""
        event = self.get_object()
        query = ExhibitorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)  # an unknown sector or stage is a mistake, not an empty list
        directory = exhibitor_directory(event, **query.validated_data)
        return Response(ExhibitorSerializer(directory, many=True, context={"request": request}).data)

    @extend_schema(
        request=RegistrationCreateSerializer,
        examples=[
            OpenApiExample(
                "Registration",
                request_only=True,
                value={
                    "full_name": "Nguyễn Thị Mai",
                    "email": "mai.nguyen@example.vn",
                    "phone": "0912 345 678",
                    "organization_name": "Trung tâm Đổi mới sáng tạo TP.HCM",
                    "organization_kind": "innovation_centre",
                    "position": "Chuyên viên",
                    "consent": True,
                    "language": "vi",
                },
            )
        ],
        responses={
            201: RegistrationResultSerializer,
            200: OpenApiResponse(RegistrationResultSerializer, description="Already registered"),
            403: error_response("A course for staff of other kinds of organisation (`not_eligible`)."),
            409: error_response(
                "The event takes no registrations (cancelled, not published, not yet open, closed or full), "
                "or it is a course that asks for `organization_kind` (`organization_kind_required`)."
            ),
        },
    )
    @action(
        detail=True, methods=["post"], permission_classes=[permissions.AllowAny], authentication_classes=[]
    )
    def registrations(self, request, slug=None, format=None):  # `format`: the router's .json suffix
        """Register one person. 201 with the new registration's reference and status; 200 when this
        e-mail is already registered (the link is e-mailed again); 409 when the event does not take
        registrations (closed, full, cancelled, not yet open)."""
        event = self.get_object()
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        outcome = services.registration_create(
            event=event,
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            organization_name=data["organization_name"],
            position=data["position"],
            consent=data["consent"],
            source=RegistrationSource.API,
            language=data.get("language") or get_language() or "vi",
            extra={"organization_kind": data.get("organization_kind", "")},
        )
        registration = outcome.registration
        if not outcome.created:
            services.registration_resend_link(registration=registration)
        registration.created = outcome.created
        registration.message = _message(registration, outcome.created)
        if not outcome.created:
            # Whoever typed this address may not own it: say nothing about that registration.
            return Response(
                {
                    "reference": None,
                    "event": event.slug,
                    "status": None,
                    "status_display": None,
                    "created": False,
                    "message": registration.message,
                },
                status=status.HTTP_200_OK,
            )
        data = RegistrationResultSerializer(registration).data
        if outcome.created:  # links to a ticket go only to whoever created the registration
            for extra in extensions.registration_api_extras:
                data.update(extra(registration, request))
        return Response(
            data,
            status=status.HTTP_201_CREATED if outcome.created else status.HTTP_200_OK,
        )
