from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from events.api.serializers import EventSerializer
from events.models import Event, Session
from events.selectors import staff_events

from . import selectors
from .enums import Mark
from .models import Certificate, Course


class CourseSerializer(serializers.ModelSerializer):
    event = EventSerializer(read_only=True)
    slug = serializers.CharField(source="event.slug", read_only=True)
    topic_display = serializers.CharField(source="get_topic_display", read_only=True)
    eligible_kinds_display = serializers.ListField(
        source="eligible_kind_labels", child=serializers.CharField(), read_only=True
    )
    trainers = serializers.ListField(source="trainer_list", child=serializers.CharField(), read_only=True)
    outcomes = serializers.CharField(read_only=True)
    completion_rule = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = [
            "slug",
            "topic",
            "topic_display",
            "eligible_kinds",
            "eligible_kinds_display",
            "trainers",
            "outcomes",
            "completion_rule",
            "certificates_enabled",
            "event",
        ]

    @extend_schema_field(
        inline_serializer(
            "CompletionRule",
            {
                "min_attendance_percent": serializers.IntegerField(),
                "late_counts": serializers.BooleanField(),
                "late_after_minutes": serializers.IntegerField(),
            },
        )
    )
    def get_completion_rule(self, course) -> dict:
        return {
            "min_attendance_percent": course.min_attendance_percent,
            "late_counts": course.late_counts,
            "late_after_minutes": course.late_after_minutes,
        }


CourseAttendance = inline_serializer(
    "CourseAttendance",
    {
        "course": serializers.CharField(),
        "sessions": inline_serializer(
            "AttendanceSession",
            {
                "id": serializers.IntegerField(),
                "starts_at": serializers.DateTimeField(),
                "ends_at": serializers.DateTimeField(),
                "cancelled": serializers.BooleanField(),
            },
            many=True,
        ),
        "sessions_total": serializers.IntegerField(),
        "sessions_required": serializers.IntegerField(),
        "ended": serializers.BooleanField(),
        "trainees": inline_serializer(
            "AttendanceTrainee",
            {
                "reference": serializers.CharField(),
                "name": serializers.CharField(),
                "organisation": serializers.CharField(),
                "marks": serializers.ListField(
                    child=serializers.ChoiceField(choices=Mark.choices), help_text="one per session, in order"
                ),
                "attended": serializers.IntegerField(),
                "percent": serializers.IntegerField(),
                "completed": serializers.BooleanField(),
                "at_risk": serializers.BooleanField(),
            },
            many=True,
        ),
    },
)


class CourseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published training courses with their topic, who may enrol, the completion rule and sessions.
    Enrolment goes through POST /api/v1/events/<slug>/registrations/."""

    serializer_class = CourseSerializer
    permission_classes = [permissions.AllowAny]
    lookup_field = "event__slug"
    lookup_url_kwarg = "slug"

    def get_queryset(self):
        events = (
            Event.objects.published()
            .with_schedule()
            .with_seats()
            .select_related("venue", "organizer", "host__organization")
            .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk")))
        )
        return (
            Course.objects.filter(event__in=Event.objects.published())
            .prefetch_related(Prefetch("event", queryset=events))
            .order_by("event__registration_opens_at", "pk")
        )

    @extend_schema(responses={200: CourseAttendance})
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def attendance(self, request, slug=None):
        """Staff: each trainee's marks per session, attended count, share, completion and risk."""
        if not request.user.has_perm("events.view_registration"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied()
        courses = Course.objects.select_related("event").filter(event__in=staff_events(request.user))
        course = get_object_or_404(courses, event__slug=slug)
        matrix = selectors.attendance_matrix(course)
        return Response(
            {
                "course": slug,
                "sessions": [
                    {"id": s.pk, "starts_at": s.starts_at, "ends_at": s.ends_at, "cancelled": s.is_cancelled}
                    for s in matrix.sessions
                ],
                "sessions_total": matrix.total,
                "sessions_required": matrix.required,
                "ended": matrix.ended,
                "trainees": [
                    {
                        "reference": row.registration.reference,
                        "name": row.registration.full_name,
                        "organisation": row.registration.organization_name,
                        "marks": row.marks,
                        "attended": row.attended,
                        "percent": row.percent,
                        "completed": row.completed,
                        "at_risk": row.at_risk,
                    }
                    for row in matrix.rows
                ],
            }
        )


class CertificateSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="display_number")
    course = serializers.CharField(source="course.event.title")
    course_slug = serializers.CharField(source="course.event.slug")
    valid = serializers.BooleanField(source="is_valid")

    class Meta:
        model = Certificate
        fields = [
            "number",
            "code",
            "full_name",
            "organization_name",
            "course",
            "course_slug",
            "hours",
            "issued_at",
            "valid",
            "revoked_at",
            "revoked_reason",
        ]


class CertificateVerifyView(APIView):
    """Verify a certificate by its code. Unknown codes answer 404."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: CertificateSerializer})
    def get(self, request, code):
        certificate = get_object_or_404(
            Certificate.objects.select_related("course__event"), code=code.upper()
        )
        return Response(CertificateSerializer(certificate).data)
