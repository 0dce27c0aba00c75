"""News in the admin: staff write posts in both languages, publish or schedule them, and may e-mail them
to the subscribers."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.admin_base import ModelAdmin

from .forms import NewsPostForm
from .models import NewsPost, NewsStatus
from .services import news_post_email


@admin.register(NewsPost)
class NewsPostAdmin(ModelAdmin):
    form = NewsPostForm
    list_display = ["title_vi", "status", "published_at", "event", "send_to_subscribers", "emailed_count"]
    list_filter = ["status", "send_to_subscribers"]
    search_fields = ["title_vi", "title_en", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title_vi"]}
    autocomplete_fields = ["event"]
    readonly_fields = ["emailed_at", "emailed_count", "created_by", "created_at", "updated_at"]
    fieldsets = [
        (gettext_lazy("Vietnamese"), {"fields": ["title_vi", "summary_vi", "body_vi"]}),
        (gettext_lazy("English"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (None, {"fields": ["host", "slug", "image", "event"]}),
        (
            gettext_lazy("Publication"),
            {"fields": ["status", "published_at", "send_to_subscribers", "emailed_at", "emailed_count"]},
        ),
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.emailed_at is not None:
            fields.append("send_to_subscribers")  # e-mailed once: ticking it again would change nothing
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not obj.send_to_subscribers or obj.emailed_at is not None:
            return
        queued = news_post_email(post=obj)
        if obj.emailed_at is not None:
            self.message_user(
                request,
                _("The post is being e-mailed to %(n)d subscriber(s).") % {"n": queued},
                messages.SUCCESS,
            )
        elif obj.status == NewsStatus.PUBLISHED and obj.published_at > timezone.now():
            when = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            self.message_user(
                request,
                _("The post will be e-mailed to the subscribers when it is published (%(when)s).")
                % {"when": when},
                messages.INFO,
            )
