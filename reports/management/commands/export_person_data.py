import json

from django.core.management.base import BaseCommand

from reports.privacy import person_data


class Command(BaseCommand):
    help = "Print, as JSON, everything held about one person (an e-mail address), for a data request."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        self.stdout.write(json.dumps(person_data(email), ensure_ascii=False, indent=2))
