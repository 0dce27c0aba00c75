from django.db import migrations

from events.roles import ORGANISER, REPORT_VIEWER, grant


def create_roles(apps, schema_editor):
    # Organisers write the news; the unsubscriptions are people's own choice: staff only read them.
    grant(apps, ORGANISER, "events", [f"{action}_newspost" for action in ("add", "change", "delete", "view")])
    grant(apps, ORGANISER, "events", ["view_unsubscription"])
    grant(apps, REPORT_VIEWER, "events", ["view_newspost"])


class Migration(migrations.Migration):
    dependencies = [("events", "0014_news_posts")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
