"""A participant import keeps the rows read from its file at upload (JSON), not the file: the preview and the
import no longer parse the file again. Uploads not yet imported are kept at most a day: their rows are
read again here from the kept file, so nothing waiting for its import is lost."""

import logging

from django.db import migrations, models

logger = logging.getLogger(__name__)


def read_kept_files(apps, schema_editor):
    from events.intake import reading

    ParticipantImport = apps.get_model("events", "ParticipantImport")
    for job in ParticipantImport.objects.exclude(data=b"").only("pk", "data", "file_name").iterator():
        try:
            table = reading.read_table(bytes(job.data), job.file_name)
        except reading.FileError:
            logger.info("Participant import %s: kept file unreadable, dropped", job.pk)
            continue
        ParticipantImport.objects.filter(pk=job.pk).update(table=table.as_json())


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0026_outbox_invitation_topic"),
    ]

    operations = [
        migrations.AddField(
            model_name="participantimport",
            name="table",
            field=models.JSONField(blank=True, default=dict, verbose_name="rows read from the file"),
        ),
        migrations.RunPython(read_kept_files, migrations.RunPython.noop),
        migrations.RemoveField(model_name="participantimport", name="data"),
    ]
