from django.db import migrations

from events.roles import ORGANISER, REPORT_VIEWER, grant

# The plan's 2028 targets; yearly milestones rise evenly from 2024 and staff can edit them.
TARGETS = {"pre_incubation": 1000, "incubation": 700, "acceleration": 200}
YEARS = [2024, 2025, 2026, 2027, 2028]


def seed(apps, schema_editor):
    Target = apps.get_model("reports", "Target")
    Milestone = apps.get_model("reports", "Milestone")
    for stage, value in TARGETS.items():
        target, _ = Target.objects.get_or_create(stage=stage, defaults={"value": value, "year": 2028})
        for index, year in enumerate(YEARS, start=1):
            Milestone.objects.get_or_create(target=target, year=year, defaults={"value": value * index // len(YEARS)})
    grant(apps, REPORT_VIEWER, "reports", ["view_reports", "view_target", "view_milestone"])
    grant(apps, ORGANISER, "reports", ["view_reports", "view_target", "change_target", "view_milestone",
                                         "add_milestone", "change_milestone", "delete_milestone"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("events", "0002_staff_roles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
