from django.db import migrations

from events.roles import ORGANISER, REPORT_VIEWER, grant

MODELS = ["course", "completion", "certificate", "nominationinvite", "nominationbatch"]


def create_roles(apps, schema_editor):
    grant(
        apps, ORGANISER, "training",
        [f"{action}_{model}" for model in MODELS for action in ("add", "change", "view")],
    )
    grant(apps, REPORT_VIEWER, "training", [f"view_{model}" for model in MODELS])


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial"), ("events", "0002_staff_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
