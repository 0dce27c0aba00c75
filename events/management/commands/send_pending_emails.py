from django.core.management.base import BaseCommand

from events.mail.tasks import retry_failed_emails


class Command(BaseCommand):
    help = "Send e-mails whose sending failed or never started (the scheduler runs this every 2 minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{retry_failed_emails()} e-mail(s) attempted.")
