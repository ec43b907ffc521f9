"""Whole-index operations behind the management commands: rebuild and check."""

import gc
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import page_cache
from search import registry
from search.analysis import lexicon
from search.documents import SearchDocument
from search.engines.base import AnalysedDocument, SearchEngineUnavailable, analyse, analyse_all
from search.engines.database import (
    DatabaseEngine,
    VocabularyChanges,
    add_to_vocabulary,
)
from search.fingerprint import content_hash
from search.models import SearchEntry, SearchOutbox, SearchVersion


def all_documents() -> Iterator[SearchDocument]:
    """Every document, source by source (each source reads its objects in batches)."""
    for source in registry.sources():
        yield from source.documents()


def progress_printer(stream=None, *, label: str) -> Callable[[int, int], None]:
    """A text progress bar: redrawn in place on a terminal, a line per tenth elsewhere.
    `total` may be 0 when unknown (then only the count is shown)."""
    stream = stream or sys.stdout
    interactive = hasattr(stream, "isatty") and stream.isatty()
    last_tenth = [-1]

    def report(done: int, total: int) -> None:
        if interactive:
            if total:
                width = 30
                filled = min(int(width * done / total), width)
                bar = f" [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            else:
                bar = f" {done}"
            stream.write(f"\r{label}{bar}")
            if total and done >= total:
                stream.write("\n")
            stream.flush()
        else:
            tenth = done * 10 // max(total, 1)
            if tenth != last_tenth[0] or (total and done >= total):
                last_tenth[0] = tenth
                stream.write(f"{label}: {done}/{total}\n")

    return report


def batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _versions(keys: list[str]) -> dict[str, int]:
    stored = dict(SearchVersion.objects.filter(key__in=keys).values_list("key", "version"))
    return {key: stored.get(key, 0) for key in keys}


def _analysed_texts(documents: list[SearchDocument], options: dict[str, bool]) -> list[tuple]:
    """(analysed fields, content hash, vocabulary words, SQLite's lemmas and words columns or
    None) of each document, `analyse`d with `options`: what a pool process sends back (not
    the documents again: this process still has them). Counting the vocabulary words here
    leaves this process only the reading and the writing; they travel as one string
    (pickled far faster than a tuple of words)."""
    return [
        (
            analysed.fields,
            analysed.content_hash,
            " ".join(analysed.vocabulary),
            analysed.distinct_terms,
        )
        for analysed in (analyse(document, **options) for document in documents)
    ]


def _versioned(
    batches: Iterable[list[SearchDocument]], seen: set[str], *, skip_unchanged: bool
) -> Iterator[tuple[list[SearchDocument], dict[str, int]]]:
    """(documents, versions) per batch, every key added to `seen`. With `skip_unchanged`,
    the documents whose entry is stored with the same content hash and version are left
    out before they are analysed (DatabaseEngine would keep their entries anyway); a batch
    left empty is not given."""
    for batch in batches:
        versions = _versions([document.key for document in batch])
        seen.update(versions)
        if skip_unchanged:
            rows = SearchEntry.objects.filter(key__in=sorted(versions))
            stored = {
                key: (digest, version)
                for key, digest, version in rows.values_list("key", "content_hash", "version")
            }
            batch = [
                document
                for document in batch
                if document.key not in stored
                or stored[document.key] != (content_hash(document), versions[document.key])
            ]
        if batch:
            yield batch, versions


def _analysed_batches(
    batches: Iterable[tuple[list[SearchDocument], dict[str, int]]],
    workers: int,
    options: dict[str, bool],
):
    """(analysed documents, versions) per (documents, versions) batch, `analyse`d with
    `options` (what the engines written take). `workers` counts the
    processes in all: with more than one, this process reads the batches from the database
    and writes the analysed ones while `workers - 1` forked processes analyse them (forked
    after the lexicon is loaded, so they share it). On two cores that is two busy processes,
    not three: a third would only take turns with them and analyse each word once more in
    its own cache. At most two batches per analysing process wait, so memory stays flat."""
    if workers <= 1:
        for batch, versions in batches:
            yield analyse_all(batch, **options), versions
        return
    lexicon()  # load once, before forking
    context = multiprocessing.get_context("fork")
    analysing = workers - 1
    with ProcessPoolExecutor(max_workers=analysing, mp_context=context) as pool:
        pending = deque()

        def finished():
            batch, future, versions = pending.popleft()
            analysed = [
                AnalysedDocument(document, fields, digest, dict.fromkeys(words.split()), once)
                for document, (fields, digest, words, once) in zip(
                    batch, future.result(), strict=True
                )
            ]
            return analysed, versions

        for batch, versions in batches:
            pending.append((batch, pool.submit(_analysed_texts, batch, options), versions))
            while len(pending) > 2 * analysing:
                yield finished()
        while pending:
            yield finished()


# Vocabulary changes (distinct (audience, word) pairs) a rebuild keeps before writing them.
VOCABULARY_FLUSH = 200_000

# Allocations of container objects between two collections of the youngest generation during
# a rebuild (Python's default: 700).
REBUILD_GC_THRESHOLD = 20_000


@contextmanager
def _fewer_collections():
    """Python's cyclic garbage collector made to run less during a rebuild: what exists when
    it starts (Django, the lexicon, the analysis caches) is frozen out of its passes
    (`gc.freeze`), and the youngest generation is collected every REBUILD_GC_THRESHOLD
    allocations instead of every 700. A rebuild creates millions of short-lived lists, tuples
    and strings, almost no reference cycles: its collections cost 0.26 s of CPU in a 10k
    build (full passes walking the lexicon and the caches), 0.04 s so; peak memory the same.
    Everything is restored afterwards, and nothing frozen by the caller is unfrozen."""
    thresholds = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(REBUILD_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


def rebuild(
    *,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = 200,
    workers: int = 1,
    total: int = 0,
    rewrite: bool = False,
) -> dict:
    """Rebuild every engine from the content, streaming: documents are read, analysed (once
    for both engines) and written `batch_size` at a time, so memory does not grow with the
    corpus and no write transaction lasts longer than one batch (the site keeps answering,
    also on SQLite). Elasticsearch gets a new versioned index (bulk helpers) that replaces
    the old one by an atomic alias switch, so searches never see a half-full index; the
    database engine replaces its entries batch by batch (each entry as a whole, with the
    version read with it) and removes, at the end, the entries no source gave any more. It
    keeps an entry whose content hash (text, facets, audiences and the analysis's
    fingerprint: search.fingerprint) and version are the stored ones, without Elasticsearch
    not even analysing its document; `rewrite` rewrites every entry all the same (a repair
    of what the hash does not see, e.g. a damaged full-text index). It is also how a
    deleted index comes back: writes never create one
    (search.engines.elasticsearch.SearchIndexMissing).

    The typo vocabulary's changes are counted over many batches and written together (at
    most VOCABULARY_FLUSH pairs wait; each word is upserted once per flush instead of once
    per batch); they are counts to add, so changes written meanwhile by the outbox stay
    right. When it has finished, cached pages and search results are forgotten. Python's
    garbage collector runs less meanwhile (`_fewer_collections`)."""
    with _fewer_collections():
        return _rebuild(
            progress=progress,
            batch_size=batch_size,
            workers=workers,
            total=total,
            rewrite=rewrite,
        )


def _rebuild(
    *,
    progress: Callable[[int, int], None] | None,
    batch_size: int,
    workers: int,
    total: int,
    rewrite: bool,
) -> dict:
    started = timezone.now()
    report = progress or (lambda done, total: None)
    total = total or SearchEntry.objects.count()  # the size of the index being replaced
    database = DatabaseEngine()
    es = new_index = None
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine

        es = ElasticsearchEngine(timeout=60)
        new_index = es.create_index()
    database.prepare_rebuild()
    seen: set[str] = set()
    vocabulary = VocabularyChanges()
    # Elasticsearch gets a new index: every document analysed. Else those whose entry is
    # already the same are not even analysed (into an empty index, nothing to look up).
    skip_unchanged = es is None and not rewrite and SearchEntry.objects.exists()
    batches = _versioned(batched(all_documents(), batch_size), seen, skip_unchanged=skip_unchanged)
    options = database.analysis_options(elasticsearch=es is not None)
    for analysed, versions in _analysed_batches(batches, workers, options):
        database.index(analysed, versions=versions, vocabulary=vocabulary, rewrite=rewrite)
        if len(vocabulary) > VOCABULARY_FLUSH:
            with transaction.atomic():
                add_to_vocabulary(vocabulary)
            vocabulary = VocabularyChanges()
        if es is not None:
            es.index(analysed, target=new_index, versions=versions)
        report(len(seen), max(total, len(seen)))
    done = len(seen)
    report(done, max(total, done))
    with transaction.atomic():
        add_to_vocabulary(vocabulary)
    # Entries written meanwhile by the outbox are newer than the rebuild: they stay.
    database.remove_except(seen, older_than=started)
    # SQLite: the index in one segment, without the replaced entries; PostgreSQL: the GIN
    # pending lists merged and the search tables analysed.
    database.compact()
    result = {"documents": done, "elasticsearch": None}
    if es is not None:
        es.client.indices.refresh(index=new_index)
        old_index = es.switch_alias(new_index)
        if old_index is not None:
            es.client.indices.delete(index=old_index)
        result["elasticsearch"] = new_index
    # Changes queued before the rebuild started are in it now.
    SearchOutbox.objects.pending().filter(created_at__lt=started).update(done_at=timezone.now())
    # Those made meanwhile (and any waiting for the missing index) go to the new index now.
    SearchOutbox.objects.pending().update(next_attempt_at=None)
    # Cached anonymous pages and search results may show the old index.
    page_cache.invalidate()
    return result


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
