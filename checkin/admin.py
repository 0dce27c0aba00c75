from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from events.admin_base import ModelAdmin
from events.hosts import is_programme_office

from . import services
from .models import CheckIn, DoorStaffAssignment, ScannerDevice, Ticket


@admin.register(Ticket)
class TicketAdmin(ModelAdmin):
    event_path = "registration__event"
    list_display = ["registration", "event", "issued_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "registration__event"]
    search_fields = ["registration__full_name", "registration__email", "registration__reference"]
    list_select_related = ["registration", "registration__event"]
    readonly_fields = ["registration", "code", "issued_at", "revoked_at", "revoked_by", "revoked_reason"]
    actions = ["reissue"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("event"))
    def event(self, obj):
        return obj.registration.event

    @admin.action(
        description=_("Reissue: revoke the selected tickets and issue new codes"), permissions=["change"]
    )
    def reissue(self, request, queryset):
        count = 0
        for ticket in queryset.filter(revoked_at__isnull=True).select_related("registration"):
            services.ticket_reissue(
                registration=ticket.registration, by=request.user, reason=_("Reissued by staff")
            )
            count += 1
        self.message_user(request, _("%(n)d ticket(s) reissued.") % {"n": count}, messages.SUCCESS)


class ScannerDeviceForm(forms.ModelForm):
    class Meta:
        model = ScannerDevice
        fields = ["host", "name", "events"]


@admin.register(ScannerDevice)
class ScannerDeviceAdmin(ModelAdmin):
    form = ScannerDeviceForm
    list_display = ["name", "token_hint", "created_at", "last_seen_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    filter_horizontal = ["events"]
    readonly_fields = ["token_hint", "created_at", "last_seen_at", "revoked_at"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        device, token = services.scanner_device_create(
            name=obj.name, events=list(form.cleaned_data["events"]), by=request.user, host=obj.host
        )
        # The admin carries on with `obj` (the events chosen, its history entry, the answer page): make it
        # the saved device, on its database.
        for field in device._meta.concrete_fields:
            setattr(obj, field.attname, getattr(device, field.attname))
        obj._state.adding, obj._state.db = False, device._state.db
        obj.new_token = token

    def response_add(self, request, obj, post_url_continue=None):
        """The token is shown here, once, to whoever created the device: in this answer only, never in a
        message (stored in a cookie or the session until shown), an address or a log, and not cached."""
        token = getattr(obj, "new_token", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        opts = self.opts
        response = TemplateResponse(
            request,
            "checkin/admin/scanner_device_token.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Scanner device token"),
                "opts": opts,
                "device": obj,
                "token": token,
                "change_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
                "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
                "add_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke the selected devices"), permissions=["change"])
    def revoke(self, request, queryset):
        for device in queryset:
            services.scanner_device_revoke(device=device)
        self.message_user(request, _("Devices revoked."), messages.SUCCESS)


@admin.register(DoorStaffAssignment)
class DoorStaffAssignmentAdmin(ModelAdmin):
    list_display = ["user", "event", "gate"]
    list_filter = ["event"]
    autocomplete_fields = ["event", "user"]
    search_fields = ["user__username", "event__title_vi"]

    def get_autocomplete_fields(self, request):
        # The user search is the user admin's, which only the programme office may run; a host's organiser
        # picks from a list of its hosts' own staff (`choices_for`: a few people, invited by the host).
        if is_programme_office(request.user):
            return self.autocomplete_fields
        return [name for name in self.autocomplete_fields if name != "user"]


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


@admin.register(CheckIn)
class CheckInAdmin(ModelAdmin):
    event_path = "session__event"
    list_display = [
        "scanned_at",
        "result",
        "registration",
        "session",
        "gate",
        "source",
        "offline",
        "undone_at",
    ]
    list_filter = ["result", "source", "offline", "session__event"]
    search_fields = ["registration__full_name", "registration__reference", "code", "gate"]
    list_select_related = ["registration", "session", "session__event"]
    date_hierarchy = "scanned_at"
    readonly_fields = [
        "session",
        "registration",
        "ticket",
        "code",
        "result",
        "source",
        "device",
        "user",
        "gate",
        "nonce",
        "scanned_at",
        "uploaded_at",
        "offline",
        "reason",
        "undone_at",
        "undone_by",
        "undo_reason",
    ]
    actions = ["undo"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # every attempt stays on record; corrections are recorded, not erased

    @admin.action(description=_("Undo the selected check-ins (scanned by mistake)"), permissions=["change"])
    def undo(self, request, queryset):
        count = 0
        for checkin in queryset.filter(result="ok", undone_at__isnull=True):
            services.checkin_undo(
                checkin=checkin, by=request.user, reason=str(_("Undone by staff in the admin"))
            )
            count += 1
        self.message_user(request, _("%(n)d check-in(s) undone.") % {"n": count}, messages.SUCCESS)
