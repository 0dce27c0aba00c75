"""Door staff and report viewers do not need to list people: door staff find them through the scanner
(only at the events they are assigned to), report viewers through the reports' drill-downs. Take away
the model permissions that would let them read every registration, ticket and check-in."""

from django.db import migrations

from events.roles import DOOR_STAFF, REPORT_VIEWER

REMOVE = {
    DOOR_STAFF: [("events", "view_registration"), ("checkin", "view_checkin"), ("checkin", "view_ticket")],
    REPORT_VIEWER: [("events", "view_registration"), ("checkin", "view_checkin")],
}


def narrow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in REMOVE.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for app_label, codename in perms:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_targets_and_roles"),
        ("events", "0002_staff_roles"),
        ("checkin", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(narrow, migrations.RunPython.noop)]
