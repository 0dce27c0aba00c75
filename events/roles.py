"""Staff roles as groups. Each app's data migration adds its own permissions to these groups."""

ORGANISER = "Organiser"
DOOR_STAFF = "Door staff"
REPORT_VIEWER = "Report viewer"


def grant(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    """Give `group_name` these permissions of `app_label` (usable inside data migrations)."""
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; create this app's now so we can use them.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # the migration state's app config stub lacks it
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
