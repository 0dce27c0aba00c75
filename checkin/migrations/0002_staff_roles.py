from django.db import migrations

from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER, grant

MODELS = ["ticket", "scannerdevice", "doorstaffassignment", "checkin", "eventkey"]


def create_roles(apps, schema_editor):
    grant(
        apps, ORGANISER, "checkin",
        ["scan_all_events"]
        + [f"{action}_{model}" for model in MODELS if model != "eventkey" for action in ("add", "change", "view")],
    )
    grant(apps, DOOR_STAFF, "checkin", ["add_checkin", "view_checkin", "view_ticket"])
    grant(apps, REPORT_VIEWER, "checkin", ["view_checkin"])


class Migration(migrations.Migration):
    dependencies = [("checkin", "0001_initial"), ("events", "0002_staff_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
