import csv

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_base import ModelAdmin
from .calendar import personal_feed_rotate
from .enums import RegistrationStatus
from .models import (
    Event,
    Organization,
    PersonalFeed,
    ProjectStageChange,
    Registration,
    Session,
    StartupProject,
    Venue,
)


@admin.register(Organization)
class OrganizationAdmin(ModelAdmin):
    list_display = ["name", "kind", "district"]
    list_filter = ["kind", "district"]
    search_fields = ["name"]


class ProjectStageChangeInline(admin.TabularInline):
    model = ProjectStageChange
    extra = 0
    fields = ["effective_on", "stage", "note", "recorded_by"]
    readonly_fields = ["effective_on", "stage", "note", "recorded_by"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StartupProject)
class StartupProjectAdmin(ModelAdmin):
    list_display = ["name", "organization", "sector", "stage"]
    list_filter = ["stage", "sector"]
    search_fields = ["name", "organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organization"]
    readonly_fields = ["stage"]
    inlines = [ProjectStageChangeInline]
    actions = ["move_to_incubation", "move_to_acceleration"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            services.project_stage_set(
                project=obj, stage=obj.stage, effective_on=timezone.localdate(), by=request.user
            )

    def _move(self, request, queryset, stage):
        for project in queryset:
            services.project_stage_set(
                project=project, stage=stage, effective_on=timezone.localdate(), by=request.user
            )
        self.message_user(
            request, _("Stage recorded from today for the selected projects."), messages.SUCCESS
        )

    @admin.action(description=_("Move to incubation from today"))
    def move_to_incubation(self, request, queryset):
        self._move(request, queryset, "incubation")

    @admin.action(description=_("Move to acceleration from today"))
    def move_to_acceleration(self, request, queryset):
        self._move(request, queryset, "acceleration")


@admin.register(ProjectStageChange)
class ProjectStageChangeAdmin(ModelAdmin):
    list_display = ["project", "stage", "effective_on", "note"]
    list_filter = ["stage"]
    search_fields = ["project__name"]
    date_hierarchy = "effective_on"
    autocomplete_fields = ["project"]
    readonly_fields = ["recorded_by"]

    def save_model(self, request, obj, form, change):
        services.project_stage_set(
            project=obj.project,
            stage=obj.stage,
            effective_on=obj.effective_on,
            note=obj.note,
            by=request.user,
        )


@admin.register(Venue)
class VenueAdmin(ModelAdmin):
    list_display = ["name", "address", "district"]
    search_fields = ["name", "address"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 1
    fields = ["starts_at", "ends_at", "title_vi", "title_en", "room", "is_cancelled", "sequence"]
    readonly_fields = ["sequence"]


@admin.register(Event)
class EventAdmin(ModelAdmin):
    list_display = [
        "title_vi",
        "kind",
        "status",
        "first_session",
        "capacity",
        "confirmed",
        "waitlisted",
        "pending",
    ]
    list_filter = ["status", "kind", "audience", "requires_approval"]
    search_fields = ["title_vi", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_vi"]}
    autocomplete_fields = ["venue", "organizer"]
    inlines = [SessionInline]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "status", "slug", "title_vi", "title_en", "audience", "organizer", "venue"]},
        ),
        (_("Description"), {"fields": ["description_vi", "description_en"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_opens_at",
                    "registration_closes_at",
                    "capacity",
                    "requires_approval",
                    "waitlist_enabled",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        by_status = {
            f"n_{value}": Count("registrations", filter=Q(registrations__status=value), distinct=True)
            for value in (
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.PENDING,
            )
        }
        return super().get_queryset(request).with_schedule().annotate(**by_status)

    @admin.display(description=_("first session"), ordering="first_start")
    def first_session(self, obj):
        return obj.first_start

    @admin.display(description=_("confirmed"), ordering="n_confirmed")
    def confirmed(self, obj):
        return obj.n_confirmed

    @admin.display(description=_("waitlisted"), ordering="n_waitlisted")
    def waitlisted(self, obj):
        return obj.n_waitlisted

    @admin.display(description=_("pending"), ordering="n_pending")
    def pending(self, obj):
        return obj.n_pending

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Raising the capacity (or opening the waiting list) gives free seats to people in line.
        promoted = services.registration_promote_waitlisted(event=form.instance)
        if promoted:
            self.message_user(
                request,
                ngettext(
                    "%(n)d person was promoted from the waiting list.",
                    "%(n)d people were promoted from the waiting list.",
                    len(promoted),
                )
                % {"n": len(promoted)},
                messages.SUCCESS,
            )


@admin.register(Registration)
class RegistrationAdmin(ModelAdmin):
    list_display = ["full_name", "email", "organization_name", "event", "status", "source", "created_at"]
    list_filter = ["status", "source", "organization_kind", "event__kind", "event"]
    search_fields = ["full_name", "email", "phone", "reference", "organization_name"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["organization", "startup_project"]
    readonly_fields = [
        "reference",
        "event",
        "status",
        "source",
        "consent_at",
        "queued_at",
        "created_at",
        "updated_at",
        "confirmed_at",
        "cancelled_at",
        "decided_by",
        "status_note",
        "language",
    ]
    fields = [
        "reference",
        "event",
        "status",
        "status_note",
        "full_name",
        "email",
        "phone",
        "organization_name",
        "organization",
        "position",
        "startup_project",
        "source",
        "language",
        "consent_at",
        "queued_at",
        "created_at",
        "confirmed_at",
        "cancelled_at",
        "decided_by",
    ]
    actions = ["approve", "reject", "cancel", "export_csv"]

    def has_add_permission(self, request):
        # New registrations go through the registration service (public form, API, nominations).
        return False

    def _apply(self, request, queryset, service, verb):
        done = 0
        # In arrival order: when seats run out part-way, those who registered first get them.
        for registration in queryset.select_related("event").order_by("queued_at", "pk"):
            before = registration.status
            after = service(registration=registration, by=request.user).status
            done += before != after
        self.message_user(request, _("%(verb)s: %(n)d registration(s) changed.") % {"verb": verb, "n": done})

    @admin.action(description=_("Approve selected registrations"), permissions=["change"])
    def approve(self, request, queryset):
        self._apply(request, queryset, services.registration_approve, _("Approved"))

    @admin.action(description=_("Reject selected registrations"), permissions=["change"])
    def reject(self, request, queryset):
        self._apply(request, queryset, services.registration_reject, _("Rejected"))

    @admin.action(description=_("Cancel selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        self._apply(request, queryset, services.registration_cancel, _("Cancelled"))

    @admin.action(description=_("Export selected registrations to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        response.write("\ufeff")  # BOM: Excel then reads the Vietnamese text as UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Reference"),
                _("Event"),
                _("Full name"),
                _("E-mail"),
                _("Phone"),
                _("Organisation"),
                _("Position"),
                _("Status"),
                _("Registered"),
            ]
        )
        for r in (
            queryset.select_related("event").order_by("event_id", "created_at").iterator(chunk_size=2000)
        ):
            writer.writerow(
                [
                    r.reference,
                    r.event.title_vi,
                    _csv_safe(r.full_name),
                    r.email,
                    r.phone,
                    _csv_safe(r.organization_name),
                    _csv_safe(r.position),
                    r.get_status_display(),
                    timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                ]
            )
        return response


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas typed into public forms (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@admin.register(PersonalFeed)
class PersonalFeedAdmin(ModelAdmin):
    list_display = ["email", "created_at", "rotated_at"]
    search_fields = ["email"]
    fields = ["email", "created_at", "rotated_at"]
    readonly_fields = ["email", "created_at", "rotated_at"]
    actions = ["rotate"]

    def has_add_permission(self, request):
        # Created when a person first opens their registration page.
        return False

    @admin.action(description=_("Give the selected people a new calendar address"), permissions=["change"])
    def rotate(self, request, queryset):
        for feed in queryset:
            personal_feed_rotate(email=feed.email)
        self.message_user(
            request, _("New calendar addresses made; the old ones no longer work."), messages.SUCCESS
        )


# --- Exhibitors, meetings, support records ----------------------------------------------------------------

from django import forms as _forms  # noqa: E402

from . import exhibitors as exhibitor_services  # noqa: E402
from .exceptions import DomainError  # noqa: E402
from .models_exhibition import (  # noqa: E402
    Exhibitor,
    ExhibitorMember,
    Meeting,
    MeetingHeldUndo,
    SupportKind,
    SupportRecord,
)


class ExhibitorMemberInline(admin.TabularInline):
    model = ExhibitorMember
    extra = 0
    fields = ["full_name", "email", "phone", "role", "registration"]
    readonly_fields = ["registration"]


class ExhibitorActionForm(admin.helpers.ActionForm):
    reason = _forms.CharField(label=_("Reason (for rejecting)"), required=False, max_length=500)


@admin.register(Exhibitor)
class ExhibitorAdmin(ModelAdmin):
    list_display = ["project", "event", "kind", "status", "booth", "applied_at"]
    list_filter = ["status", "kind", "event"]
    list_editable = ["booth"]
    search_fields = ["project__name", "contact_email", "contact_name"]
    list_select_related = ["project", "event"]
    autocomplete_fields = ["project", "event"]
    readonly_fields = ["status", "applied_at", "decided_at", "decided_by", "decision_reason", "code"]
    inlines = [ExhibitorMemberInline]
    action_form = ExhibitorActionForm
    actions = ["approve", "waitlist", "reject"]

    def save_model(self, request, obj, form, change):
        if change and "booth" in form.changed_data:
            booth = obj.booth
            obj.booth = form.initial.get("booth", "")
            super().save_model(request, obj, form, change)
            if booth:
                try:
                    exhibitor_services.exhibitor_assign_booth(exhibitor=obj, booth=booth, by=request.user)
                except DomainError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
            return
        super().save_model(request, obj, form, change)

    def _run(self, request, queryset, fn, **kwargs):
        done = 0
        for exhibitor in queryset:
            try:
                fn(exhibitor=exhibitor, by=request.user, **kwargs)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{exhibitor}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d application(s) updated.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected applications"), permissions=["change"])
    def approve(self, request, queryset):
        self._run(request, queryset, exhibitor_services.exhibitor_approve)

    @admin.action(description=_("Put the selected applications on the waiting list"), permissions=["change"])
    def waitlist(self, request, queryset):
        self._run(request, queryset, exhibitor_services.exhibitor_waitlist)

    @admin.action(description=_("Reject the selected applications (give a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        self._run(
            request, queryset, exhibitor_services.exhibitor_reject, reason=request.POST.get("reason", "")
        )


class MeetingHeldUndoInline(admin.TabularInline):
    model = MeetingHeldUndo
    extra = 0
    fields = ["held", "marked_by", "marked_at", "undone_by", "undone_at", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MeetingActionForm(admin.helpers.ActionForm):
    reason = _forms.CharField(label=_("Reason (for undoing a mark)"), required=False, max_length=255)


@admin.register(Meeting)
class MeetingAdmin(ModelAdmin):
    """Held / not-held marks go through the services, as at the meeting grid: "held" only once the
    meeting has started, undoing a mark only with a reason (kept below the meeting)."""

    list_display = ["requester_name", "exhibitor", "status", "starts_at", "table", "held"]
    list_filter = ["status", "held", "event"]
    search_fields = ["requester_name", "requester_email", "exhibitor__project__name"]
    list_select_related = ["exhibitor__project"]
    readonly_fields = [
        "event",
        "exhibitor",
        "status",
        "starts_at",
        "ends_at",
        "table",
        "held",
        "held_recorded_by",
        "held_recorded_at",
    ]
    inlines = [MeetingHeldUndoInline]
    action_form = MeetingActionForm
    actions = ["record_held", "record_not_held", "undo_held"]

    def _run(self, request, queryset, fn, **kwargs):
        done = 0
        for meeting in queryset.select_related("exhibitor__project"):
            try:
                fn(meeting=meeting, by=request.user, **kwargs)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{meeting}: {exc.message}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)d meeting(s) updated.") % {"n": done}, messages.SUCCESS)

    @admin.action(description=_("Record the selected meetings as held"), permissions=["change"])
    def record_held(self, request, queryset):
        self._run(request, queryset, exhibitor_services.meeting_record_held, held=True)

    @admin.action(description=_("Record the selected meetings as not held"), permissions=["change"])
    def record_not_held(self, request, queryset):
        self._run(request, queryset, exhibitor_services.meeting_record_held, held=False)

    @admin.action(description=_("Undo the held / not-held mark (give a reason)"), permissions=["change"])
    def undo_held(self, request, queryset):
        self._run(
            request, queryset, exhibitor_services.meeting_undo_held, reason=request.POST.get("reason", "")
        )


class SupportRecordForm(_forms.ModelForm):
    class Meta:
        model = SupportRecord
        fields = ["project", "kind", "date", "event", "note"]


@admin.register(SupportRecord)
class SupportRecordAdmin(ModelAdmin):
    """Automatic records come from exhibitions, meetings and courses; staff add the other support the
    plan names (testing, funding, mentoring, investor connection) by hand."""

    form = SupportRecordForm
    list_display = ["project", "kind", "date", "stage", "event"]
    list_filter = ["kind", "stage", "date"]
    search_fields = ["project__name", "note"]
    list_select_related = ["project", "event"]
    autocomplete_fields = ["project", "event"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        return ["stage", "recorded_by"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            exhibitor_services.support_record_change(record=obj)
            return
        record = exhibitor_services.support_record_create(
            project=obj.project, kind=obj.kind, date=obj.date, event=obj.event, note=obj.note, by=request.user
        )
        obj.pk = record.pk
        obj._state.adding = False
        obj.stage = record.stage

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = SupportKind.choices
        return super().formfield_for_choice_field(db_field, request, **kwargs)


from .models_mail import OutgoingEmail  # noqa: E402
from .outbox import email_resend  # noqa: E402


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ModelAdmin):
    """Every e-mail the system sends, with its state: staff see failures and can resend."""

    list_display = ["created_at", "topic", "kind", "recipient", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "topic", "kind"]
    search_fields = ["recipient"]
    readonly_fields = [
        "topic",
        "object_id",
        "kind",
        "recipient",
        "registration",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "next_attempt_at",
    ]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected e-mails again"), permissions=["change"])
    def resend(self, request, queryset):
        for email in queryset:
            email_resend(email=email)
        self.message_user(
            request, _("%(n)d e-mail(s) queued again.") % {"n": queryset.count()}, messages.SUCCESS
        )
