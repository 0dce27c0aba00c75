from django.db import migrations

from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER, grant

MODELS = ["organization", "startupproject", "projectstagechange", "venue", "event", "session", "registration"]


def create_roles(apps, schema_editor):
    grant(
        apps, ORGANISER, "events",
        [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")],
    )
    grant(apps, DOOR_STAFF, "events", ["view_event", "view_session", "view_registration", "view_venue"])
    grant(apps, REPORT_VIEWER, "events", [f"view_{model}" for model in MODELS])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[ORGANISER, DOOR_STAFF, REPORT_VIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
