"""Personal calendar feeds in the admin: staff give a person a new secret address."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from events.admin_base import ModelAdmin

from .models import PersonalFeed
from .services import personal_feed_rotate


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
