from django.conf import settings
from django.core.management.base import BaseCommand

from events.privacy import anonymise_ended_events


class Command(BaseCommand):
    help = (
        "Anonymise the people of events that ended more than PERSONAL_DATA_RETENTION_DAYS ago (default 730), "
        "keeping the counts the reports need. Run it daily from cron or the scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override the retention period")

    def handle(self, *args, days=None, **options):
        days = days if days is not None else settings.PERSONAL_DATA_RETENTION_DAYS
        count = anonymise_ended_events(older_than_days=days)
        self.stdout.write(f"{count} registration(s) anonymised (events ended more than {days} days ago).")
