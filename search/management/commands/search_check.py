"""Compare the content with the search indexes; report drift and, with --repair, fix it."""

from django.core.management.base import BaseCommand, CommandError

from search.indexing import check, repair


class Command(BaseCommand):
    help = "Report documents missing from, extra in, or stale in the search indexes."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Queue and apply the fixes.")

    def handle(self, *args, **options):
        drifts = check()
        for drift in drifts:
            self.stdout.write(
                f"{drift.engine}: {len(drift.missing)} missing, {len(drift.extra)} extra, "
                f"{len(drift.stale)} stale"
            )
            for label, keys in (
                ("missing", drift.missing),
                ("extra", drift.extra),
                ("stale", drift.stale),
            ):
                for key in keys[:20]:
                    self.stdout.write(f"  {label}: {key}")
        if all(drift.is_clean for drift in drifts):
            self.stdout.write(self.style.SUCCESS("The search indexes match the content."))
            return
        if not options["repair"]:
            raise CommandError("The search indexes differ from the content; run with --repair.")
        repair(drifts)
        remaining = [drift for drift in check() if not drift.is_clean]
        if remaining:
            raise CommandError("Some differences remain; is Elasticsearch answering?")
        self.stdout.write(self.style.SUCCESS("Repaired: the search indexes match the content."))
