"""Delete what is older than its retention period (run daily, see docs/OPERATIONS.md)."""

from django.core.management.base import BaseCommand

from privacy.services import retention_enforce


class Command(BaseCommand):
    help = "Delete search logs, notifications, reminder logs and contact messages past retention."

    def handle(self, *args, **options):
        for key, count in retention_enforce().items():
            self.stdout.write(f"{key}: {count} deleted")
