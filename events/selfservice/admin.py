from django.contrib import admin

from events import extensions

from .models import RegistrationChange


class RegistrationChangeInline(admin.TabularInline):
    """The history of the person's details on their registration's admin page (read only)."""

    model = RegistrationChange
    extra = 0
    can_delete = False
    fields = ["changed_at", "source", "by", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


extensions.registration_admin_inlines.append(RegistrationChangeInline)
