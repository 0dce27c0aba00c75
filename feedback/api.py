"""Surveys for staff through the API: each survey with its figures, its results per question, and its
responses. A response of an anonymous survey carries no person (there is none stored)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from events.api.pagination import Pagination
from events.api.staff import StaffModelPermissions
from events.selectors import scope_to_events

from .models import QuestionKind, Survey
from .selectors import answers_by_question, responses_with_person, survey_figures, survey_results


class SurveySerializer(serializers.ModelSerializer):
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Survey
        fields = ["id", "event", "audience", "title_vi", "title_en", "anonymous", "sent_at", "closes_at"]


class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    """Surveys (staff with the permission to view surveys)."""

    queryset = Survey.objects.select_related("event").order_by("-created_at")
    serializer_class = SurveySerializer
    permission_classes = [StaffModelPermissions]
    pagination_class = Pagination

    def get_queryset(self):
        return scope_to_events(super().get_queryset(), self.request.user, "event")

    @extend_schema(
        responses=inline_serializer(
            "SurveyResults",
            {
                "invited": serializers.IntegerField(),
                "answered": serializers.IntegerField(),
                "response_rate": serializers.FloatField(allow_null=True),
                "satisfied_rate": serializers.FloatField(allow_null=True),
                "questions": serializers.ListField(child=serializers.DictField()),
            },
        )
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        """Per question: how many answered, the average, the distribution and the comments."""
        survey = self.get_object()
        questions = [
            {
                "id": item["question"].pk,
                "kind": item["question"].kind,
                "text_vi": item["question"].text_vi,
                "text_en": item["question"].text_en,
                "answered": item["answered"],
                "average": item["average"],
                "distribution": [{"label": label, "count": count} for label, count in item["distribution"]],
                "comments": item.get("comments", []),
            }
            for item in survey_results(survey)
        ]
        return ApiResponse({**survey_figures(survey), "questions": questions})

    @extend_schema(
        responses=inline_serializer(
            "SurveyResponse",
            {
                "submitted_at": serializers.DateTimeField(),
                "person": serializers.DictField(allow_null=True),
                "answers": serializers.DictField(),
            },
            many=True,
        )
    )
    # One survey's responses, whole (a survey has as many as the people invited): not paginated.
    @action(detail=True, methods=["get"], pagination_class=None)
    def responses(self, request, pk=None):
        """Every response with its answers by question id; `person` is null on an anonymous survey."""
        survey = self.get_object()
        kinds = dict(survey.questions.values_list("pk", "kind"))
        rows = []
        for response in responses_with_person(survey):
            person = None
            if not survey.anonymous and response.registration is not None:
                person = {"name": response.registration.full_name, "email": response.registration.email}
            elif not survey.anonymous and response.exhibitor is not None:
                person = {
                    "project": response.exhibitor.project.name,
                    "email": response.exhibitor.contact_email,
                }
            answers = {
                str(pk): value
                for pk, value in answers_by_question(response).items()
                if kinds.get(pk) in QuestionKind.values
            }
            rows.append({"submitted_at": response.submitted_at, "person": person, "answers": answers})
        return ApiResponse(rows)
