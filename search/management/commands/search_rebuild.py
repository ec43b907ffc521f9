"""Rebuild the search indexes from the content, with no gap in search while it runs."""

from django.core.management.base import BaseCommand, CommandError

from search.engines.base import SearchEngineUnavailable
from search.indexing import progress_printer, rebuild


class Command(BaseCommand):
    help = "Rebuild the database search index and (when configured) a new Elasticsearch index behind its alias."

    def add_arguments(self, parser):
        # One process by default: on two cores a second one made a rebuild 6-8 % faster in
        # wall time for 35-50 % more CPU (docs/benchmarks.md, the second run of record), a
        # core the site's workers need while the rebuild runs.
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes in all: this one reads and writes, the others analyse the text "
            "(1, the default: this one does everything; more when wall time matters more "
            "than CPU on an otherwise idle machine).",
        )
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--rewrite",
            action="store_true",
            help="Rewrite every database entry, also those whose content hash did not change "
            "(kept otherwise): a repair of what the hash does not see.",
        )

    def handle(self, *args, **options):
        try:
            result = rebuild(
                progress=progress_printer(self.stdout, label="Indexing"),
                workers=options["workers"],
                batch_size=options["batch_size"],
                rewrite=options["rewrite"],
            )
        except SearchEngineUnavailable as error:
            raise CommandError(
                f"Elasticsearch did not answer ({error}); the database index was rebuilt. "
                "Start the node or check ELASTICSEARCH_URL, then run search_rebuild again."
            ) from error
        where = (
            f" and Elasticsearch index {result['elasticsearch']}" if result["elasticsearch"] else ""
        )
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {result['documents']} documents in the database{where}.")
        )
