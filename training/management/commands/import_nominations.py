from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from events.models import Organization
from training import nominations
from training.enums import NominationSource
from training.models import Course


class Command(BaseCommand):
    help = "Import a nomination file (.xlsx or CSV, the template's columns) for a course: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--course", required=True, help="the course's event slug")
        parser.add_argument(
            "--organization", required=True, help="the nominating organisation's exact name or id"
        )

    def handle(self, *args, file, course, organization, **options):
        course_obj = Course.objects.select_related("event").filter(event__slug=course).first()
        if course_obj is None:
            raise CommandError(f"Unknown course: {course}")
        lookup = (
            {"pk": int(organization)}
            if organization.isascii() and organization.isdigit()
            else {"name__iexact": organization}
        )
        org = Organization.objects.filter(**lookup).first()
        if org is None:
            raise CommandError(f"Unknown organisation: {organization}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        with path.open("rb") as handle:
            try:
                rows = nominations.nominees_read(handle)
            except nominations.FileError as exc:
                raise CommandError(exc.message) from exc
        with tqdm(total=len(rows), unit="row", desc="Import", file=self.stderr._out) as bar:
            result = nominations.nominations_import(
                course=course_obj,
                organization=org,
                rows=rows,
                source=NominationSource.COMMAND,
                file_name=path.name,
                progress=bar.update,
            )
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"row {error.row or '-'} {error.field}: {error.message}")
            raise CommandError(f"{len(result.errors)} error(s); nothing was saved.")
        self.stdout.write(
            self.style.SUCCESS(f"{len(result.registrations)} people registered for {course_obj}.")
        )
