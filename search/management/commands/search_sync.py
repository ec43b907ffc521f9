"""Apply pending search index changes (the outbox). Safe to run from cron every minute."""

from django.core.management.base import BaseCommand, CommandError

from search.models import SearchOutbox
from search.outbox import outbox_drain, outbox_prune


class Command(BaseCommand):
    help = "Apply the pending changes of the search outbox to the search engines."

    def handle(self, *args, **options):
        result = outbox_drain()
        pruned = outbox_prune()
        pending = SearchOutbox.objects.pending().count()
        self.stdout.write(
            f"Applied {result['applied']} changes; {pending} pending; {pruned} old rows pruned."
        )
        if result["failed"]:
            raise CommandError(
                f"{result['failed']} changes could not reach Elasticsearch and stay queued; "
                "they are retried by the next run."
            )
