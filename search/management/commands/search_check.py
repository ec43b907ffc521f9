"""Compare the content with the search indexes; report drift and, with --repair, fix it."""

from django.core.management.base import BaseCommand, CommandError

from search.engines.base import SearchEngineUnavailable
from search.engines.elasticsearch import SearchIndexMissing
from search.indexing import check, repair


class Command(BaseCommand):
    help = (
        "Report documents missing from, extra in, or stale in the search indexes "
        "(stale: the stored content hash differs from the content's)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Queue and apply the fixes.")

    def handle(self, *args, **options):
        try:
            drifts = check()
        except SearchIndexMissing as error:
            raise CommandError(f"{error} Run search_rebuild to create and fill it.") from error
        except SearchEngineUnavailable as error:
            raise CommandError(f"Elasticsearch did not answer ({error}).") from error
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
