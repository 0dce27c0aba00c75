from django.db import migrations

from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER, grant

MODELS = ["exhibitor", "exhibitormember", "meeting", "supportrecord"]


def create_roles(apps, schema_editor):
    grant(
        apps, ORGANISER, "events",
        [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    )
    grant(apps, REPORT_VIEWER, "events", [f"view_{model}" for model in MODELS])
    grant(apps, DOOR_STAFF, "events", ["view_exhibitor"])


class Migration(migrations.Migration):
    dependencies = [("events", "0005_exhibitors_meetings_support")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
