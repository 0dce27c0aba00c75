from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .forms import PeriodForm
from .indicators import compute

# The dates PeriodForm takes, as written: years 2000 to 2100.
DATE_PATTERN = r"^(20[0-9][0-9]|2100)-"


def _breakdown(name: str, key: str):
    return inline_serializer(
        name,
        {key: serializers.CharField(), "label": serializers.CharField(), "count": serializers.IntegerField()},
        many=True,
    )


Indicators = inline_serializer(
    "Indicators",
    {
        "start": serializers.DateField(),
        "end": serializers.DateField(),
        "indicators": serializers.DictField(
            child=serializers.FloatField(allow_null=True), help_text="each figure by its key (see `labels`)"
        ),
        "labels": serializers.DictField(child=serializers.CharField()),
        "trainees_by_organisation_kind": _breakdown("TraineesByKind", "kind"),
        "organisations_by_kind": _breakdown("OrganisationsByKind", "kind"),
        "projects_by_stage": _breakdown("ProjectsByStage", "stage"),
        "projects_by_support_kind": _breakdown("ProjectsBySupportKind", "kind"),
        "targets": inline_serializer(
            "TargetProgress",
            {
                "stage": serializers.CharField(),
                "label": serializers.CharField(),
                "value": serializers.IntegerField(),
                "target": serializers.IntegerField(),
                "year": serializers.IntegerField(),
                "percent": serializers.FloatField(allow_null=True),
                "milestone": serializers.IntegerField(allow_null=True),
                "on_track": serializers.BooleanField(allow_null=True),
            },
            many=True,
        ),
        "quarters": inline_serializer(
            "QuarterFigures",
            {
                "quarter": serializers.CharField(),
                "projects_supported": serializers.IntegerField(),
                "trainees_attended": serializers.IntegerField(),
            },
            many=True,
        ),
    },
)


class CanViewReports(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.user.has_perm("reports.view_reports")
        )


class IndicatorsView(APIView):
    """Every indicator for a period (default: this year), with breakdowns, targets and quarters."""

    permission_classes = [CanViewReports]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start",
                {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                description="YYYY-MM-DD, from 2000 to 2100 (default: the plan's start with `end`)",
            ),
            OpenApiParameter(
                "end",
                {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                description="YYYY-MM-DD, from 2000 to 2100, not before `start` (default: today with `start`)",
            ),
            OpenApiParameter(
                "preset",
                str,
                enum=["year", "plan", "q1", "q2", "q3", "q4"],
                description="Instead of dates: a year (`year`), a quarter of it, or the plan so far",
            ),
            OpenApiParameter(
                "host",
                {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,120}$"},
                description="A host's slug: its figures only (default: every host the caller may read)",
            ),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 2024, "maximum": 2100},
                description="The year of `preset` (default: this year)",
            ),
        ],
        responses={200: Indicators},
    )
    def get(self, request):
        form = PeriodForm(request.query_params, iso_only=True, user=request.user)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if k == "__all__" else k): [e["message"] for e in v]
                    for k, v in form.errors.get_json_data().items()
                }
            )
        return Response(compute(form.counted_period()).as_dict())
