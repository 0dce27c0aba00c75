"""The groups of a host's staff: Host organisers, Host door staff and Host report viewers hold the model
permissions of the programme office's Organiser, Door staff and Report viewer, less what stays the
programme office's (rights over every host, the outbox, personal feeds, unsubscriptions, changing the
shared organisations, projects and venues, the city's targets). Their rows are scoped to their hosts."""

from django.db import migrations

from events.roles import (
    DOOR_STAFF,
    HOST_DOOR_STAFF,
    HOST_ORGANISER,
    HOST_REPORT_VIEWER,
    ORGANISER,
    REPORT_VIEWER,
)

PROGRAMME_OFFICE_ONLY = {
    "manage_all_hosts",
    "scan_all_events",
    "add_host",
    "change_host",
    "delete_host",
    "change_target",
    "add_milestone",
    "change_milestone",
    "delete_milestone",
}
PROGRAMME_OFFICE_MODELS = {"outgoingemail", "personalfeed", "unsubscription", "changenotice"}
SHARED_MODELS = {"organization", "startupproject", "projectstagechange", "venue"}  # hosts add and read


def kept(codename: str) -> bool:
    action, _sep, model = codename.partition("_")
    if codename in PROGRAMME_OFFICE_ONLY or model in PROGRAMME_OFFICE_MODELS:
        return False
    return not (model in SHARED_MODELS and action in ("change", "delete"))


def create_host_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for source, target in (
        (ORGANISER, HOST_ORGANISER),
        (DOOR_STAFF, HOST_DOOR_STAFF),
        (REPORT_VIEWER, HOST_REPORT_VIEWER),
    ):
        group, _created = Group.objects.get_or_create(name=target)
        origin = Group.objects.filter(name=source).first()
        if origin is not None:
            group.permissions.add(*[perm for perm in origin.permissions.all() if kept(perm.codename)])
    organisers = Group.objects.get(name=HOST_ORGANISER)
    organisers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=[
                "view_host",
                "add_hostmembership",
                "change_hostmembership",
                "delete_hostmembership",
                "view_hostmembership",
            ],
        )
    )


def remove_host_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[HOST_ORGANISER, HOST_DOOR_STAFF, HOST_REPORT_VIEWER]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_verbose_names"),
        ("events", "0026_outbox_invitation_topic"),
        ("checkin", "0006_hosts"),
        ("training", "0004_single_line_text"),
        ("feedback", "0002_staff_roles"),
    ]

    operations = [migrations.RunPython(create_host_roles, remove_host_roles)]
