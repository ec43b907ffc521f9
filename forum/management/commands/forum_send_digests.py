"""Daily digest of forum notifications, for cron: `manage.py forum_send_digests`."""

from django.core.management.base import BaseCommand

from forum.services import digests_send


class Command(BaseCommand):
    help = "Send the daily digest e-mail to everyone who chose it (each notice only once)."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"forum digests queued: {sent}")
