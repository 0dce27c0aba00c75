import django.db.models.deletion
import events.hosts
from django.conf import settings
from django.db import migrations, models


def assign_default_host(apps, schema_editor):
    """Every existing event, news post and support record goes to the programme office's host (created
    here, on an organisation of that name if one exists); the programme office's groups keep every right."""
    from events.hosts import PROGRAMME_OFFICE_NAME, PROGRAMME_OFFICE_SLUG
    from events.roles import DOOR_STAFF, ORGANISER, REPORT_VIEWER, grant

    Organization = apps.get_model("events", "Organization")
    Host = apps.get_model("events", "Host")
    organization = Organization.objects.filter(name__iexact=PROGRAMME_OFFICE_NAME).first()
    if organization is None:
        organization = Organization.objects.create(name=PROGRAMME_OFFICE_NAME, kind="state_agency")
    host, _created = Host.objects.get_or_create(
        is_programme_office=True, defaults={"organization": organization, "slug": PROGRAMME_OFFICE_SLUG}
    )
    apps.get_model("events", "Event").objects.filter(host__isnull=True).update(host=host)
    apps.get_model("events", "NewsPost").objects.filter(host__isnull=True).update(host=host)
    SupportRecord = apps.get_model("events", "SupportRecord")
    SupportRecord.objects.filter(host__isnull=True, event__isnull=True).update(host=host)
    for record in SupportRecord.objects.filter(host__isnull=True).values("pk", "event__host_id"):
        SupportRecord.objects.filter(pk=record["pk"]).update(host_id=record["event__host_id"])
    for group in (ORGANISER, DOOR_STAFF, REPORT_VIEWER):
        grant(apps, group, "events", ["manage_all_hosts"])
    grant(
        apps,
        ORGANISER,
        "events",
        [
            f"{action}_{model}"
            for model in ("host", "hostmembership")
            for action in ("add", "change", "delete", "view")
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0024_folded_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Host",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=120, unique=True, verbose_name="slug")),
                (
                    "is_programme_office",
                    models.BooleanField(
                        default=False,
                        help_text="The city's programme office: its staff keep rights over every host.",
                        verbose_name="programme office",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="host",
                        to="events.organization",
                        verbose_name="organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "host",
                "verbose_name_plural": "hosts",
                "ordering": ["organization__name"],
                "permissions": [("manage_all_hosts", "Can see and change the events of every host")],
            },
        ),
        migrations.AddField(
            model_name="event",
            name="host",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="events.host",
                verbose_name="host",
            ),
        ),
        migrations.AddField(
            model_name="newspost",
            name="host",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="news_posts",
                to="events.host",
                verbose_name="host",
            ),
        ),
        migrations.AddField(
            model_name="supportrecord",
            name="host",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="support_records",
                to="events.host",
                verbose_name="host",
            ),
        ),
        migrations.CreateModel(
            name="HostMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("organiser", "Host organiser"),
                            ("door_staff", "Host door staff"),
                            ("report_viewer", "Host report viewer"),
                        ],
                        max_length=32,
                        verbose_name="role",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added")),
                (
                    "host",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="events.host",
                        verbose_name="host",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="host_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "host staff member",
                "verbose_name_plural": "host staff",
                "ordering": ["host", "role", "user"],
            },
        ),
        migrations.AddConstraint(
            model_name="host",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_programme_office", True)),
                fields=("is_programme_office",),
                name="one_programme_office",
            ),
        ),
        migrations.AddConstraint(
            model_name="hostmembership",
            constraint=models.UniqueConstraint(fields=("host", "user", "role"), name="host_membership_once"),
        ),
        migrations.RunPython(assign_default_host, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="host",
            field=models.ForeignKey(
                default=events.hosts.default_host,
                help_text="The partner organisation that runs the event; its staff manage it.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="events.host",
                verbose_name="host",
            ),
        ),
        migrations.AlterField(
            model_name="newspost",
            name="host",
            field=models.ForeignKey(
                default=events.hosts.default_host,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="news_posts",
                to="events.host",
                verbose_name="host",
            ),
        ),
        migrations.AlterField(
            model_name="supportrecord",
            name="host",
            field=models.ForeignKey(
                default=events.hosts.default_host,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="support_records",
                to="events.host",
                verbose_name="host",
            ),
        ),
    ]
