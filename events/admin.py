import contextlib

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import extensions, services
from .admin_base import ModelAdmin, TabularInline
from .collation import Vietnamese
from .enums import EventStatus, RegistrationStatus
from .models import (
    Event,
    Organization,
    ProjectStageChange,
    Registration,
    Session,
    StartupProject,
    Venue,
)
from .spreadsheets import csv_writer


@admin.register(Organization)
class OrganizationAdmin(ModelAdmin):
    shared_between_hosts = True  # reference data every host reads
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
    shared_between_hosts = True  # reference data every host reads
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
    shared_between_hosts = True  # reference data every host reads
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
    shared_between_hosts = True  # reference data every host reads
    list_display = ["name", "address", "district"]
    search_fields = ["name", "address"]


class SessionInline(TabularInline):
    model = Session
    extra = 1
    # The calendar revision (`sequence`) is internal: raised by saves, never shown to staff.
    fields = ["starts_at", "ends_at", "title_vi", "title_en", "room", "is_cancelled"]

    class Media:
        css = {"all": ["events/admin.css"]}


class EventAdminForm(forms.ModelForm):
    notify_changes = forms.BooleanField(
        label=_("Tell the people registered about this change"),
        required=False,
        initial=True,
        help_text=_(
            "A change of a session's time, room or status, of the venue, or a cancellation is e-mailed to "
            "everyone confirmed or on the waiting list. Untick for the correction of a typo: the change is "
            "recorded and nobody is written to."
        ),
    )
    change_reason = forms.CharField(
        label=_("Reason (for a cancellation, or why nobody is told)"), required=False, max_length=500
    )


@admin.register(Event)
class EventAdmin(ModelAdmin):
    event_path = ""
    form = EventAdminForm
    # Fits 1,366 px: what staff look for first (which event, when, is it full, who waits), then the hub.
    # (Beside the admin's menu and the filters about 700 px are left: the status goes with the title.)
    list_display = ["title", "host", "first_session", "seats", "waitlisted", "pending", "hub"]
    list_display_links = ["title"]
    list_filter = ["status", "kind", "audience", "requires_approval", "host"]
    list_select_related = ["host__organization"]
    search_fields = ["title_vi", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_vi"]}
    autocomplete_fields = ["venue", "organizer"]
    inlines = [SessionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "host",
                    "kind",
                    "status",
                    "slug",
                    "title_vi",
                    "title_en",
                    "audience",
                    "organizer",
                    "venue",
                ]
            },
        ),
        (
            _("Description"),
            {"fields": ["description_vi", "description_en", "what_to_bring_vi", "what_to_bring_en"]},
        ),
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
        (_("Reminders"), {"fields": ["reminder_hours"]}),
        (_("Pages of this event"), {"fields": ["staff_pages"]}),
        (_("Telling people about changes"), {"fields": ["notify_changes", "change_reason"]}),
    ]

    readonly_fields = ["staff_pages"]

    @admin.display(description=_("pages"))
    def staff_pages(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        links = [
            (reverse("events:hub", kwargs={"slug": obj.slug}), _("Event hub")),
            (reverse("checkin:board", kwargs={"slug": obj.slug}), _("Door board")),
            (reverse("events:detail", kwargs={"slug": obj.slug}), _("Public page")),
            (reverse("events:event_messages", kwargs={"slug": obj.slug}), _("Messages to participants")),
            (reverse("events:floor_list", kwargs={"slug": obj.slug}), _("Floor list")),
            (reverse("events:meeting_grid", kwargs={"slug": obj.slug}), _("Meetings")),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    @staticmethod
    def _notices(request, form):
        """Saves in this block tell people of schedule changes, unless staff unticked it."""
        if form.cleaned_data.get("notify_changes", True):
            return contextlib.nullcontext()
        reason = form.cleaned_data.get("change_reason") or _("Correction, not announced")
        return extensions.schedule_changes_unannounced(by=request.user, reason=str(reason))

    def save_model(self, request, obj, form, change):
        cancelling = change and "status" in form.changed_data and obj.status == EventStatus.CANCELLED
        with self._notices(request, form):
            if not cancelling:
                super().save_model(request, obj, form, change)
                return
            # The cancellation itself goes through the service: registrations and tickets cancelled, people
            # told once (or, unticked, not told, and the choice recorded).
            obj.status = form.initial.get("status", EventStatus.PUBLISHED)
            super().save_model(request, obj, form, change)
            cancelled = services.event_cancel(
                event=obj,
                by=request.user,
                reason=form.cleaned_data.get("change_reason", ""),
                notify=form.cleaned_data.get("notify_changes", True),
            )
            obj.refresh_from_db()
            self.message_user(
                request,
                ngettext(
                    "The event is cancelled: %(n)d registration was cancelled.",
                    "The event is cancelled: %(n)d registrations were cancelled.",
                    len(cancelled),
                )
                % {"n": len(cancelled)},
                messages.WARNING,
            )

    def get_queryset(self, request):
        # Exhibiting team members are registrations too, but they take no visitor's seat: not counted.
        by_status = {
            f"n_{value}": Count(
                "registrations",
                filter=Q(registrations__status=value, registrations__is_exhibitor=False),
                distinct=True,
            )
            for value in (
                RegistrationStatus.CONFIRMED,
                RegistrationStatus.WAITLISTED,
                RegistrationStatus.PENDING,
            )
        }
        return super().get_queryset(request).with_schedule().annotate(**by_status)

    def get_ordering(self, request):
        # By start, the latest first; events without a session yet at the end. A subquery, not the list's
        # annotation, because other lists order their event filter with this too.
        first = Session.objects.filter(event=OuterRef("pk")).order_by("starts_at").values("starts_at")[:1]
        return [Subquery(first).desc(nulls_last=True), "-pk"]

    @admin.display(description=_("title (Vietnamese)"), ordering="title_vi")
    def title(self, obj):
        if obj.status == EventStatus.PUBLISHED:
            return obj.title_vi
        return format_html("{} <strong>({})</strong>", obj.title_vi, obj.get_status_display())

    @admin.display(description=_("first session"), ordering="first_start")
    def first_session(self, obj):
        return obj.first_start

    @admin.display(description=_("seats taken"), ordering="n_confirmed")
    def seats(self, obj):
        return obj.n_confirmed if obj.capacity is None else f"{obj.n_confirmed} / {obj.capacity}"

    @admin.display(description=_("hub"))
    def hub(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("events:hub", kwargs={"slug": obj.slug}), _("Open"))

    @admin.display(description=_("waitlisted"), ordering="n_waitlisted")
    def waitlisted(self, obj):
        return obj.n_waitlisted

    @admin.display(description=_("pending"), ordering="n_pending")
    def pending(self, obj):
        return obj.n_pending

    def save_related(self, request, form, formsets, change):
        with self._notices(request, form):
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


class RegistrationActionForm(admin.helpers.ActionForm):
    # No length limit here: the admin would answer a form error with "No action selected."; the action says.
    reason = forms.CharField(
        label=_("Reason (for rejecting)"), required=False, widget=forms.TextInput(attrs={"maxlength": 500})
    )


@admin.register(Registration)
class RegistrationAdmin(ModelAdmin):
    # Fits 1,366 px: the person and the status first; organisation and source are filters and search.
    list_display = ["name", "status", "event_title", "email"]
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
    action_form = RegistrationActionForm
    actions = ["approve", "reject", "move_from_waitlist", "cancel", "resend_ticket", "export_csv"]

    def get_ordering(self, request):
        # People in Vietnamese alphabetical order (Đ after D, tones after letters), on both databases.
        return [Vietnamese("full_name").asc(), "pk"]

    @admin.display(description=_("full name"), ordering=Vietnamese("full_name"))
    def name(self, obj):
        return obj.full_name

    @admin.display(description=_("event"), ordering="event__title_vi")
    def event_title(self, obj):
        return Truncator(obj.event.title_vi).chars(48)

    def get_inlines(self, request, obj):
        # The messages sent to this person (the outbox adds them: events.mail).
        return [*super().get_inlines(request, obj), *extensions.registration_admin_inlines]

    def has_add_permission(self, request):
        # New registrations go through the registration service (public form, API, nominations).
        return False

    def _apply(self, request, queryset, service, verb, **kwargs):
        done = 0
        # In arrival order: when seats run out part-way, those who registered first get them.
        for registration in queryset.select_related("event").order_by("queued_at", "pk"):
            before = registration.status
            after = service(registration=registration, by=request.user, **kwargs).status
            done += before != after
        self.message_user(request, _("%(verb)s: %(n)d registration(s) changed.") % {"verb": verb, "n": done})

    @admin.action(description=_("Approve selected registrations"), permissions=["change"])
    def approve(self, request, queryset):
        self._apply(request, queryset, services.registration_approve, _("Approved"))

    @admin.action(description=_("Reject selected registrations (give a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        # The person is told the reason by e-mail, as through the API.
        reason = request.POST.get("reason", "").strip()
        if not reason:
            self.message_user(
                request,
                _("Give a reason for rejecting: the person is told it by e-mail. Nothing was rejected."),
                messages.ERROR,
            )
            return
        if len(reason) > 500:
            self.message_user(
                request,
                _("The reason is too long (at most 500 characters). Nothing was rejected."),
                messages.ERROR,
            )
            return
        self._apply(request, queryset, services.registration_reject, _("Rejected"), reason=reason)

    @admin.action(
        description=_("Move selected people from the waiting list (seats free)"), permissions=["change"]
    )
    def move_from_waitlist(self, request, queryset):
        # Those chosen get the free seats, in the order they joined the line; the others stay waiting.
        waiting = queryset.filter(status=RegistrationStatus.WAITLISTED)
        self._apply(
            request, waiting, services.registration_move_from_waitlist, _("Moved from the waiting list")
        )
        left = waiting.filter(status=RegistrationStatus.WAITLISTED).count()
        if left:
            self.message_user(
                request,
                ngettext(
                    "%(n)d person stays on the waiting list: no seat is free.",
                    "%(n)d people stay on the waiting list: no seat is free.",
                    left,
                )
                % {"n": left},
                messages.WARNING,
            )

    @admin.action(description=_("Cancel selected registrations"), permissions=["change"])
    def cancel(self, request, queryset):
        self._apply(request, queryset, services.registration_cancel, _("Cancelled"))

    @admin.action(description=_("Send the ticket again (the confirmation e-mail)"), permissions=["change"])
    def resend_ticket(self, request, queryset):
        sent, skipped = 0, 0
        for registration in queryset.select_related("event"):
            if services.registration_ticket_resend(registration=registration):
                sent += 1
            else:
                skipped += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(n)d confirmation e-mail with the ticket queued (see the e-mail outbox).",
                    "%(n)d confirmation e-mails with the ticket queued (see the e-mail outbox).",
                    sent,
                )
                % {"n": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d registration is not confirmed and has no ticket: nothing sent to it.",
                    "%(n)d registrations are not confirmed and have no ticket: nothing sent to them.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Export selected registrations to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="registrations.csv"'
        response.write("\ufeff")  # BOM: Excel then reads the Vietnamese text as UTF-8
        writer = csv_writer(response)
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
                    r.full_name,
                    r.email,
                    r.phone,
                    r.organization_name,
                    r.position,
                    r.get_status_display(),
                    timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                ]
            )
        return response


from . import hosts_admin  # noqa: E402, F401  (the hosts and their staff)
