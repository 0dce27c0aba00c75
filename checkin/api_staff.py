from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from events.api.filters import BoundedIsoDateTimeFilter, FilterSet
from events.api.staff import StaffModelPermissions
from events.selectors import scope_to_events

from .models import CheckIn


class CheckInSerializer(serializers.ModelSerializer):
    registration = serializers.CharField(
        source="registration.reference", read_only=True, default=None, allow_null=True
    )
    name = serializers.CharField(
        source="registration.full_name", read_only=True, default=None, allow_null=True
    )
    device = serializers.CharField(source="device.name", read_only=True, default=None, allow_null=True)
    counts = serializers.BooleanField(read_only=True)

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "session",
            "registration",
            "name",
            "result",
            "source",
            "device",
            "gate",
            "nonce",
            "scanned_at",
            "uploaded_at",
            "offline",
            "reason",
            "undone_at",
            "undo_reason",
            "counts",
        ]
        read_only_fields = fields


class CheckInFilter(FilterSet):
    event = filters.CharFilter(field_name="session__event__slug")
    scanned_after = BoundedIsoDateTimeFilter(field_name="scanned_at", lookup_expr="gte")

    class Meta:
        model = CheckIn
        fields = ["session", "event", "result", "source", "offline"]


class CheckInViewSet(viewsets.ReadOnlyModelViewSet):
    """Every scan attempt and correction (staff), newest first."""

    serializer_class = CheckInSerializer
    permission_classes = [StaffModelPermissions]
    filterset_class = CheckInFilter

    def get_queryset(self):
        checkins = CheckIn.objects.select_related("registration", "device").order_by("-scanned_at", "-pk")
        return scope_to_events(checkins, self.request.user, "session__event")
