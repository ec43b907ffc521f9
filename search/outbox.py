"""The outbox: index changes written in the content's own transaction, applied later.

`outbox_add` is called from signal handlers while the content change is being saved. Its row
commits or rolls back with the change, so the index can never miss a committed change nor
show one that was rolled back. It also bumps each object's `SearchVersion` and adds the
documents that show the object's text (`registry.register_dependency`).

After commit one drain task is queued (`enqueue_once`: one waiting run at most, not one per
change). A drain claims due rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL, a compare-and-set
elsewhere), reads each object and its version in one snapshot, and writes the documents to
the database engine (always) and Elasticsearch (when configured) with that version: an
engine keeps a document only if no newer version is there, so concurrent drains cannot
overwrite a newer document with an older one. When Elasticsearch does not answer, or its
index is missing, the rows wait with a growing delay (`retry_delay`) and the next drain is
queued for then; `search_sync` (cron) and `search_rebuild` catch up too.
"""

import logging
import random
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from search import registry
from search.engines.base import SearchEngineUnavailable, analyse_all
from search.models import SearchOutbox, SearchVersion

logger = logging.getLogger(__name__)
BATCH_SIZE = 200  # changes per drain batch: read, analysed and written together
LEASE_SECONDS = 300
MAX_DEPENDENCY_DEPTH = 3


def _with_dependents(keys: Iterable[str]) -> list[str]:
    """The keys and, transitively, the documents that show their objects' text."""
    seen = dict.fromkeys(keys)
    frontier = list(seen)
    for _depth in range(MAX_DEPENDENCY_DEPTH):
        found = [
            dependent
            for key in frontier
            for dependent in registry.dependents_of(key)
            if dependent not in seen
        ]
        if not found:
            break
        seen.update(dict.fromkeys(found))
        frontier = list(dict.fromkeys(found))
    return list(seen)


def bump_versions(keys: Iterable[str]) -> None:
    """Add one to each key's version, in sorted order (concurrent changes of the same objects
    wait for each other instead of deadlocking). The row lock it takes lasts until the commit,
    so the versions of one object follow the order in which its changes commit."""
    keys = sorted(set(keys))
    table = connection.ops.quote_name(SearchVersion._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 200):
            chunk = keys[start : start + 200]
            values = ", ".join(["(%s, 1)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (key, version) VALUES {values} "
                f"ON CONFLICT (key) DO UPDATE SET version = {table}.version + 1",
                chunk,
            )


def outbox_add(keys: Iterable[str], *, action: str = SearchOutbox.Action.INDEX) -> None:
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    dependents = [key for key in _with_dependents(keys) if key not in keys]
    rows = [SearchOutbox(key=key, action=action) for key in keys]
    rows += [SearchOutbox(key=key, action=SearchOutbox.Action.INDEX) for key in dependents]
    bump_versions(row.key for row in rows)
    SearchOutbox.objects.bulk_create(rows)
    transaction.on_commit(schedule_drain)


def outbox_remove(keys: Iterable[str]) -> None:
    """Take the documents of `keys` out of the index (their objects are deleted), in the
    caller's transaction like `outbox_add`."""
    outbox_add(keys, action=SearchOutbox.Action.REMOVE)


def schedule_drain(*, run_after=None) -> None:
    from core.scheduling import enqueue_once
    from search.tasks import search_outbox_drain

    # While Elasticsearch is away a drain waits in backoff: it takes the new changes too.
    enqueue_once(
        search_outbox_drain,
        run_after=run_after,
        coalesce_within=timedelta(seconds=settings.SEARCH_RETRY_MAX_SECONDS),
    )


def retry_delay(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s, … at most SEARCH_RETRY_MAX_SECONDS."""
    seconds = settings.SEARCH_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.SEARCH_RETRY_MAX_SECONDS))


def _claim(limit: int) -> list[SearchOutbox]:
    """Take up to `limit` due rows for this drain (held for LEASE_SECONDS), in a fixed
    number of queries."""
    now = timezone.now()
    # A lease unique to this drain (a random microsecond offset): the rows carrying it are ours.
    lease_end = now + timedelta(seconds=LEASE_SECONDS, microseconds=random.randrange(1_000_000))
    due = SearchOutbox.objects.due(now)
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            rows = list(due.select_for_update(skip_locked=True)[:limit])
            SearchOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(
                next_attempt_at=lease_end
            )
        return rows
    # Compare-and-set: only rows still due get the lease, whichever drain wrote first.
    candidates = list(due.values_list("pk", flat=True)[:limit])
    SearchOutbox.objects.due(now).filter(pk__in=candidates).update(next_attempt_at=lease_end)
    return list(SearchOutbox.objects.filter(pk__in=candidates, next_attempt_at=lease_end))


def _snapshot():
    """A transaction whose reads all see one moment (REPEATABLE READ on PostgreSQL; SQLite's
    transactions are serializable): an object and its version are read together."""
    atomic = transaction.atomic()
    outermost = not connection.in_atomic_block
    atomic.__enter__()
    if outermost and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    return atomic


def _documents_of(keys: list[str]) -> dict[str, object]:
    """The current document of each key (missing: it must not be in the index), read per
    source with a fixed number of queries (`Source.documents_for`) where the source offers
    it, object by object otherwise."""
    by_source: dict[str, list[int]] = {}
    for key in keys:
        label, _separator, pk = key.partition(":")
        if registry.source_for_key(key) is not None and pk.isdigit():
            by_source.setdefault(label, []).append(int(pk))
    found = {}
    for label, pks in by_source.items():
        source = registry.source_for_key(f"{label}:")
        if source.documents_for is not None:
            documents = source.documents_for(pks)
        else:
            documents = (source.document(pk) for pk in pks)
        found.update({document.key: document for document in documents if document is not None})
    return found


def documents_with_versions(keys: list[str]):
    """(documents to index, keys to remove, version of each key), read in one snapshot."""
    atomic = _snapshot()
    try:
        versions = dict(SearchVersion.objects.filter(key__in=keys).values_list("key", "version"))
        found = _documents_of(keys)
    finally:
        atomic.__exit__(None, None, None)
    documents = [found[key] for key in keys if key in found]
    removed = [key for key in keys if key not in found]
    return documents, removed, {key: versions.get(key, 0) for key in keys}


def _apply(keys: list[str]) -> str:
    """Write the current state of `keys` to every engine; returns an error or ""."""
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine

    documents, removed, versions = documents_with_versions(keys)
    # Once, for both engines.
    options = DatabaseEngine.analysis_options(elasticsearch=bool(settings.ELASTICSEARCH_URL))
    analysed = analyse_all(documents, **options)
    DatabaseEngine().index(analysed, versions=versions)
    DatabaseEngine().remove(removed, versions=versions)
    if not settings.ELASTICSEARCH_URL:
        return ""
    try:
        engine = ElasticsearchEngine()
        engine.index(analysed, versions=versions)
        engine.remove(removed, versions=versions)
    except SearchEngineUnavailable as problem:
        return str(problem)[:500] or problem.__class__.__name__
    return ""


def outbox_drain(*, batch_size: int = BATCH_SIZE) -> dict:
    """Apply due changes; returns counts. Safe to run concurrently and twice."""
    applied = failed = 0
    while True:
        rows = _claim(batch_size)
        if not rows:
            break
        # Each object is read again now, so the latest state wins whatever the actions were.
        error = _apply(sorted({row.key for row in rows}))
        if error:
            now = timezone.now()
            for attempts in {row.attempts for row in rows}:
                SearchOutbox.objects.filter(
                    pk__in=[row.pk for row in rows if row.attempts == attempts]
                ).update(
                    attempts=attempts + 1,
                    last_error=error,
                    next_attempt_at=now + retry_delay(attempts + 1),
                )
            # The rest waits too: the engine is not answering (or its index is missing).
            SearchOutbox.objects.due(now).update(next_attempt_at=now + retry_delay(1))
            failed += len(rows)
            logger.warning("Search outbox: %s changes wait for Elasticsearch: %s", len(rows), error)
            break
        SearchOutbox.objects.filter(pk__in=[row.pk for row in rows]).update(
            done_at=timezone.now(), last_error="", next_attempt_at=None
        )
        applied += len(rows)
    _schedule_next_attempt()
    return {"applied": applied, "failed": failed}


def _schedule_next_attempt() -> None:
    next_attempt = (
        SearchOutbox.objects.pending()
        .filter(next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if next_attempt is not None:
        schedule_drain(run_after=max(next_attempt, timezone.now()))


def outbox_prune(*, older_than_days: int = 7) -> int:
    cutoff = timezone.now() - timezone.timedelta(days=older_than_days)
    deleted, _ = SearchOutbox.objects.filter(done_at__lt=cutoff).delete()
    return deleted
