from django.core.management.base import BaseCommand

from training.services import courses_complete_finished


class Command(BaseCommand):
    help = (
        "Apply the completion rule to every course whose last session has ended (also run by the scheduler)."
    )

    def handle(self, *args, **options):
        count = courses_complete_finished()
        self.stdout.write(f"{count} course(s) evaluated.")
