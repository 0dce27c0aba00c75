from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.admin_base import ModelAdmin
from events.enums import OrganizationKind

from . import services
from .models import Certificate, Completion, Course, NominationBatch, NominationInvite


class CourseForm(forms.ModelForm):
    eligible_kinds = forms.MultipleChoiceField(
        label=_("organisation kinds that may enrol"),
        choices=OrganizationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to accept every kind of organisation."),
    )

    class Meta:
        model = Course
        fields = [
            "event",
            "topic",
            "eligible_kinds",
            "trainers",
            "outcomes_vi",
            "outcomes_en",
            "min_attendance_percent",
            "late_counts",
            "late_after_minutes",
            "certificates_enabled",
            "certificate_signer_name",
            "certificate_signer_title",
        ]


@admin.register(Course)
class CourseAdmin(ModelAdmin):
    form = CourseForm
    list_display = ["event", "topic", "min_attendance_percent", "certificates_enabled", "attendance_link"]
    list_filter = ["topic", "certificates_enabled"]
    search_fields = ["event__title_vi", "event__title_en", "event__slug"]
    autocomplete_fields = ["event"]
    readonly_fields = ["completion_evaluated_at"]
    actions = ["evaluate"]

    @admin.display(description=_("attendance"))
    def attendance_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("training:attendance", kwargs={"slug": obj.event.slug}), _("Open")
        )

    @admin.action(description=_("Apply the completion rule now (ended courses)"), permissions=["change"])
    def evaluate(self, request, queryset):
        for course in queryset.select_related("event"):
            services.course_evaluate_completion(course=course)
        self.message_user(request, _("Completion evaluated."), messages.SUCCESS)


@admin.register(Completion)
class CompletionAdmin(ModelAdmin):
    event_path = "course__event"
    list_display = [
        "registration",
        "course",
        "sessions_attended",
        "sessions_total",
        "completed",
        "evaluated_at",
    ]
    list_filter = ["completed", "course"]
    search_fields = ["registration__full_name", "registration__email"]
    list_select_related = ["registration", "course__event"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RevokeForm(admin.helpers.ActionForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)


@admin.register(Certificate)
class CertificateAdmin(ModelAdmin):
    event_path = "course__event"
    list_display = ["number_shown", "full_name", "course", "issued_at", "revoked_at"]
    list_filter = ["year", ("revoked_at", admin.EmptyFieldListFilter), "course"]
    search_fields = ["full_name", "code", "registration__email"]
    list_select_related = ["course__event"]

    @admin.display(description=_("Number"), ordering="number")
    def number_shown(self, certificate):
        return certificate.display_number

    readonly_fields = [
        "registration",
        "course",
        "year",
        "number",
        "code",
        "full_name",
        "organization_name",
        "hours",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revoked_reason",
    ]
    action_form = RevokeForm
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected certificates (give a reason)"), permissions=["change"])
    def revoke(self, request, queryset):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(request, _("Give a reason for revoking the certificate."), messages.ERROR)
            return
        for certificate in queryset:
            services.certificate_revoke(certificate=certificate, by=request.user, reason=reason)
        self.message_user(request, _("Certificates revoked."), messages.SUCCESS)


@admin.register(NominationInvite)
class NominationInviteAdmin(ModelAdmin):
    event_path = "course__event"
    list_display = ["organization", "course", "contact_email", "max_nominees", "link"]
    autocomplete_fields = ["organization"]
    search_fields = ["organization__name", "contact_email"]

    @admin.display(description=_("link to send"))
    def link(self, obj):
        return format_html('<a href="{0}">{0}</a>', obj.get_absolute_url())

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NominationBatch)
class NominationBatchAdmin(ModelAdmin):
    event_path = "course__event"
    list_display = ["organization", "course", "source", "file_name", "created_at"]
    list_filter = ["source", "course"]
    readonly_fields = [
        "course",
        "organization",
        "invite",
        "source",
        "file_name",
        "registrations",
        "created_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
