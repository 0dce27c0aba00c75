from django.db import migrations, models


class Migration(migrations.Migration):
    """The outbox learns the certificate topic (training sends the trainee their certificate)."""

    dependencies = [
        ("events", "0016_messaging"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outgoingemail",
            name="topic",
            field=models.CharField(
                choices=[
                    ("registration", "Registration"),
                    ("certificate", "Certificate"),
                    ("exhibitor", "Exhibitor application"),
                    ("meeting", "Meeting"),
                    ("staff_message", "Message from the organisers"),
                    ("news", "News"),
                ],
                max_length=16,
                verbose_name="about",
            ),
        ),
    ]
