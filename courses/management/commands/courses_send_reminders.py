"""Daily cron job: `python manage.py courses_send_reminders`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from courses.reminders import reminders_send_due


class Command(BaseCommand):
    help = (
        "Sends course reminders that are due: deadlines in 7 days, 14 days without activity, "
        "and the advisers' weekly summary on Mondays. Each reminder goes out once; run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this ISO date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be an ISO date, e.g. 2026-05-04.") from error
        sent = reminders_send_due(today=today)
        self.stdout.write(
            "Reminders sent: "
            + ", ".join(f"{kind} {count}" for kind, count in sorted(sent.items()))
        )
