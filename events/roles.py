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


# The staff of a host (events.hosts.HostMembership) hold the model permissions of these groups, for their
# hosts' rows only (events.admin_base and events.selectors scope every query). A membership puts its user in
# the group of its role (events.hosts' receivers); reports' migration gives the groups their permissions.
HOST_ORGANISER = "Host organisers"
HOST_DOOR_STAFF = "Host door staff"
HOST_REPORT_VIEWER = "Host report viewers"
HOST_ROLE_GROUPS = {
    "organiser": HOST_ORGANISER,
    "door_staff": HOST_DOOR_STAFF,
    "report_viewer": HOST_REPORT_VIEWER,
}
