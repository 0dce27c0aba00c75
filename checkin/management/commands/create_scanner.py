from django.core.management.base import BaseCommand, CommandError

from checkin.services import scanner_device_create
from events.models import Event


class Command(BaseCommand):
    help = "Create a scanner device for one or more events and print its token (on the last line)."

    def add_arguments(self, parser):
        parser.add_argument("--event", action="append", required=True, help="event slug (repeatable)")
        parser.add_argument("--name", required=True, help="gate name shown with each check-in")

    def handle(self, *args, event, name, **options):
        events = list(Event.objects.filter(slug__in=event))
        missing = set(event) - {e.slug for e in events}
        if missing:
            raise CommandError(f"Unknown event(s): {', '.join(sorted(missing))}")
        if not name.strip():
            raise CommandError("--name must not be empty")
        device, token = scanner_device_create(name=name.strip(), events=events)
        self.stdout.write(f"Scanner device {device.name!r} for: {', '.join(e.slug for e in events)}")
        self.stdout.write(
            "The token is shown once; store it in the scanner app. Header: Authorization: Token <token>"
        )
        self.stdout.write(token)
