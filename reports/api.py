from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .forms import PeriodForm
from .indicators import compute


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
            OpenApiParameter("start", OpenApiTypes.DATE, description="YYYY-MM-DD"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="YYYY-MM-DD"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        form = PeriodForm(request.query_params, iso_only=True)
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    ("non_field_errors" if k == "__all__" else k): [e["message"] for e in v]
                    for k, v in form.errors.get_json_data().items()
                }
            )
        return Response(compute(form.period()).as_dict())
