from django.db import migrations

from events.roles import ORGANISER, REPORT_VIEWER, grant


def create_roles(apps, schema_editor):
    # Organisers build surveys and read the answers; report viewers read surveys and answers.
    grant(
        apps,
        ORGANISER,
        "feedback",
        [f"{action}_{model}" for model in ("survey", "question") for action in ("add", "change", "view")]
        + ["view_response", "view_answer", "view_invitation"],
    )
    grant(apps, REPORT_VIEWER, "feedback", ["view_survey", "view_question", "view_response", "view_answer"])


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_surveys"), ("events", "0002_staff_roles")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
