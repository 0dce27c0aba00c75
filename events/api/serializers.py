from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events import selectors
from events.api.fields import AgreementField, LineNameField, LineTextField, PhoneField
from events.enums import OrganizationKind, RegistrationStatus
from events.models import Event, Registration, Session, Venue
from events.validators import validate_vietnamese_phone


class VenueSerializer(serializers.ModelSerializer):
    map_url = serializers.CharField(read_only=True)

    class Meta:
        model = Venue
        fields = ["name", "address", "district", "latitude", "longitude", "map_url"]


class SessionSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = ["id", "title", "title_vi", "title_en", "starts_at", "ends_at", "room"]


class HostSerializer(serializers.Serializer):
    """The partner organisation (or the programme office) that runs the event."""

    name = serializers.CharField(source="organization.name", read_only=True)
    slug = serializers.SlugField(read_only=True)


class EventSerializer(serializers.ModelSerializer):
    host = HostSerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    venue = VenueSerializer(read_only=True)
    starts_at = serializers.DateTimeField(source="first_start", read_only=True, allow_null=True)
    ends_at = serializers.DateTimeField(source="last_end", read_only=True, allow_null=True)
    seats_left = serializers.SerializerMethodField()
    registration_state = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "kind",
            "kind_display",
            "title",
            "title_vi",
            "title_en",
            "status",
            "audience",
            "venue",
            "starts_at",
            "ends_at",
            "capacity",
            "seats_left",
            "requires_approval",
            "registration_opens_at",
            "registration_closes_at",
            "registration_state",
            "url",
            "sessions",
            "host",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_seats_left(self, event) -> int | None:
        return selectors.seats_left(event)

    def get_url(self, event) -> str:
        request = self.context.get("request")
        path = event.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class EventDetailSerializer(EventSerializer):
    description = serializers.CharField(read_only=True)
    organizer = serializers.CharField(source="organizer.name", read_only=True, allow_null=True, default=None)

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "description_vi",
            "description_en",
            "organizer",
        ]


class RegistrationCreateSerializer(serializers.Serializer):
    full_name = LineNameField(max_length=200)
    email = serializers.EmailField(max_length=254)
    phone = PhoneField(max_length=20, validators=[validate_vietnamese_phone])
    organization_name = LineTextField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
    )
    organization_kind = serializers.ChoiceField(
        choices=OrganizationKind.choices, required=False, allow_blank=True, default=""
    )
    position = LineTextField(max_length=200, required=False, allow_blank=True, default="")
    consent = AgreementField()
    language = serializers.ChoiceField(choices=["vi", "en"], required=False)

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(
                _("You must agree to the processing of your personal data to register.")
            )
        return value

    def validate_full_name(self, value):
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError(_("Enter your full name."))
        return value


class RegistrationResultSerializer(serializers.ModelSerializer):
    """A new registration's reference and status. For an e-mail already registered, `reference`,
    `status` and `status_display` are null: the link is e-mailed to the address instead."""

    reference = serializers.CharField(read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=RegistrationStatus.choices, read_only=True, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True, allow_null=True)
    event = serializers.CharField(source="event.slug", read_only=True)
    created = serializers.BooleanField(read_only=True)
    message = serializers.CharField(read_only=True)

    class Meta:
        model = Registration
        fields = ["reference", "event", "status", "status_display", "created", "message"]


class ExhibitorSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.name")
    project_slug = serializers.CharField(source="project.slug")
    sector = serializers.CharField(source="project.sector")
    sector_display = serializers.CharField(source="project.get_sector_display")
    stage = serializers.CharField(source="project.stage")
    stage_display = serializers.CharField(source="project.get_stage_display")
    description = serializers.CharField(source="project.description")
    website = serializers.CharField(source="project.website")
    logo = serializers.SerializerMethodField()
    booth = serializers.CharField()
    participation = serializers.CharField(source="kind")

    def get_logo(self, exhibitor) -> str | None:
        if not exhibitor.project.logo:
            return None
        request = self.context.get("request")
        url = exhibitor.project.logo.url
        return request.build_absolute_uri(url) if request else url
