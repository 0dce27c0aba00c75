from django.contrib import admin

from events.admin_base import ModelAdmin

from .models import Milestone, Target


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Target)
class TargetAdmin(ModelAdmin):
    shared_between_hosts = True  # the city's targets, read by every host
    list_display = ["stage", "value", "year"]
    inlines = [MilestoneInline]
