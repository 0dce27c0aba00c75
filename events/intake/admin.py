from django.contrib import admin

from .models import ParticipantImport


@admin.register(ParticipantImport)
class ParticipantImportAdmin(admin.ModelAdmin):
    """Uploaded participant lists, to see what was imported when and by whom (the file itself is not
    shown: it goes once imported, and every list after a day)."""

    list_display = ("file_name", "event", "state", "total", "created_count", "created_by", "created_at")
    list_filter = ("state",)
    list_select_related = ("event", "created_by")
    fields = (
        "event",
        "file_name",
        "state",
        "total",
        "created_count",
        "created_by",
        "created_at",
        "finished_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
