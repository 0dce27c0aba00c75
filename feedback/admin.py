"""Staff build surveys in the admin (from the default template, then edited), read the results per
question and download them as Excel."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.admin_base import ModelAdmin

from . import services
from .exports import survey_xlsx
from .models import Question, Survey
from .selectors import survey_figures, survey_results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "kind", "text_vi", "text_en", "choices_vi", "choices_en", "required", "measure"]


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "event",
            "audience",
            "title_vi",
            "title_en",
            "intro_vi",
            "intro_en",
            "anonymous",
            "open_days",
            "remind_after_days",
        ]

    def clean_anonymous(self):
        anonymous = self.cleaned_data["anonymous"]
        if services.survey_anonymity_locked(self.instance, anonymous):
            raise ValidationError(_("Anonymity cannot be turned off once people have answered."))
        return anonymous


@admin.register(Survey)
class SurveyAdmin(ModelAdmin):
    form = SurveyForm
    inlines = [QuestionInline]
    list_display = ["title_vi", "event", "audience", "anonymous", "sent_at", "closes_at", "results_link"]
    list_filter = ["audience", "anonymous"]
    search_fields = ["title_vi", "title_en", "event__title_vi", "event__slug"]
    autocomplete_fields = ["event"]
    readonly_fields = ["sent_at", "closes_at", "reminded_at"]
    actions = ["add_default_questions"]

    @admin.display(description=_("results"))
    def results_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:feedback_survey_results", args=[obj.pk]), _("Open")
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="feedback_survey_results",
            ),
            path(
                "<int:pk>/results.xlsx",
                self.admin_site.admin_view(self.export_view),
                name="feedback_survey_export",
            ),
        ]
        return own + super().get_urls()

    def _survey(self, request, pk) -> Survey:
        survey = get_object_or_404(self.get_queryset(request).select_related("event"), pk=pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request, pk):
        survey = self._survey(request, pk)
        context = {
            **self.admin_site.each_context(request),
            "title": survey.title,
            "survey": survey,
            "figures": survey_figures(survey),
            "results": survey_results(survey),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "feedback/admin/results.html", context)

    def export_view(self, request, pk):
        survey = self._survey(request, pk)
        language = (get_language() or "vi")[:2]
        response = HttpResponse(survey_xlsx(survey, language=language), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
        return response

    @admin.action(
        description=_("Add the default questions (surveys without questions)"), permissions=["change"]
    )
    def add_default_questions(self, request, queryset):
        added = 0
        for survey in queryset.select_related("event"):
            added += services.survey_add_default_questions(survey=survey)
        messages.info(request, _("%(n)s questions added.") % {"n": added})
