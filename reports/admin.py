from django.contrib import admin

from .models import Milestone, Target


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["stage", "value", "year"]
    inlines = [MilestoneInline]
