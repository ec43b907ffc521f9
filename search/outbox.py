"""The outbox: index changes written in the content's own transaction, applied later.

`outbox_add` is called from signal handlers while the content change is being saved. Its row
commits or rolls back with the change, so the index can never miss a committed change nor
show one that was rolled back. After commit a background task drains the outbox into the
database engine (always) and Elasticsearch (when configured); a change Elasticsearch could
not take stays pending and is retried by the next drain (`search_sync`, also run from cron).
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search import registry
from search.engines.base import SearchEngineUnavailable
from search.models import SearchOutbox

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def outbox_add(keys: Iterable[str], *, action: str = SearchOutbox.Action.INDEX) -> None:
    rows = [SearchOutbox(key=key, action=action) for key in dict.fromkeys(keys)]
    if not rows:
        return
    SearchOutbox.objects.bulk_create(rows)
    transaction.on_commit(_enqueue_drain)


def _enqueue_drain() -> None:
    from search.tasks import search_outbox_drain

    try:
        search_outbox_drain.enqueue()
    except Exception:  # the outbox keeps the change; `search_sync` applies it later
        logger.exception("Could not queue the search outbox drain")


def _documents_for(keys: list[str]):
    """(documents to index, keys to remove) for the current state of each object."""
    documents, removed = [], []
    for key in keys:
        source = registry.source_for_key(key)
        _label, _separator, pk = key.partition(":")
        document = source.document(int(pk)) if source is not None and pk.isdigit() else None
        if document is None:
            removed.append(key)
        else:
            documents.append(document)
    return documents, removed


def outbox_drain(*, batch_size: int = BATCH_SIZE) -> dict:
    """Apply pending changes; returns counts. Safe to run twice: applying is idempotent."""
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine

    applied = failed = 0
    while True:
        rows = list(SearchOutbox.objects.pending()[:batch_size])
        if not rows:
            break
        # Each object is read again now, so the latest state wins whatever the actions were.
        keys = list(dict.fromkeys(row.key for row in rows))
        documents, removed = _documents_for(keys)
        DatabaseEngine().index(documents)
        DatabaseEngine().remove(removed)
        error = ""
        if settings.ELASTICSEARCH_URL:
            try:
                engine = ElasticsearchEngine()
                engine.index(documents)
                engine.remove(removed)
            except SearchEngineUnavailable as problem:
                error = str(problem)[:500] or problem.__class__.__name__
        ids = [row.pk for row in rows]
        if error:
            for row in rows:
                SearchOutbox.objects.filter(pk=row.pk).update(
                    attempts=row.attempts + 1, last_error=error
                )
            failed += len(rows)
            break  # leave the rest for the next drain; the node is not answering
        SearchOutbox.objects.filter(pk__in=ids).update(done_at=timezone.now(), last_error="")
        applied += len(rows)
    return {"applied": applied, "failed": failed}


def outbox_prune(*, older_than_days: int = 7) -> int:
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    deleted, _ = SearchOutbox.objects.filter(done_at__lt=cutoff).delete()
    return deleted
