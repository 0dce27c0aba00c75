import django.db.models.deletion
import events.hosts
from django.db import migrations, models


def assign_host(apps, schema_editor):
    """A device goes to the host of the events it scans for (they all belong to the programme office's
    host after events' migration 0022), or to the programme office's host when it has none."""
    Host = apps.get_model("events", "Host")
    office = Host.objects.get(is_programme_office=True)
    ScannerDevice = apps.get_model("checkin", "ScannerDevice")
    for device in ScannerDevice.objects.filter(host__isnull=True):
        first = device.events.order_by("pk").values_list("host_id", flat=True).first()
        device.host_id = first or office.pk
        device.save(update_fields=["host"])


class Migration(migrations.Migration):
    dependencies = [
        ("checkin", "0005_walk_in_source"),
        ("events", "0025_hosts"),
    ]

    operations = [
        migrations.AddField(
            model_name="scannerdevice",
            name="host",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="scanner_devices",
                to="events.host",
                verbose_name="host",
            ),
        ),
        migrations.RunPython(assign_host, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="scannerdevice",
            name="host",
            field=models.ForeignKey(
                default=events.hosts.default_host,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="scanner_devices",
                to="events.host",
                verbose_name="host",
            ),
        ),
    ]
