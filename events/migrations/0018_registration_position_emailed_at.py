from django.db import migrations, models


class Migration(migrations.Migration):
    """When a waitlisted person last had their place in the queue e-mailed (at most once per 10 minutes)."""

    dependencies = [
        ("events", "0017_email_topic_certificate"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="position_emailed_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the person last asked to be e-mailed their place on the waiting list.",
                null=True,
                verbose_name="place in the queue last e-mailed",
            ),
        ),
    ]
