"""Exhibitors, meetings and support records in the admin."""

from django import forms as _forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.admin_base import ModelAdmin
from events.exceptions import DomainError

from . import services as exhibitor_services
from .models import Exhibitor, ExhibitorMember, Meeting, MeetingHeldUndo, SupportKind, SupportRecord


def _apply(model_admin, request, queryset, fn, name: str, done_message, **kwargs) -> None:
    """Run the service `fn` on each selected row (passed as `name`), telling staff what was refused."""
    done = 0
    for obj in queryset:
        try:
            fn(**{name: obj}, by=request.user, **kwargs)
            done += 1
        except DomainError as exc:
            model_admin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if done:
        model_admin.message_user(request, done_message % {"n": done}, messages.SUCCESS)


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
        _apply(self, request, queryset, fn, "exhibitor", _("%(n)d application(s) updated."), **kwargs)

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
        queryset = queryset.select_related("exhibitor__project")
        _apply(self, request, queryset, fn, "meeting", _("%(n)d meeting(s) updated."), **kwargs)

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
        fields = ["host", "project", "kind", "date", "event", "note"]


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
            project=obj.project,
            kind=obj.kind,
            date=obj.date,
            event=obj.event,
            note=obj.note,
            by=request.user,
            host=obj.host,
        )
        obj.pk = record.pk
        obj._state.adding = False
        obj.stage = record.stage

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind":
            kwargs["choices"] = SupportKind.choices
        return super().formfield_for_choice_field(db_field, request, **kwargs)
