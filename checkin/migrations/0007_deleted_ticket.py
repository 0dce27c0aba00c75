import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0006_hosts"),
        ("events", "0026_outbox_invitation_topic"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeletedTicket",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("ticket_id", models.CharField(max_length=12, verbose_name="ticket id")),
                ("deleted_at", models.DateTimeField(auto_now_add=True, verbose_name="deleted at")),
                (
                    "event",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deleted_tickets",
                        to="events.event",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "deleted ticket",
                "verbose_name_plural": "deleted tickets",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("event", "ticket_id"), name="deleted_ticket_once_per_event"
                    )
                ],
            },
        ),
    ]
