"""The outbox in the admin: every e-mail the system sends, with its state."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events import extensions
from events.admin_base import ModelAdmin

from .models import ChangeNotice, OutgoingEmail, Unsubscription
from .services import email_resend


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


class RegistrationEmailInline(admin.TabularInline):
    """The messages sent to one registered person, on their registration's page."""

    model = OutgoingEmail
    fk_name = "registration"
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "recipient", "status", "attempts", "sent_at", "last_error"]
    readonly_fields = fields
    ordering = ["-created_at"]
    verbose_name = _("message sent")
    verbose_name_plural = _("messages sent")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ChangeNotice)
class ChangeNoticeAdmin(ModelAdmin):
    """Schedule changes and cancellations: what changed, whether people were told, how many."""

    list_display = [
        "created_at",
        "event",
        "kind",
        "announced",
        "send_after",
        "sent_at",
        "recipients",
        "created_by",
    ]
    list_filter = ["kind", "announced"]
    list_select_related = ["event", "created_by"]
    search_fields = ["event__title_vi", "event__title_en", "event__slug"]
    fields = [
        "event",
        "kind",
        "changes",
        "announced",
        "reason",
        "created_by",
        "created_at",
        "send_after",
        "sent_at",
        "recipients",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


extensions.registration_admin_inlines.append(RegistrationEmailInline)


@admin.register(Unsubscription)
class UnsubscriptionAdmin(ModelAdmin):
    """Who asked for no more news or reminders (they unsubscribe themselves, through the link)."""

    list_display = ["email", "topic", "created_at"]
    list_filter = ["topic"]
    search_fields = ["email"]
    readonly_fields = ["created_at"]
