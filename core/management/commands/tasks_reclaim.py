"""Put back in the queue the tasks a dead worker left RUNNING (also done when a worker starts)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from core.scheduling import reclaim_stale_tasks


class Command(BaseCommand):
    help = "Requeue tasks left RUNNING by workers that have not been seen recently."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            help="Seconds (default WORKER_STALE_AFTER_SECONDS).",
        )

    def handle(self, *args, older_than=None, **options):
        count = reclaim_stale_tasks(
            older_than=timedelta(seconds=older_than) if older_than else None
        )
        self.stdout.write(f"Requeued {count} task(s) left running by a dead worker.")
