"""Whole-index operations behind the management commands: rebuild and check."""

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search import registry
from search.documents import SearchDocument
from search.engines.base import SearchEngineUnavailable
from search.engines.database import DatabaseEngine
from search.fingerprint import content_hash
from search.models import SearchEntry, SearchOutbox, SearchVersion


def all_documents() -> list[SearchDocument]:
    return [document for source in registry.sources() for document in source.documents()]


def progress_printer(stream=None, *, label: str) -> Callable[[int, int], None]:
    """A text progress bar: redrawn in place on a terminal, a line per tenth elsewhere."""
    stream = stream or sys.stdout
    interactive = hasattr(stream, "isatty") and stream.isatty()
    last_tenth = [-1]

    def report(done: int, total: int) -> None:
        total = max(total, 1)
        if interactive:
            width = 30
            filled = int(width * done / total)
            stream.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                stream.write("\n")
            stream.flush()
        else:
            tenth = done * 10 // total
            if tenth != last_tenth[0] or done >= total:
                last_tenth[0] = tenth
                stream.write(f"{label}: {done}/{total}\n")

    return report


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def rebuild(*, progress: Callable[[int, int], None] | None = None, chunk_size: int = 200) -> dict:
    """Rebuild every engine from the content. Elasticsearch gets a new versioned index that
    replaces the old one by an atomic alias switch, so searches never see a half-full index;
    the database engine is replaced in one transaction. It is also how a deleted index comes
    back: writes never create one (search.engines.elasticsearch.SearchIndexMissing)."""
    started = timezone.now()
    documents, versions = _documents_and_versions()
    total = len(documents)
    report = progress or (lambda done, total: None)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        engine = DatabaseEngine()
        for done, chunk in enumerate(_chunks(documents, chunk_size), start=1):
            engine.index(chunk, versions=versions)
            report(min(done * chunk_size, total), total)
    result = {"documents": total, "elasticsearch": None}
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine

        es = ElasticsearchEngine(timeout=60)
        new_index = es.create_index()
        for done, chunk in enumerate(_chunks(documents, chunk_size), start=1):
            es.index(chunk, target=new_index, versions=versions)
            report(min(done * chunk_size, total), total)
        es.client.indices.refresh(index=new_index)
        old_index = es.switch_alias(new_index)
        if old_index is not None:
            es.client.indices.delete(index=old_index)
        result["elasticsearch"] = new_index
    # Changes queued before the rebuild started are in it now.
    SearchOutbox.objects.pending().filter(created_at__lt=started).update(done_at=timezone.now())
    # Those made meanwhile (and any waiting for the missing index) go to the new index now.
    SearchOutbox.objects.pending().update(next_attempt_at=None)
    return result


def _documents_and_versions() -> tuple[list[SearchDocument], dict[str, int]]:
    """Every document and the versions of their objects, read in one snapshot."""
    from search.outbox import _snapshot

    atomic = _snapshot()
    try:
        documents = all_documents()
        versions = dict(SearchVersion.objects.values_list("key", "version"))
    finally:
        atomic.__exit__(None, None, None)
    return documents, {document.key: versions.get(document.key, 0) for document in documents}


@dataclass
class Drift:
    engine: str
    missing: list[str] = field(default_factory=list)  # in the content, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not in the content
    stale: list[str] = field(default_factory=list)  # in both, but the content differs

    @property
    def is_clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def _drift(engine_name: str, expected: dict[str, str], indexed: dict[str, str]) -> Drift:
    """Compare content hashes (search.fingerprint) key by key."""
    drift = Drift(engine_name)
    drift.missing = sorted(set(expected) - set(indexed))
    drift.extra = sorted(set(indexed) - set(expected))
    drift.stale = sorted(
        key for key in set(expected) & set(indexed) if expected[key] != indexed[key]
    )
    return drift


def check() -> list[Drift]:
    """Compare the content with each engine's index, document by document, by content hash:
    a document whose title, text, address, audiences or facets differ is "stale".

    Raises SearchIndexMissing when the Elasticsearch alias points nowhere."""
    expected = {document.key: content_hash(document) for document in all_documents()}
    database = dict(SearchEntry.objects.values_list("key", "content_hash"))
    drifts = [_drift("database", expected, database)]
    if settings.ELASTICSEARCH_URL:
        from elasticsearch.helpers import scan

        from search.engines.elasticsearch import (
            ENGINE_ERRORS,
            ElasticsearchEngine,
            SearchIndexMissing,
            alias_name,
        )

        es = ElasticsearchEngine(timeout=60)
        if not es.alias_exists():
            raise SearchIndexMissing(f"The alias {alias_name()} points to no index.")
        try:
            indexed = {
                hit["_id"]: hit["_source"].get("content_hash", "")
                for hit in scan(es.client, index=alias_name(), _source=["content_hash"])
            }
        except ENGINE_ERRORS as error:
            raise SearchEngineUnavailable(str(error)) from error
        drifts.append(_drift("elasticsearch", expected, indexed))
    return drifts


def repair(drifts: list[Drift]) -> None:
    """Queue what is missing or stale for indexing and what is extra for removal, then apply."""
    from search.outbox import outbox_add, outbox_drain

    with transaction.atomic():
        outbox_add({key for drift in drifts for key in drift.missing + drift.stale})
        outbox_add(
            {key for drift in drifts for key in drift.extra}, action=SearchOutbox.Action.REMOVE
        )
    SearchOutbox.objects.pending().update(next_attempt_at=None)
    outbox_drain()
