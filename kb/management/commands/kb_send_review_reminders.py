"""Queue the daily review reminders for article owners. Run it once a day from cron."""

from django.core.management.base import BaseCommand

from kb.tasks import review_reminders_send_task


class Command(BaseCommand):
    help = "Queue e-mail reminders to owners of knowledge base articles past their review date."

    def handle(self, *args, **options):
        result = review_reminders_send_task.enqueue()
        self.stdout.write(f"Review reminders queued as task {result.id}.")
