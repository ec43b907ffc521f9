"""Whole-index operations behind the management commands: rebuild and check."""

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from search import registry
from search.documents import SearchDocument
from search.engines.database import DatabaseEngine
from search.models import SearchEntry, SearchOutbox


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
    the database engine is replaced in one transaction."""
    started = timezone.now()
    documents = all_documents()
    total = len(documents)
    report = progress or (lambda done, total: None)
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        engine = DatabaseEngine()
        for done, chunk in enumerate(_chunks(documents, chunk_size), start=1):
            engine.index(chunk)
            report(min(done * chunk_size, total), total)
    result = {"documents": total, "elasticsearch": None}
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine

        es = ElasticsearchEngine(timeout=60)
        new_index = es.create_index()
        for done, chunk in enumerate(_chunks(documents, chunk_size), start=1):
            es.index(chunk, target=new_index)
            report(min(done * chunk_size, total), total)
        es.client.indices.refresh(index=new_index)
        old_index = es.switch_alias(new_index)
        if old_index is not None:
            es.client.indices.delete(index=old_index)
        result["elasticsearch"] = new_index
    # Changes queued before the rebuild started are in it now.
    SearchOutbox.objects.pending().filter(created_at__lt=started).update(done_at=timezone.now())
    return result


@dataclass
class Drift:
    engine: str
    missing: list[str] = field(default_factory=list)  # in the content, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not in the content
    stale: list[str] = field(default_factory=list)  # in both, but title or address differ

    @property
    def is_clean(self) -> bool:
        return not (self.missing or self.extra or self.stale)


def _drift(
    engine_name: str, expected: dict[str, SearchDocument], indexed: dict[str, tuple]
) -> Drift:
    drift = Drift(engine_name)
    drift.missing = sorted(set(expected) - set(indexed))
    drift.extra = sorted(set(indexed) - set(expected))
    drift.stale = sorted(
        key
        for key in set(expected) & set(indexed)
        if (expected[key].title[:500], expected[key].url[:500]) != indexed[key]
    )
    return drift


def check() -> list[Drift]:
    """Compare the content with each engine's index."""
    expected = {document.key: document for document in all_documents()}
    database = {
        key: (title, url)
        for key, title, url in SearchEntry.objects.values_list("key", "title", "url")
    }
    drifts = [_drift("database", expected, database)]
    if settings.ELASTICSEARCH_URL:
        from elasticsearch.helpers import scan

        from search.engines.elasticsearch import ElasticsearchEngine, alias_name

        es = ElasticsearchEngine(timeout=60)
        es.ensure_index()
        indexed = {
            hit["_id"]: (hit["_source"].get("title", ""), hit["_source"].get("url", ""))
            for hit in scan(es.client, index=alias_name(), _source=["title", "url"])
        }
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
    outbox_drain()
