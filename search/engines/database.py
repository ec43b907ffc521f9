"""The database engine: the embedded default, on SQLite or PostgreSQL.

Text is analysed in Python (search.analysis) and stored as space-separated terms in
`SearchEntry`; the database keeps a real full-text index over those terms (migration
search.0005): an FTS5 table on SQLite, generated `tsvector` columns ('simple' configuration)
with GIN indexes on PostgreSQL, chosen by the connection's vendor. The database stems and
folds nothing, so Czech behaves exactly as on Elasticsearch. Audiences and facets are rows
of `SearchEntryFacet`; the typo vocabulary is `SearchWord`, kept by every write.

A search runs a fixed number of statements, each driven by the full-text index (its
candidates are the entries the index finds for the query's words; audience and filters are
probes of the facet index per candidate): the page (on SQLite read score level by score
level from the FTS5 table; else from the title matches when no other candidate can
outrank them, else a second statement scoring every candidate), the
total with the facets, and one vocabulary lookup when a word is typo-tolerant. See
docs/SEARCH.md, "How a database search runs".
"""

import datetime as dt
import difflib
import heapq
import math
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

from search.analysis import MAX_WORD_LENGTH
from search.documents import FACETS, SearchDocument
from search.engines.base import (
    FIELD_WEIGHTS,
    FUZZY_WEIGHT,
    LEMMA_FIELD,
    PREFIX_WEIGHT,
    AnalysedDocument,
    SearchEngine,
    SearchResults,
    analyse,
    as_written,
    make_hit,
    term_lemmas,
    term_stems,
    uses_fuzzy,
    uses_prefix,
)
from search.models import AUDIENCE, SearchEntry, SearchEntryFacet, SearchWord
from search.query import SearchQuery, Term

FTS_TABLE = "search_entry_fts"  # SQLite (migration search.0005)
_ENTRY = SearchEntry._meta.db_table
_FACET = SearchEntryFacet._meta.db_table
TSV_SUFFIX = "_tsv"  # PostgreSQL: the generated tsvector column of each analysed field
MIN_VOCABULARY_WORD = 4
WRITE_BATCH = 200  # documents per write transaction
# Pages (4 kB) of the full-text index one step of `DatabaseEngine.compact` writes.
FTS_MERGE_PAGES = 1000
# SQLite, while a rebuild writes: FTS5 keeps a transaction's terms in memory (`hashsize`, 1 MB
# by default) and writes them as a new segment when it ends or the memory is full; segments of
# a level merge into one of the next level when `automerge` (4) of them are there, at once at
# `crisismerge` (16). A batch of 200 entries (about 1.5 MB of analysed text) now becomes one
# segment and sixteen merge at once: fewer, larger merges, and `compact` merges all at the end.
FTS_REBUILD_SETTINGS = {"hashsize": 8 * 1024 * 1024, "automerge": 16, "crisismerge": 32}
FTS_SETTINGS = {"hashsize": 1024 * 1024, "automerge": 4, "crisismerge": 16}  # FTS5's defaults
_ENTRY_TABLE = SearchEntry._meta.db_table
_FACET_TABLE = SearchEntryFacet._meta.db_table
_WORD_TABLE = SearchWord._meta.db_table
# PostgreSQL: the tables a rebuild rewrites, analysed after it (search_entry_terms: search.0007).
_ANALYSED_TABLES = (_ENTRY_TABLE, _FACET_TABLE, _WORD_TABLE, "search_entry_terms")


# --- full-text expressions ---------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """Entries whose analysed `fields` contain any of `phrases` (token sequences; a one-token
    phrase is a word) or, with `prefix`, a token starting with the one-token phrase."""

    fields: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    prefix: bool = False


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Match | AnyOf | AllOf", ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple["Match | AnyOf | AllOf", ...]


def _fts5_token(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _fts5(node) -> str:
    """An FTS5 MATCH expression (every token quoted: user input is never syntax)."""
    if isinstance(node, Match):
        if node.prefix:
            inner = _fts5_token(node.phrases[0][0]) + "*"
        else:
            inner = " OR ".join(_fts5_token(" ".join(phrase)) for phrase in node.phrases)
        return "{" + " ".join(node.fields) + "} : (" + inner + ")"
    parts = node.parts
    if isinstance(node, AnyOf):
        parts = _merged_fields(parts)
    joiner = " OR " if isinstance(node, AnyOf) else " AND "
    return "(" + joiner.join(_fts5(part) for part in parts) + ")"


def _merged_fields(parts) -> tuple:
    """The alternatives `parts` with the matches of the same phrases in several fields
    merged into one match of a column set (`{title_terms body_terms} : …`): FTS5 then reads
    each phrase's postings once, where an OR of one match per field reads them per field."""
    merged: dict[tuple, list[str]] = {}
    for part in parts:
        if isinstance(part, Match):
            merged.setdefault((part.phrases, part.prefix), []).extend(part.fields)
    out, done = [], set()
    for part in parts:
        if not isinstance(part, Match):
            out.append(part)
        elif (key := (part.phrases, part.prefix)) not in done:
            done.add(key)
            out.append(Match(tuple(dict.fromkeys(merged[key])), *key))
    return tuple(out)


def _tsquery_token(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(match: Match) -> str:
    if match.prefix:
        return _tsquery_token(match.phrases[0][0]) + ":*"
    return " | ".join(
        "(" + " <-> ".join(_tsquery_token(token) for token in phrase) + ")"
        for phrase in match.phrases
    )


def _postgresql(node, alias: str = "") -> tuple[str, list]:
    """A WHERE condition on the generated tsvector columns (of the table `alias`), and its
    parameters."""
    prefix = f"{alias}." if alias else ""
    if isinstance(node, Match):
        query = _tsquery(node)
        sql = " OR ".join(
            f"{prefix}{field}{TSV_SUFFIX} @@ to_tsquery('simple'::regconfig, %s)"
            for field in node.fields
        )
        return f"({sql})", [query] * len(node.fields)
    parts = [_postgresql(part, alias) for part in node.parts]
    joiner = " OR " if isinstance(node, AnyOf) else " AND "
    return (
        "(" + joiner.join(sql for sql, _params in parts) + ")",
        [param for _sql, params in parts for param in params],
    )


# PostgreSQL: the candidates carry their tsvector columns, so that the conditions of the
# score are tested on each candidate's own row.
_TSV_COLUMNS = ", ".join(f"{field}{TSV_SUFFIX}" for field in (*FIELD_WEIGHTS, LEMMA_FIELD, "words"))


def _match_rows(node) -> tuple[str, list]:
    """A statement selecting the ids of the entries the full-text index finds for `node`
    (one index lookup: the FTS5 table on SQLite, the GIN indexes on PostgreSQL)."""
    if connection.vendor == "postgresql":
        where, params = _postgresql(node)
        return f"SELECT id, {_TSV_COLUMNS} FROM {_ENTRY} WHERE {where}", params
    if connection.vendor == "sqlite":
        return f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [_fts5(node)]
    raise NotImplementedError(f"No full-text index for {connection.vendor}.")


def _in_match(column: str, node) -> tuple[str, list]:
    """The entry `column` (`alias.id`) matches `node`. SQLite: `column IN (<FTS5 lookup>)`,
    which it runs once per statement into a temporary b-tree and probes per candidate.
    PostgreSQL: the tsvector columns of the row `alias` (candidates carry theirs) tested
    with `@@`: a hashed subplan would read every entry matching the condition, however few
    candidates need it."""
    if connection.vendor == "postgresql":
        return _postgresql(node, column.split(".")[0])
    sql, params = _match_rows(node)
    return f"{column} IN ({sql})", params


def _has_facet(column: str, name: str, values: Iterable[str]) -> tuple[str, list]:
    """The entry `column` has a facet row `name` with one of `values` (one probe of the
    unique (entry, name, value) index per candidate)."""
    values = sorted(values)
    return (
        f"EXISTS (SELECT 1 FROM {_FACET} WHERE {_FACET}.entry_id = {column} "
        f"AND {_FACET}.name = %s AND {_FACET}.value IN ({', '.join(['%s'] * len(values))}))",
        [name, *values],
    )


def _phrases(*groups: Iterable) -> tuple[tuple[str, ...], ...]:
    found = []
    for group in groups:
        for item in group:
            phrase = (item,) if isinstance(item, str) else tuple(item)
            if phrase and all(phrase) and phrase not in found:
                found.append(phrase)
    return tuple(found)


def _length_window(length: int, cutoff: float) -> tuple[int, int]:
    """The lengths a word may have to reach difflib's `cutoff` ratio with a word of `length`
    letters (ratio = 2·matches / (a + b) ≤ 2·min(a, b) / (a + b))."""
    low = int(length * cutoff / (2 - cutoff))
    high = int(length * (2 - cutoff) / cutoff) + 1
    return max(low, MIN_VOCABULARY_WORD), min(high, MAX_WORD_LENGTH)


class VocabularyChanges:
    """Changes to the typo vocabulary (documents per (audience, word)) gathered over one or
    more batches and written to `SearchWord` by `add_to_vocabulary`. Counted per audience
    with `Counter.update` over each entry's distinct words (no pair per word and audience)."""

    def __init__(self):
        self._added: dict[str, Counter] = {}
        self._removed: dict[str, Counter] = {}

    def count(self, words: Iterable[str], audiences: Iterable[str], step: int) -> None:
        """Count the distinct words of one entry in (step 1) or out (step -1); words too
        short or too long for the vocabulary are left out when the changes are written."""
        counters = self._added if step > 0 else self._removed
        for audience in audiences:
            # An iterator: `Counter.update` would add the values of a dict of words.
            counters.setdefault(audience[:120], Counter()).update(iter(words))

    def __len__(self) -> int:
        return sum(map(len, self._added.values())) + sum(map(len, self._removed.values()))

    def rows(self) -> list[tuple[str, str, int]]:
        """(word, audience, change) of every pair that changed, sorted."""
        rows = []
        for audience in sorted(set(self._added) | set(self._removed)):
            added = self._added.get(audience, Counter())
            removed = self._removed.get(audience, Counter())
            for word in sorted(set(added) | set(removed)):
                change = added[word] - removed[word]
                if change and MIN_VOCABULARY_WORD <= len(word) <= MAX_WORD_LENGTH:
                    rows.append((word, audience, change))
        return rows


def _max_query_params() -> int:
    """Parameters one statement may carry: SQLite's own limit (32,766 since 3.32; Django
    assumes 999), PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


def _insert(cursor, table: str, columns: tuple[str, ...], rows: list[tuple], returning=""):
    """A multi-row INSERT per chunk of rows that fits the parameter limit (one chunk for a
    WRITE_BATCH of entries or facets); returns the RETURNING rows."""
    size = max(_max_query_params() // len(columns), 1)
    marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
    names = ", ".join(columns)
    returned = []
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(chunk))}"
            + (f" RETURNING {returning}" if returning else ""),
            [value for row in chunk for value in row],
        )
        if returning:
            returned += cursor.fetchall()
    return returned


def _set_versions(versions: dict[int, int]) -> None:
    """Set the version (and the time written) of entries by id, in one UPDATE per chunk."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    items = sorted(versions.items())
    size = max((_max_query_params() - 1) // 3, 1)
    with connection.cursor() as cursor:
        for start in range(0, len(items), size):
            chunk = items[start : start + size]
            cases = " ".join(["WHEN %s THEN %s"] * len(chunk))
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {_ENTRY_TABLE} SET version = CASE id {cases} END, updated_at = %s "
                f"WHERE id IN ({marks})",
                [*(value for item in chunk for value in item), now, *(pk for pk, _ in chunk)],
            )


def _copy(cursor, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """PostgreSQL: `rows` in by one COPY (psycopg formats each row in C; a multi-row INSERT's
    placeholders, 3,400 for a WRITE_BATCH of entries, are each parsed and adapted in Python:
    about a third of a rebuild's client CPU). The driver's own cursor runs it, so it goes into
    Django's query log here (statement counts stay honest)."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    started = time.monotonic()
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
    if connection.queries_logged:
        duration = time.monotonic() - started
        connection.queries_log.append(
            {"sql": f"{sql} ({len(rows)} rows)", "time": f"{duration:.3f}"}
        )


_ENTRY_COLUMNS = (
    *("key", "kind", "title", "url", "summary", "body", "date", "place"),
    *("title_terms", "summary_terms", "body_terms", "lemmas", "words"),
    *("audiences", "version", "content_hash", "updated_at"),
)
_WORDS_COLUMN = _ENTRY_COLUMNS.index("words")


def _distinct_terms(analysed: AnalysedDocument) -> tuple[str, str]:
    """SQLite's `lemmas` and `words` columns: each distinct lemma and folded word of the
    document once, in the order first seen (`AnalysedDocument.distinct_terms`). No query
    reads a position or a frequency in those columns: they are matched by single tokens
    (a lemma, a close word) or a prefix of one, never by a phrase across two of them, and
    nothing ranks by FTS5's bm25() (the score is the weight of the conditions that hold);
    a lemma FTS5 splits ("rakousko-uherský") keeps its tokens together. On the bench corpus
    31 % fewer lemma and 23 % fewer folded-word tokens for FTS5 to index (docs/SEARCH.md)."""
    if analysed.distinct_terms is not None:
        return analysed.distinct_terms
    fields = analysed.fields
    return tuple(" ".join(dict.fromkeys(fields[name].split())) for name in (LEMMA_FIELD, "words"))


def _update_in_place(cursor, updates: list[tuple]) -> None:
    """SQLite: replace changed entries in place (`updates`: the values of _ENTRY_COLUMNS but
    the key, then the id), their facets deleted for the caller to insert again; one UPDATE …
    FROM a VALUES list per chunk of rows that fits the parameter limit, in the order of the
    ids. The update trigger (migration search.0011) hands FTS5 the old and the new terms of
    the same row one after the other, which FTS5 keeps as one entry per term and row (the old
    one's deletion and the new positions); a DELETE and an INSERT under a new id leave a
    deletion marker and a new entry for each term, twice the entries for the merges to read
    and write, and free the row's pages and its index entries to take them again
    (docs/benchmarks.md, "SQLite rebuild, session 8 (storage)"). One statement, not one per
    row (`executemany`): FTS5 writes the terms it holds as a new segment at the start of each
    statement that changes it (its savepoint), so 200 statements made 200 tiny segments per
    batch, and their merges cost more than the rewrite saved."""
    columns = _ENTRY_COLUMNS[1:]
    assignments = ", ".join(f"{column} = v.{column}" for column in columns)
    marks = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    updates = sorted(updates, key=lambda row: row[-1])
    ids = [row[-1] for row in updates]
    cursor.execute(
        f"DELETE FROM {_FACET_TABLE} WHERE entry_id IN ({', '.join(['%s'] * len(ids))})", ids
    )
    size = max(_max_query_params() // (len(columns) + 1), 1)
    for start in range(0, len(updates), size):
        chunk = updates[start : start + size]
        cursor.execute(
            f"WITH v({', '.join(columns)}, id) AS (VALUES {', '.join([marks] * len(chunk))}) "
            f"UPDATE {_ENTRY_TABLE} SET {assignments} FROM v WHERE {_ENTRY_TABLE}.id = v.id",
            [value for row in chunk for value in row],
        )


def documents_with_words(words: Iterable[str], audiences: Iterable[str]) -> dict[str, int]:
    """For each of `words` (folded, as the typo vocabulary keeps them) that the vocabulary
    has, how many entries readable by `audiences` contain it at most (the counts of the
    audiences added up): one query."""
    counts: dict[str, int] = {}
    rows = SearchWord.objects.filter(
        word__in=sorted(set(words)), audience__in=sorted(audiences), documents__gt=0
    ).values_list("word", "documents")
    for word, documents in rows:
        counts[word] = counts.get(word, 0) + documents
    return counts


def add_to_vocabulary(changes: VocabularyChanges) -> None:
    """Add the counted changes to `SearchWord` (an upsert per chunk of words)."""
    rows = changes.rows()
    if not rows:
        return
    table = _WORD_TABLE
    if connection.vendor == "postgresql":
        # The changes COPYed into a temporary table, one upsert from it, the table dropped
        # (a caller's transaction may write the vocabulary again).
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE search_word_changes "
                "(word text, audience text, documents integer)"
            )
            _copy(cursor, "search_word_changes", ("word", "audience", "documents"), rows)
            cursor.execute(
                f"INSERT INTO {table} (word, audience, documents) "
                "SELECT word, audience, documents FROM search_word_changes "
                "ON CONFLICT (audience, word) DO UPDATE "
                f"SET documents = {table}.documents + excluded.documents"
            )
            cursor.execute("DROP TABLE search_word_changes")
        return
    size = max(_max_query_params() // 3, 1)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                f"INSERT INTO {table} (word, audience, documents) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(chunk))
                + " ON CONFLICT (audience, word) DO UPDATE "
                f"SET documents = {table}.documents + excluded.documents",
                [value for row in chunk for value in row],
            )


class DatabaseEngine(SearchEngine):
    name = "database"

    def __init__(self):
        self._typo_memo: dict = {}

    # --- writes ----------------------------------------------------------------------------

    def index(
        self,
        documents: Iterable[SearchDocument | AnalysedDocument],
        *,
        versions: dict[str, int] | None = None,
        vocabulary: VocabularyChanges | None = None,
        rewrite: bool = False,
    ) -> None:
        """Write documents, WRITE_BATCH per transaction, a fixed number of queries each;
        with `versions`, a document older than the stored one is skipped (the rows are
        locked on PostgreSQL, and SQLite writes one transaction at a time). The typo
        vocabulary changes with each batch, or, given `vocabulary`, are counted there for
        the caller to write later (`add_to_vocabulary`: a rebuild writes them once for
        many batches). An entry with the same content hash is kept (see `_write`) unless
        `rewrite`."""
        batch: list[AnalysedDocument] = []
        options = self.analysis_options(elasticsearch=False)
        for document in documents:
            batch.append(analyse(document, **options))
            if len(batch) >= WRITE_BATCH:
                self._write(batch, versions, vocabulary, rewrite)
                batch = []
        if batch:
            self._write(batch, versions, vocabulary, rewrite)

    @staticmethod
    def analysis_options(*, elasticsearch: bool) -> dict[str, bool]:
        """What `analyse` is to give for this engine (and Elasticsearch beside it, which
        needs the lemma and word fields with their repeats): SQLite stores each lemma and
        folded word once (`_distinct_terms`), PostgreSQL the fields as analysed."""
        sqlite = connection.vendor == "sqlite"
        return {"repeats": elasticsearch or not sqlite, "once": sqlite}

    @staticmethod
    def _stored(keys: Iterable[str]) -> dict[str, dict]:
        rows = SearchEntry.objects.filter(key__in=sorted(keys)).order_by("key")
        if connection.features.has_select_for_update:
            rows = rows.select_for_update()
        columns = ("pk", "key", "version", "words", "audiences", "content_hash")
        return {row["key"]: row for row in rows.values(*columns)}

    @staticmethod
    def _delete_rows(rows: list[dict]) -> None:
        """Delete entries (their facets and their index entries with them)."""
        if not rows:
            return
        ids = [row["pk"] for row in rows]
        marks = ", ".join(["%s"] * len(ids))
        # Raw statements: the ORM's delete() would load each facet row to send its
        # post_delete signal (the page cache listens to every model).
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_FACET_TABLE} WHERE entry_id IN ({marks})", ids)
            cursor.execute(f"DELETE FROM {_ENTRY_TABLE} WHERE id IN ({marks})", ids)

    @transaction.atomic
    def _write(
        self,
        batch: list[AnalysedDocument],
        versions: dict[str, int] | None,
        vocabulary: VocabularyChanges | None = None,
        rewrite: bool = False,
    ) -> None:
        """Replace the entries of a batch: lock and read the stored ones, write the new ones
        and their facets (plain values, no model instances), and count the vocabulary
        changes. SQLite: a multi-row INSERT of the new entries, the changed ones updated in
        place under their ids (`_update_in_place`), the facets inserted: 5 statements.
        PostgreSQL: the stored ones deleted, a COPY per table, the new ids read by key, the
        narrow rows filled: 7 statements. Then the vocabulary's. An entry whose content hash
        (text, facets, audiences and the analysis: search.fingerprint) is the stored one is
        kept as it is: no statement when its version is the stored one too, else one UPDATE
        of the versions (the analysed columns untouched, so the full-text index too:
        migration search.0011). A rebuild over an unchanged index writes nothing but that."""
        self._typo_memo.clear()
        latest = {analysed.key: analysed for analysed in batch}
        stored = self._stored(latest)
        if versions is not None:
            latest = {
                key: analysed
                for key, analysed in latest.items()
                if key not in stored or stored[key]["version"] <= versions.get(key, 0)
            }
        newer = {}  # id: version of the unchanged entries written with a newer version
        for key in [key for key in latest if key in stored and not rewrite]:
            old = stored[key]
            if old["content_hash"] == latest[key].content_hash:
                del latest[key]
                version = (versions or {}).get(key, 0)
                if version != old["version"]:
                    newer[old["pk"]] = version
        if newer:
            _set_versions(newer)
        if not latest:
            return
        changes = VocabularyChanges() if vocabulary is None else vocabulary
        postgresql = connection.vendor == "postgresql"
        replaced = [stored[key] for key in latest if key in stored]
        if postgresql:
            self._delete_rows(replaced)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows, updates = [], []
        for key, analysed in latest.items():
            row = self._entry(analysed, (versions or {}).get(key, 0), now)
            if postgresql or key not in stored:
                rows.append(row)
            else:
                updates.append((*row[1:], stored[key]["pk"]))
            document, old = analysed.document, stored.get(key)
            words = row[_WORDS_COLUMN]
            distinct = analysed.vocabulary
            distinct = dict.fromkeys(words.split()) if distinct is None else distinct
            if old is not None:
                old_audiences = old["audiences"].split()
                if old["words"] == words and old_audiences == list(document.audiences):
                    continue  # the same words for the same people: nothing to count
                old_distinct = set(old["words"].split())
                if old_audiences == list(document.audiences):
                    # For the same people only the words that came or went change counts
                    # (a changed text keeps most of its words: two set differences cost
                    # less than counting every word out and in again).
                    changes.count(old_distinct.difference(distinct), old_audiences, -1)
                    changes.count(set(distinct).difference(old_distinct), old_audiences, 1)
                    continue
                changes.count(old_distinct, old_audiences, -1)
            changes.count(distinct, document.audiences, 1)
        with connection.cursor() as cursor:
            if postgresql:
                _copy(cursor, _ENTRY_TABLE, _ENTRY_COLUMNS, rows)
                cursor.execute(
                    f"SELECT id, key FROM {_ENTRY_TABLE} WHERE key = ANY(%s)", [list(latest)]
                )
                returned = cursor.fetchall()
            else:
                returned = [(row["pk"], row["key"]) for row in replaced]
                if updates:
                    _update_in_place(cursor, updates)
                returned += _insert(cursor, _ENTRY_TABLE, _ENTRY_COLUMNS, rows, "id, key")
            ids = {key: pk for pk, key in returned}
            facets = []
            for key, analysed in latest.items():
                document = analysed.document
                values = {**document.facet_values(), AUDIENCE: list(document.audiences)}
                facets += [
                    (ids[key], name, value)
                    for name, values_of_name in values.items()
                    for value in dict.fromkeys(value[:120] for value in values_of_name)
                ]
            (_copy if postgresql else _insert)(
                cursor, _FACET_TABLE, ("entry_id", "name", "value"), facets
            )
            if postgresql and ids:
                # The narrow table of the totals and facets (migration search.0007).
                cursor.execute("SELECT search_entry_terms_fill(%s)", [sorted(ids.values())])
        if vocabulary is None:
            add_to_vocabulary(changes)

    @staticmethod
    def _entry(analysed: AnalysedDocument, version: int, now) -> tuple:
        """The values of one entry row, in the order of _ENTRY_COLUMNS. SQLite stores each
        distinct lemma and folded word once (`_distinct_terms`), PostgreSQL as analysed."""
        document, fields = analysed.document, analysed.fields
        if connection.vendor == "sqlite":
            lemmas, words = _distinct_terms(analysed)
        else:
            lemmas, words = fields[LEMMA_FIELD], fields["words"]
        return (
            document.key,
            document.kind,
            document.title[:500],
            document.url[:500],
            document.summary,
            document.body,
            connection.ops.adapt_datefield_value(document.date),
            document.place[:200],
            fields["title_terms"],
            fields["summary_terms"],
            fields["body_terms"],
            lemmas,
            words,
            " ".join(document.audiences),
            version,
            analysed.content_hash,
            now,
        )

    @transaction.atomic
    def remove(self, keys: Iterable[str], *, versions: dict[str, int] | None = None) -> None:
        """Remove entries; with `versions`, only those not newer than the given version."""
        self._typo_memo.clear()
        stored = self._stored(set(keys))
        rows = [
            row
            for key, row in stored.items()
            if versions is None or row["version"] <= versions.get(key, 0)
        ]
        changes = VocabularyChanges()
        for row in rows:
            changes.count(set(row["words"].split()), row["audiences"].split(), -1)
        self._delete_rows(rows)
        add_to_vocabulary(changes)

    def remove_except(self, keys: set[str], *, older_than=None) -> int:
        """Remove every entry whose key is not in `keys` (after a rebuild; with `older_than`,
        only entries last written before then), in batches; prune unused vocabulary."""
        entries = SearchEntry.objects.all()
        if older_than is not None:
            entries = entries.filter(updated_at__lt=older_than)
        stale = [
            key
            for key in entries.values_list("key", flat=True).iterator(chunk_size=2000)
            if key not in keys
        ]
        for start in range(0, len(stale), WRITE_BATCH):
            self.remove(stale[start : start + WRITE_BATCH])
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {_WORD_TABLE} WHERE documents <= 0")
        return len(stale)

    @staticmethod
    def _configure_fts(settings: dict[str, int]) -> None:
        with connection.cursor() as cursor:
            for name, value in settings.items():
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES (%s, %s)", [name, value]
                )

    def prepare_rebuild(self) -> None:
        """SQLite: FTS5's settings for a rebuild's many batches (FTS_REBUILD_SETTINGS), until
        `compact` restores FTS5's own. PostgreSQL: nothing."""
        if connection.vendor == "sqlite":
            self._configure_fts(FTS_REBUILD_SETTINGS)

    def compact(self) -> int:
        """SQLite: FTS5's own merge settings back (FTS_SETTINGS), then the full-text index
        merged into one segment, FTS_MERGE_PAGES pages per step, each step its own short
        write transaction (searches and other writes go on between them); returns the steps
        taken. FTS5 writes each transaction's terms as a new segment and a replaced or
        deleted entry as a deletion marker, dropped only when a merge reaches the segment
        holding the old terms: after a rebuild the index holds dozens of segments and the
        old entries' terms (at 10k, 211 MB instead of 43 MB), and every MATCH looks each
        term up in every segment. A step that changed fewer than two rows did no work
        (FTS5's documented test).

        PostgreSQL: the GIN indexes' pending lists merged into the indexes
        (`gin_clean_pending_list`) and the planner statistics refreshed (`ANALYZE`). A
        rebuild's rows wait in the pending lists (GIN's fast update), which every search
        reads in full, and the statistics describe the tables before it, until autovacuum
        gets to them: the bench's queries right after a 1k rebuild took p50 29 ms, p95 132
        ms, and 10 / 28 ms once the lists were merged. Both work inside a transaction."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                    "WHERE a.amname = 'gin' AND i.indrelid = ANY(%s::regclass[]) "
                    # Only its owner may merge an index (ANALYZE skips others with a warning).
                    "AND pg_has_role(c.relowner, 'USAGE')",
                    [list(_ANALYSED_TABLES)],
                )
                cursor.execute(f"ANALYZE {', '.join(_ANALYSED_TABLES)}")
            return 0
        if connection.vendor != "sqlite":
            return 0
        self._configure_fts(FTS_SETTINGS)
        connection.ensure_connection()
        steps = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                before = connection.connection.total_changes
                cursor.execute(
                    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('merge', %s)",
                    [-FTS_MERGE_PAGES],
                )
                steps += 1
                if connection.connection.total_changes - before < 2:
                    return steps

    def indexed_keys(self) -> set[str]:
        return set(SearchEntry.objects.values_list("key", flat=True))

    @transaction.atomic
    def clear(self) -> None:
        """Remove every entry, facet and vocabulary word. SQLite: the full-text index emptied
        too ('delete-all'): the delete trigger leaves the old entries' terms in it behind a
        deletion marker each, which the next rebuild's merge would read and write again."""
        # Raw statements, not the ORM's delete() and its post_delete signal per row.
        with connection.cursor() as cursor:
            for table in (_FACET_TABLE, _ENTRY_TABLE, _WORD_TABLE):
                cursor.execute(f"DELETE FROM {table}")
            if connection.vendor == "sqlite":
                cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")

    # --- querying --------------------------------------------------------------------------

    def _vocabulary(self, query: SearchQuery, words: Iterable[str], cutoff: float) -> list[str]:
        """The folded words (4+ letters) of documents the person may read that begin with the
        first letter of one of `words` and whose length can reach difflib's `cutoff` with it:
        one query on `SearchWord` (a range of its (audience, word) index per letter). As on
        Elasticsearch (`prefix_length` 1), a typo in the first letter is not corrected."""
        words = list(words)
        if not words:
            return []
        windows = [_length_window(len(word), cutoff) for word in words]
        initials = Q()
        for initial in {word[0] for word in words}:
            initials |= Q(word__gte=initial, word__lt=chr(ord(initial) + 1))
        return list(
            SearchWord.objects.filter(
                initials, audience__in=sorted(query.audiences), documents__gt=0
            )
            .alias(length=Length("word"))
            .filter(
                length__gte=min(low for low, _high in windows),
                length__lte=max(high for _low, high in windows),
            )
            .values_list("word", flat=True)
            .distinct()
        )

    def _typo_candidates(self, query: SearchQuery) -> dict[str, list[str]]:
        """For each typo-tolerant word of the query, the closest words of the vocabulary
        (remembered for the query's audiences until this engine writes)."""
        words = [term.folded for term in query.terms if uses_fuzzy(term)]
        memo_key = (query.audiences, tuple(words))
        if memo_key not in self._typo_memo:
            vocabulary = self._vocabulary(query, words, 0.8)
            if len(self._typo_memo) > 64:
                self._typo_memo.clear()
            self._typo_memo[memo_key] = {
                word: difflib.get_close_matches(
                    word, [close for close in vocabulary if close[0] == word[0]], 3, 0.8
                )
                for word in words
            }
        return self._typo_memo[memo_key]

    def _term_conditions(
        self, term: Term, typos: dict[str, list[str]] | None = None
    ) -> list[tuple[Match, int]]:
        """(match, weight) pairs, strongest first; a term matches when any holds. The lemma
        ones come first. `typos`: the close words of typo-tolerant words (None: no typos)."""
        conditions = [
            (Match((LEMMA_FIELD,), _phrases(lemmas)), weight)
            for lemmas, weight in term_lemmas(term)
        ]
        for field, weight in FIELD_WEIGHTS.items():
            conditions.append(
                (Match((field,), _phrases(term_stems(term), term.alternatives)), weight)
            )
        if uses_prefix(term):
            conditions.append((Match(("words",), ((term.folded,),), prefix=True), PREFIX_WEIGHT))
        if typos is not None and uses_fuzzy(term):
            closest = typos.get(term.folded, [])
            conditions.append(
                (
                    Match(("words",), _phrases(close for close in closest if close != term.folded)),
                    FUZZY_WEIGHT,
                )
            )
        return [(match, weight) for match, weight in conditions if match.phrases]

    def _matching(self, query: SearchQuery) -> "_Matching | None":
        """The query as SQL over candidate entries: the full-text lookup that drives every
        statement, the conditions beyond it, and the score; None when nothing can match."""
        if not query.audiences:
            return None
        typos = self._typo_candidates(query)
        term_nodes: list[AnyOf | None] = []
        score_groups: list[list[tuple[Match, int]]] = []
        for term in query.terms:
            conditions = self._term_conditions(term, typos)
            if not conditions:
                term_nodes.append(None)
                continue
            term_nodes.append(AnyOf(tuple(match for match, _weight in conditions)))
            # The lemma conditions add to the stem ones (exact and lemma matches rank above
            # stem-only ones); within each group the first condition that holds counts.
            lemma_count = len([1 for lemmas, _weight in term_lemmas(term) if _phrases(lemmas)])
            score_groups += [
                group for group in (conditions[:lemma_count], conditions[lemma_count:]) if group
            ]
        found = tuple(node for node in term_nodes if node is not None)
        if query.minimum_match is None:
            if len(found) < len(term_nodes):
                return None
            return _Matching(query, AllOf(found) if found else None, score_groups)
        if not found:
            return None
        return _Matching(query, AnyOf(found), score_groups, found)

    def _facets(self, matching: "_Matching") -> tuple[dict[str, dict[str, int]], int]:
        if _narrow(matching.query):
            return _facets_postgresql(matching)
        return self._facets_of_candidates(matching)

    def _facets_of_candidates(self, matching: "_Matching") -> tuple[dict[str, dict[str, int]], int]:
        """The total and the counts per facet value, in one statement. The matching entries
        (candidates of the full-text lookup that pass the audience and the filters) are
        found once: counted for the total, and their facet rows joined by the (entry, name,
        value) index for the facets nobody filters by; each filtered facet gets a part of its
        own (its counts ignore its own filter, so several values can be chosen). The joins
        are CROSS JOINs: SQLite then keeps the order written (the candidates first, an index
        probe per candidate) where its planner would scan every facet row of a name;
        PostgreSQL plans them by its costs as any join."""
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        filters = matching.query.filters
        filtered_names = [name for name in FACETS if filters.get(name)]
        unfiltered = [name for name in FACETS if name not in filtered_names]
        candidates, candidate_params = matching.candidates
        where, where_params = matching.where("c.id")
        sql = (
            f"WITH matched AS MATERIALIZED (SELECT c.id AS id FROM ({candidates}) c "
            f"WHERE {where}) SELECT '' AS name, '' AS value, COUNT(*) AS n FROM matched"
        )
        params = [*candidate_params, *where_params]
        if unfiltered:
            if connection.vendor == "sqlite":
                counts, count_params = _sqlite_unfiltered_counts(unfiltered)
                sql += counts
                params += count_params
            else:
                names = f"({', '.join(['%s'] * len(unfiltered))})"
                sql += (
                    f" UNION ALL SELECT f.name, f.value, COUNT(*) FROM matched m CROSS JOIN "
                    f"{_FACET} f WHERE f.entry_id = m.id AND f.name IN {names} "
                    "GROUP BY f.name, f.value"
                )
                params += unfiltered
        for name in filtered_names:
            where, where_params = matching.where("c.id", skip=name)
            sql += (
                f" UNION ALL SELECT f.name, f.value, COUNT(*) FROM ({candidates}) c "
                f"CROSS JOIN {_FACET} f WHERE f.entry_id = c.id AND f.name = %s "
                f"AND {where} "
                "GROUP BY f.name, f.value"
            )
            params += [*candidate_params, name, *where_params]
        with connection.cursor() as cursor:
            cursor.execute(sql + " ORDER BY name, n DESC, value", params)
            rows = cursor.fetchall()
        total = rows[0][2]  # the part named '' sorts first
        for name, value, count in rows[1:]:
            facets[name][value] = count
        return facets, total

    def search(self, query: SearchQuery) -> SearchResults:
        """Two or three statements (and the vocabulary lookup of typo-tolerant words): the
        total with the facets, then the page: by score levels (`_Matching.level_page` on
        PostgreSQL, `_Matching.sqlite_level_page` on SQLite), else from the title matches
        (`_Matching.top_page`) and, when they do not decide it, by scoring every candidate."""
        matching = self._matching(query)
        if matching is None:
            return SearchResults(
                total=0, hits=[], facets={name: {} for name in FACETS}, engine=self.name
            )
        facets, total = self._facets(matching)
        rows = matching.level_page(total)  # PostgreSQL
        if rows is None:
            rows = matching.sqlite_level_page()
        if rows is None:
            rows = matching.top_page()
        if rows is None:
            rows = matching.page()
        hits = [
            make_hit(
                query,
                {
                    "key": key,
                    "kind": kind,
                    "title": title,
                    "url": url,
                    "summary": summary,
                    "body": body,
                    "date": dt.date.fromisoformat(date) if isinstance(date, str) else date,
                    "place": place,
                },
                float(score),
            )
            for key, kind, title, url, summary, body, date, place, score in rows
        ]
        return SearchResults(total=total, hits=hits, facets=facets, engine=self.name)

    def term_counts(self, query: SearchQuery) -> list[tuple[int, int]]:
        """One statement: on SQLite a count per term over its own FTS5 lookup
        (`_counts_sqlite`), on PostgreSQL over the narrow table (partial queries: over the
        entries matching any term, typos included)."""
        typos = self._typo_candidates(query)
        columns, params, nodes, counted = [], [], [], {}
        for index, term in enumerate(query.terms):
            for name, term_typos in (("exact", None), ("any", typos)):
                conditions = self._term_conditions(term, term_typos)
                if conditions:
                    node = AnyOf(tuple(match for match, _weight in conditions))
                    counted[f"{name}_{index}"] = node
                    sql, node_params = _in_match("c.id", node)
                    columns.append(
                        (f"{name}_{index}", f"COALESCE(SUM(CASE WHEN {sql} THEN 1 ELSE 0 END), 0)")
                    )
                    params += node_params
                    if name == "any":
                        nodes.append(node)
        counts = {}
        if columns and query.audiences and _narrow(query):
            counts = _counts_postgresql(query, counted)
        elif columns and query.audiences and connection.vendor == "sqlite":
            counts = _counts_sqlite(query, counted)
        elif columns and query.audiences:
            matching = _Matching(query, AnyOf(tuple(nodes)), [])
            candidates, candidate_params = matching.candidates
            where, where_params = matching.where("c.id")
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {', '.join(sql for _name, sql in columns)} FROM ({candidates}) c "
                    f"WHERE {where}",
                    [*params, *candidate_params, *where_params],
                )
                counts = dict(zip((name for name, _sql in columns), cursor.fetchone(), strict=True))
        return [
            (counts.get(f"exact_{index}", 0), counts.get(f"any_{index}", 0))
            for index in range(len(query.terms))
        ]

    def similar_words(self, query: SearchQuery, word: str) -> list[str]:
        close = difflib.get_close_matches(word, self._vocabulary(query, [word], 0.75), 3, 0.75)
        if not close or not query.audiences:
            return []
        matching = _Matching(query, Match(("words",), _phrases(close)), [])
        candidates, candidate_params = matching.candidates
        visible, visible_params = _has_facet("c.id", AUDIENCE, query.audiences)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.title, e.summary, e.body FROM ({candidates}) c "
                f"JOIN {_ENTRY} e ON e.id = c.id WHERE {visible} LIMIT 5",
                [*candidate_params, *visible_params],
            )
            texts = cursor.fetchall()
        return as_written(close, (text for row in texts for text in row))


def _candidates(node) -> tuple[str, list]:
    """The statement selecting the candidate ids (`id`): the full-text lookup of `node`, or
    every entry when the query has no words."""
    if node is None:
        columns = f"id, {_TSV_COLUMNS}" if connection.vendor == "postgresql" else "id"
        return f"SELECT {columns} FROM {_ENTRY}", []
    return _match_rows(node)


# PostgreSQL: the narrow table of the totals and facets (migration search.0007): one tsvector
# per entry whose lexemes carry their field as a prefix, and the entry's facets as name=value.
_TERMS_PREFIX = {"title_terms": "1", "summary_terms": "2", "body_terms": "3", LEMMA_FIELD: "4"}
_TERMS_PREFIX["words"] = "5"
_AUDIENCE_PREFIX = "6"
# The combinations of score-group outcomes (one weight of each group) a page may read level
# by level (the levels' tsqueries grow with them; beyond, the candidates are scored on the
# entry table). Three words with their lemmas: about 1,000.
MAX_SCORE_LEVELS = 2048
# SQLite: the combinations of score-group outcomes the page may read level by level before
# its last part scores the remaining candidates.
MAX_SQLITE_LEVEL_COMBINATIONS = 48
MAX_SQLITE_LEVEL_VISITS = 2000


def _terms_query(node) -> tuple[str, list]:
    """`node` as one tsquery on the prefixed lexemes of `search_entry_terms` (SQL and its
    parameters): each field's condition is parsed as `_postgresql` parses it, then prefixed,
    so it matches exactly the entries that condition matches."""
    if isinstance(node, Match):
        query = _tsquery(node)
        parts = [
            f"search_entry_terms_query('{_TERMS_PREFIX[field]}', "
            "to_tsquery('simple'::regconfig, %s))"
            for field in node.fields
        ]
        return "(" + " || ".join(parts) + ")", [query] * len(node.fields)
    parts = [_terms_query(part) for part in node.parts]
    joiner = " || " if isinstance(node, AnyOf) else " && "
    return (
        "(" + joiner.join(sql for sql, _params in parts) + ")",
        [param for _sql, params in parts for param in params],
    )


def _tsquery_lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _level_queries(score_groups) -> tuple[list[str], list, list[str], list[int]] | None:
    """The score levels of `score_groups` as SQL for `level_page`: the conditions (columns
    `c0`, `c1`, … of the subquery `k`, with their parameters), the layers (one select list
    per group: column `s<n>` of layer `l<g>` is the tsquery of the entries whose first g
    groups sum to n) and the scores of the last layer, best first; None beyond
    MAX_SCORE_LEVELS combinations of outcomes. A group's outcome of weight w is the OR of
    its conditions of weight w, each ANDed with the negation of those before it (the first
    condition that holds counts); its outcome 0, none of them."""
    conditions, params, outcomes = [], [], []
    for group in score_groups:
        names = []
        for match, weight in group:
            sql, match_params = _terms_query(match)
            names.append((f"c{len(conditions)}", weight))
            conditions.append(f"{sql} AS {names[-1][0]}")
            params += match_params
        by_weight: dict[int, list[str]] = {}
        for index, (name, weight) in enumerate(names):
            before = "".join(f" && (!! k.{other})" for other, _weight in names[:index])
            by_weight.setdefault(weight, []).append(f"(k.{name}{before})")
        by_weight[0] = ["(!! (" + " || ".join(f"k.{name}" for name, _weight in names) + "))"]
        outcomes.append({weight: " || ".join(parts) for weight, parts in by_weight.items()})
    if not outcomes or math.prod(len(group) for group in outcomes) > MAX_SCORE_LEVELS:
        return None
    layers, sums = [], {0: None}
    for index, group in enumerate(outcomes, start=1):
        reached: dict[int, list[str]] = {}
        for before, previous in sums.items():
            for weight, outcome in group.items():
                level = f"({outcome})" if previous is None else f"(({outcome}) && {previous})"
                reached.setdefault(before + weight, []).append(level)
        layers.append(
            ", ".join(f"{' || '.join(parts)} AS s{score}" for score, parts in reached.items())
        )
        sums = {score: f"l{index}.s{score}" for score in reached}
    return conditions, params, layers, sorted(sums, reverse=True)


def _narrow(query: SearchQuery) -> bool:
    """Counts come from `search_entry_terms` (PostgreSQL; partial queries count over the
    candidates: the number of terms each matches is no single lookup)."""
    return connection.vendor == "postgresql" and query.minimum_match is None


def _matches(query: SearchQuery, node, function: str = "search_entry_matches") -> tuple[str, list]:
    """`search_entry_matches(…)` (or another function of one tsquery) of the entries matching
    `node` (every entry when None) that one of the query's audiences may read: one GIN
    lookup of `search_entry_terms`."""
    audiences = " | ".join(
        _tsquery_lexeme(_AUDIENCE_PREFIX + audience) for audience in sorted(query.audiences)
    )
    sql, params = "(%s::tsquery)", [audiences]
    if node is not None:
        words, word_params = _terms_query(node)
        sql, params = f"({words} && {sql})", [*word_params, *params]
    return f"{function}({sql})", params


def _passing(query: SearchQuery, skip: str = "") -> tuple[str, list]:
    """The query's filters (but `skip`) on a match's facet array `m.facets`."""
    chosen = [
        [f"{name}={value}" for value in sorted(values)]
        for name, values in query.filters.items()
        if values and name != skip
    ]
    return " AND ".join(["TRUE"] + ["m.facets && %s::text[]"] * len(chosen)), chosen


def _counts_postgresql(query: SearchQuery, nodes: dict[str, "AnyOf"]) -> dict[str, int]:
    """The number of entries the person may read that pass the filters and match each node,
    in one statement (a GIN lookup of `search_entry_terms` per node)."""
    where, where_params = _passing(query)
    columns, params = [], []
    for node in nodes.values():
        matches, match_params = _matches(query, node)
        columns.append(f"(SELECT COUNT(*) FROM {matches} m WHERE {where})")
        params += [*match_params, *where_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        return dict(zip(nodes, cursor.fetchone(), strict=True))


def _counts_sqlite(query: SearchQuery, nodes: dict[str, "AnyOf"]) -> dict[str, int]:
    """SQLite: the number of entries the person may read that pass the filters and match
    each node, in one statement: a count over each node's own FTS5 lookup (its postings
    read once, the audience and the filters probed per match; a node asked twice, a term
    without close words, is counted once). Not a sum over the union of the nodes' matches,
    which would keep every node's matches in a temporary b-tree to test each candidate."""
    where, where_params = _Matching(query, None, []).where("c.id")
    distinct = list(dict.fromkeys(nodes.values()))
    columns, params = [], []
    for node in distinct:
        rows, row_params = _match_rows(node)
        columns.append(f"(SELECT COUNT(*) FROM ({rows}) c WHERE {where})")
        params += [*row_params, *where_params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)}", params)
        found = dict(zip(distinct, cursor.fetchone(), strict=True))
    return {name: found[node] for name, node in nodes.items()}


def _facets_postgresql(matching: "_Matching") -> tuple[dict[str, dict[str, int]], int]:
    """The total and the facet counts from `search_entry_terms`, in one statement: one GIN
    lookup of the words and the audience (`search_entry_facet_sets`: the matches counted per
    distinct facet array, in one pass), the filters tested on those arrays, and the arrays
    unnested and their counts summed; each filtered facet gets a part that ignores its own
    filter, as `_facets_of_candidates` does."""
    query = matching.query
    sql, params = _matches(query, matching.node, "search_entry_facet_sets")
    filters = {name: values for name, values in query.filters.items() if values}

    where, where_params = _passing(query)
    statement = (
        f"WITH m AS MATERIALIZED (SELECT facets, n FROM {sql}) "
        f"SELECT 0 AS part, '' AS name, '' AS value, COALESCE(SUM(n), 0) AS n FROM m "
        f"WHERE {where}"
    )
    params += where_params
    parts = [""] + [name for name in FACETS if name in filters]
    for part, name in enumerate(parts, start=1):
        where, where_params = _passing(query, name)
        statement += (
            f" UNION ALL SELECT {part}, split_part(f, '=', 1), substr(f, strpos(f, '=') + 1), "
            f"SUM(m.n) FROM m, unnest(m.facets) f WHERE {where} GROUP BY f"
        )
        params += where_params
    with connection.cursor() as cursor:
        cursor.execute(statement + " ORDER BY part, name, n DESC, value", params)
        rows = cursor.fetchall()
    facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = int(rows[0][3])
    for part, name, value, count in rows[1:]:
        if name in facets and (parts[part - 1] == name or (part == 1 and name not in filters)):
            facets[name][value] = int(count)
    return facets, total


# SQLite: the share of the entries (1 in N) from which the facet counts read the whole
# (name, value, entry) index rather than each matching entry's facet rows. Measured at 100k
# (2 facet rows per entry): the two cost the same at about 17 % of the entries.
_SCAN_FACETS_FROM = 5


def _sqlite_unfiltered_counts(names: list[str]) -> tuple[str, list]:
    """SQLite: the counts per (name, value) of the facets `names` over the CTE `matched`, as
    two parts of which one returns rows. Few matches: each one's facet rows are read
    through the unique (entry, name, value) index, one range per entry (`+f.name`: not a
    probe per name), then sorted by (name, value) for the counts. Many matches (`matched`
    holds at least 1 in `_SCAN_FACETS_FROM` entries): the (name, value, entry) index of the
    names is read in its order, each row kept when its entry matched, and counted without a
    sort. The choice (a count of `matched`, the largest entry id) gates each part from
    outside its loop, so the part not chosen reads nothing: the gated list of names of the
    second, the one-row table `g` the first (a condition in the WHERE would be tested per
    row of the full index scan)."""
    many = (
        f"(SELECT COUNT(*) FROM matched) * {_SCAN_FACETS_FROM} >= "
        f"(SELECT COALESCE(MAX(id), 0) FROM {_ENTRY})"
    )
    placeholders = ", ".join(["%s"] * len(names))
    values = ", ".join(["(%s)"] * len(names))
    sql = (
        f" UNION ALL SELECT f.name, f.value, COUNT(*) FROM (SELECT 1 WHERE NOT {many}) g "
        f"CROSS JOIN matched m CROSS JOIN {_FACET} f "
        f"WHERE f.entry_id = m.id AND +f.name IN ({placeholders}) GROUP BY f.name, f.value"
        f" UNION ALL SELECT f.name, f.value, COUNT(*) FROM {_FACET} f "
        "INDEXED BY search_facet_value_entry "
        f"WHERE f.name IN (SELECT column1 FROM (VALUES {values}) WHERE {many}) "
        "AND f.entry_id IN (SELECT id FROM matched) GROUP BY f.name, f.value"
    )
    return sql, [*names, *names]


def _rank_index() -> str:
    """SQLite: read the candidates' date and title from the covering index (id, date,
    title), which its planner would not choose over the rows themselves."""
    return " INDEXED BY search_entry_rank" if connection.vendor == "sqlite" else ""


_PAGE_COLUMNS = ("key", "kind", "title", "url", "summary", "body", "date", "place")


@dataclass
class _Matching:
    """A query as SQL over the candidates `c.id` of the full-text index: `where` adds the
    audience, the filters and (partial matches) the number of terms each must match;
    `score` is the relevance of a candidate, the sum over the score groups of the weight of
    the first condition that holds."""

    query: SearchQuery
    node: "Match | AnyOf | AllOf | None"  # the full-text lookup of the candidates
    score_groups: list[list[tuple[Match, int]]]
    term_nodes: tuple = ()  # with minimum_match: every term's node

    @property
    def candidates(self) -> tuple[str, list]:
        return _candidates(self.node)

    def where(self, column: str, *, skip: str = "") -> tuple[str, list]:
        parts = [_has_facet(column, AUDIENCE, self.query.audiences)]
        parts += [
            _has_facet(column, name, values)
            for name, values in self.query.filters.items()
            if values and name != skip
        ]
        if self.query.minimum_match is not None:
            matched = [_in_match(column, node) for node in self.term_nodes]
            parts.append(
                (
                    "("
                    + " + ".join(f"CASE WHEN {sql} THEN 1 ELSE 0 END" for sql, _ in matched)
                    + ") >= %s",
                    [param for _sql, params in matched for param in params]
                    + [self.query.minimum_match],
                )
            )
        return (
            " AND ".join(sql for sql, _params in parts),
            [param for _sql, params in parts for param in params],
        )

    def score(self, column: str) -> tuple[str, list]:
        parts, params = [], []
        for group in self.score_groups:
            whens = []
            for match, weight in group:
                sql, match_params = _in_match(column, match)
                whens.append(f"WHEN {sql} THEN {int(weight)}")
                params += match_params
            parts.append(f"CASE {' '.join(whens)} ELSE 0 END")
        return ("(" + " + ".join(parts) + ")" if parts else "0"), params

    def top_page(self) -> list[tuple] | None:
        """The page, read from the candidates matching a title condition when that is
        enough, else None. A candidate matching no title condition scores at most `bound`
        (the other conditions' strongest weights): when the last row of the page found among
        the title matches scores more, no other candidate can rank above any row of it, and
        the page is exact without scoring every candidate."""
        query = self.query
        if query.sort != "relevance" or self.node is None:
            return None
        strongest = max(FIELD_WEIGHTS.values())
        heads, bound = [], 0
        for group in self.score_groups:
            head, head_weight = group[0]
            rest = max((weight for _match, weight in group[1:]), default=0)
            if head_weight == strongest and head_weight > rest:
                heads.append(head)
                bound += rest
            else:
                bound += max(weight for _match, weight in group)
        if not heads:
            return None
        rows = self.page(AllOf((self.node, AnyOf(tuple(heads)))))
        if len(rows) == query.page_size and rows[-1][-1] > bound:
            return rows
        return None

    def level_page(self, total: int) -> list[tuple] | None:
        """PostgreSQL: the page read score level by score level from `search_entry_terms`,
        or None (another sort, no words, a partial query, or more than MAX_SCORE_LEVELS
        combinations). A candidate's score is fixed by which condition of each score group
        holds first (or none): each group's outcomes of one weight make one tsquery on the
        prefixed lexemes (a condition and the negation of those before it), and the
        outcomes of every group summing to one score make that level (built group by group,
        `_level_queries`). `search_entry_levels` reads the levels best first, each one GIN
        lookup (`search_entry_first`: the words, the audience and the level, filtered on the
        facet arrays, ordered by date, title and id in the narrow row), keeping only the
        rows the page still needs, and stops when it is full: the levels below are never
        read. `total`: the number of matches (of a query most entries match, a level is
        first looked for among the first rows in the page's order). The same rows as `page`, without scoring every candidate on the entry table
        (docs/benchmarks.md)."""
        query = self.query
        if query.sort != "relevance" or self.node is None or not _narrow(query):
            return None
        levels = _level_queries(self.score_groups)
        if levels is None:
            return None
        conditions, condition_params, layers, scores = levels
        words, word_params = _terms_query(self.node)
        audiences = " | ".join(
            _tsquery_lexeme(_AUDIENCE_PREFIX + audience) for audience in sorted(query.audiences)
        )
        filters = {name: values for name, values in query.filters.items() if values}
        wanted = sorted(f"{name}={value}" for name, values in filters.items() for value in values)
        # Each layer is computed once (OFFSET 0: not pulled up into the next, which would
        # copy its expressions into every reference).
        lateral = "".join(
            f" CROSS JOIN LATERAL (SELECT {layer} OFFSET 0) l{index}"
            for index, layer in enumerate(layers, start=1)
        )
        last = f"l{len(layers)}"
        columns = ", ".join(f"e.{name}" for name in _PAGE_COLUMNS)
        sql = (
            f"SELECT {columns}, p.score FROM (SELECT p.entry_id AS id, p.score, p.date, p.title "
            f"FROM (SELECT {', '.join(conditions)} OFFSET 0) k{lateral} CROSS JOIN LATERAL "
            f"search_entry_levels({words} && (%s::tsquery), "
            f"ARRAY[{', '.join(f'{last}.s{score}' for score in scores)}]::tsquery[], "
            "%s::integer[], %s::text[], %s, %s, %s) p "
            "ORDER BY p.score DESC, p.date DESC NULLS LAST, p.title, p.entry_id LIMIT %s OFFSET %s"
            f") p JOIN {_ENTRY} e ON e.id = p.id "
            "ORDER BY p.score DESC, e.date DESC NULLS LAST, e.title, e.id"
        )
        params = [
            *condition_params,
            *word_params,
            audiences,
            scores,
            wanted,
            len(filters),
            query.offset + query.page_size,
            total,
            query.page_size,
            query.offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _sqlite_levels(self) -> tuple[dict[int, list[str]], bool]:
        """SQLite: the FTS5 expressions of the top score levels ({score: the expressions of
        its combinations}, highest first) and whether they are all the levels. The
        combinations are visited best first (a heap over each group's outcomes by weight),
        so a query of many words never lists the millions of combinations below its page:
        the levels stop at the first that ends past MAX_SQLITE_LEVEL_COMBINATIONS
        combinations, and only complete levels are kept (none when the first level alone
        takes more than MAX_SQLITE_LEVEL_VISITS visits)."""
        outcomes = [
            sorted(
                [(match, group[:index], weight) for index, (match, weight) in enumerate(group)]
                + [(None, group, 0)],
                key=lambda outcome: -outcome[2],
            )
            for group in self.score_groups
        ]
        terms = [set(term.parts) if isinstance(term, AnyOf) else {term} for term in self.node.parts]
        first = (0,) * len(outcomes)
        heap = [(-sum(group[0][2] for group in outcomes), first)]
        seen = {first}
        levels: dict[int, list[str]] = {}
        level: list[str] = []
        level_score, read, visits = None, 0, 0
        while heap:
            negative, indexes = heapq.heappop(heap)
            if -negative != level_score:
                if level_score is not None:
                    if level:
                        levels[level_score] = level
                        read += len(level)
                    if read >= MAX_SQLITE_LEVEL_COMBINATIONS:
                        return levels, False
                level, level_score = [], -negative
            visits += 1
            if visits > MAX_SQLITE_LEVEL_VISITS:
                return levels, False
            for position, index in enumerate(indexes):
                if index + 1 < len(outcomes[position]):
                    following = (*indexes[:position], index + 1, *indexes[position + 1 :])
                    if following not in seen:
                        seen.add(following)
                        weight = outcomes[position][index + 1][2] - outcomes[position][index][2]
                        heapq.heappush(heap, (negative - weight, following))
            combination = [outcomes[position][index] for position, index in enumerate(indexes)]
            positives = [match for match, _before, _weight in combination if match is not None]
            # Every term matches one of its conditions (an entry matching none of a term's
            # conditions is no candidate).
            if not all(term & set(positives) for term in terms):
                continue
            negatives = [match for _match, before, _weight in combination for match, _w in before]
            expression = "(" + " AND ".join(_fts5(match) for match in positives) + ")"
            if negatives:
                expression += " NOT " + _fts5(AnyOf(tuple(dict.fromkeys(negatives))))
            level.append(expression)
        if level:
            levels[level_score] = level
        return levels, True

    def sqlite_level_page(self) -> list[tuple] | None:
        """SQLite: the page read score level by score level, or None (another database or
        sort, no words, a partial query). A candidate's score is fixed by which condition
        of each score group holds first (or none): each such combination is one FTS5
        expression (its conditions, AND NOT those before them and those of the groups that
        score nothing), and the combinations of one score make a level. Each level, from
        the highest, is one lookup of the FTS5 table whose matches (passing the audience and
        the filters) are ordered by date, title and id from the covering index
        `search_entry_rank` keeping the first offset + page size; one last part scores
        every other candidate as `page` does. The parts are one UNION ALL under the page's
        LIMIT, which SQLite runs in order and stops once the page is full: the parts after
        it are never read. The same rows as `page`, reading only the top levels when they
        hold the page (docs/SEARCH.md, "How a database search runs")."""
        query = self.query
        if (
            connection.vendor != "sqlite"
            or query.sort != "relevance"
            or not isinstance(self.node, AllOf)
            or query.minimum_match is not None
        ):
            return None
        levels, complete = self._sqlite_levels()
        if not levels:
            return None
        where, where_params = self.where("c.id")
        keep = query.offset + query.page_size
        by_rank = "ORDER BY r.date DESC NULLS LAST, r.title, r.id LIMIT %s"
        parts, params = [], []
        for score, expressions in levels.items():
            parts.append(
                f"SELECT * FROM (SELECT c.id AS id, {int(score)} AS score FROM "
                f"(SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) c "
                f"JOIN {_ENTRY} r{_rank_index()} ON r.id = c.id WHERE {where} {by_rank})"
            )
            params += [" OR ".join(f"({expression})" for expression in expressions)]
            params += [*where_params, keep]
        if not complete:
            lowest = min(levels)
            candidates, candidate_params = self.candidates
            score, score_params = self.score("c.id")
            parts.append(
                f"SELECT * FROM (SELECT id, score FROM (SELECT c.id AS id, {score} AS score, "
                f"r.date AS date, r.title AS title FROM ({candidates}) c "
                f"JOIN {_ENTRY} r{_rank_index()} ON r.id = c.id WHERE {where}) "
                f"WHERE score < %s ORDER BY score DESC, date DESC NULLS LAST, title, id "
                "LIMIT %s)"
            )
            params += [*score_params, *candidate_params, *where_params, lowest, keep]
        columns = ", ".join(f"e.{name}" for name in _PAGE_COLUMNS)
        sql = (
            f"SELECT {columns}, p.score FROM ({' UNION ALL '.join(parts)} LIMIT %s OFFSET %s) p "
            f"JOIN {_ENTRY} e ON e.id = p.id "
            "ORDER BY p.score DESC, e.date DESC NULLS LAST, e.title, e.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, query.page_size, query.offset])
            return cursor.fetchall()

    def page(self, node=None) -> list[tuple]:
        """The page's rows (the columns of a hit and the score) among the candidates of
        `node` (by default the query's): the candidates are scored and sorted, then the
        page's rows are read in full."""
        query = self.query
        candidates, candidate_params = _candidates(node or self.node)
        where, where_params = self.where("c.id")
        # The entry's id breaks the last ties: entries alike in score, date and title keep
        # one order, so consecutive pages neither repeat nor skip one of them.
        by_date = "r.date DESC NULLS LAST, r.title, r.id"
        if query.sort == "date":
            inner_score, inner_params = "0", []
            outer_score, outer_params = self.score("e.id")
            order, outer_order = by_date, "e.date DESC NULLS LAST, e.title, e.id"
        else:
            inner_score, inner_params = self.score("c.id")
            outer_score, outer_params = "p.score", []
            order = f"score DESC, {by_date}"
            outer_order = "p.score DESC, e.date DESC NULLS LAST, e.title, e.id"
        columns = ", ".join(f"e.{name}" for name in _PAGE_COLUMNS)
        sql = (
            f"SELECT {columns}, {outer_score} FROM ("
            f"SELECT c.id AS id, {inner_score} AS score "
            f"FROM ({candidates}) c JOIN {_ENTRY} r{_rank_index()} ON r.id = c.id WHERE {where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s) p "
            f"JOIN {_ENTRY} e ON e.id = p.id ORDER BY {outer_order}"
        )
        params = [
            *outer_params,
            *inner_params,
            *candidate_params,
            *where_params,
            query.page_size,
            query.offset,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
