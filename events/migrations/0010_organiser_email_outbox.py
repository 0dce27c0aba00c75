from django.db import migrations

from events.roles import ORGANISER, grant


def grant_outbox(apps, schema_editor):
    # Organisers answer "I never got my ticket": they see the outbox and send messages again (the resend
    # action needs change). Adding and deleting stay with nobody: the outbox is the record of what was sent.
    grant(apps, ORGANISER, "events", ["view_outgoingemail", "change_outgoingemail"])


def revoke_outbox(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ORGANISER).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="events", codename__in=["view_outgoingemail", "change_outgoingemail"]
            )
        )


class Migration(migrations.Migration):
    dependencies = [("events", "0009_verbose_names")]

    operations = [migrations.RunPython(grant_outbox, revoke_outbox)]
