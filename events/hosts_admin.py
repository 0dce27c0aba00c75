"""The admin of hosts and their staff. A host's organisers see their own hosts and manage their staff; the
programme office creates hosts and sees them all."""

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .admin_base import ModelAdmin
from .hosts import Host, HostMembership, is_programme_office


@admin.register(Host)
class HostAdmin(ModelAdmin):
    host_path = ""
    list_display = ("__str__", "slug", "is_programme_office", "event_count", "pages")
    list_select_related = ("organization",)
    search_fields = ("organization__name", "slug")
    list_filter = ("is_programme_office",)
    autocomplete_fields = ("organization",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_events=Count("events"))

    @admin.display(description=_("events"), ordering="n_events")
    def event_count(self, obj):
        return obj.n_events

    @admin.display(description=_("pages"))
    def pages(self, obj):
        links = [
            (reverse("events:host", kwargs={"slug": obj.slug}), _("Public page")),
            (reverse("events:host_staff", kwargs={"slug": obj.slug}), _("Staff and invitations")),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_readonly_fields(self, request, obj=None):
        if is_programme_office(request.user):
            return ()
        return ("organization", "slug", "is_programme_office")


@admin.register(HostMembership)
class HostMembershipAdmin(ModelAdmin):
    list_display = ("user", "host", "role", "created_at")
    list_select_related = ("user", "host__organization")
    list_filter = ("role", "host")
    search_fields = ("user__username", "user__email", "host__organization__name")
    fields = ("host", "user", "role")
