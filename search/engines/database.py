"""The database engine: the embedded default, on SQLite or PostgreSQL.

Text is analysed in Python (search.analysis) and stored as space-separated terms in
`SearchEntry`; the database keeps a real full-text index over those terms (migration
search.0005): an FTS5 table on SQLite, generated `tsvector` columns ('simple' configuration)
with GIN indexes on PostgreSQL, chosen by the connection's vendor. The database stems and
folds nothing, so Czech behaves exactly as on Elasticsearch. Audiences and facets are rows
of `SearchEntryFacet`; the typo vocabulary is `SearchWord`, kept by every write.

A search runs a fixed number of queries: the count, the scored page, one for the facets
(plus one per facet the person filters by), and one per typo-tolerant word for the
vocabulary.
"""

import difflib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, Func, IntegerField, Q, Value, When
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
TSV_SUFFIX = "_tsv"  # PostgreSQL: the generated tsvector column of each analysed field
MIN_VOCABULARY_WORD = 4
WRITE_BATCH = 200  # documents per write transaction
_ENTRY_TABLE = SearchEntry._meta.db_table
_FACET_TABLE = SearchEntryFacet._meta.db_table
_WORD_TABLE = SearchWord._meta.db_table


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
    joiner = " OR " if isinstance(node, AnyOf) else " AND "
    return "(" + joiner.join(_fts5(part) for part in node.parts) + ")"


def _tsquery_token(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery(match: Match) -> str:
    if match.prefix:
        return _tsquery_token(match.phrases[0][0]) + ":*"
    return " | ".join(
        "(" + " <-> ".join(_tsquery_token(token) for token in phrase) + ")"
        for phrase in match.phrases
    )


def _postgresql(node) -> tuple[str, list]:
    """A WHERE condition on the generated tsvector columns, and its parameters."""
    if isinstance(node, Match):
        query = _tsquery(node)
        sql = " OR ".join(
            f"{field}{TSV_SUFFIX} @@ to_tsquery('simple'::regconfig, %s)" for field in node.fields
        )
        return f"({sql})", [query] * len(node.fields)
    parts = [_postgresql(part) for part in node.parts]
    joiner = " OR " if isinstance(node, AnyOf) else " AND "
    return (
        "(" + joiner.join(sql for sql, _params in parts) + ")",
        [param for _sql, params in parts for param in params],
    )


class Matches(Func):
    """True for the entries the full-text index finds for `node`: `pk IN (<index lookup>)`,
    which both databases run once per statement, from the index."""

    def __init__(self, node):
        super().__init__(F("pk"), output_field=BooleanField())
        self.node = node

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            where, where_params = _postgresql(self.node)
            table = connection.ops.quote_name(SearchEntry._meta.db_table)
            return f"{pk_sql} IN (SELECT id FROM {table} WHERE {where})", [
                *params,
                *where_params,
            ]
        if connection.vendor == "sqlite":
            return (
                f"{pk_sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
                [*params, _fts5(self.node)],
            )
        raise NotImplementedError(f"No full-text index for {connection.vendor}.")


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
            counters.setdefault(audience[:120], Counter()).update(words)

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


_ENTRY_COLUMNS = (
    *("key", "kind", "title", "url", "summary", "body", "date", "place"),
    *("title_terms", "summary_terms", "body_terms", "lemmas", "words"),
    *("audiences", "version", "content_hash", "updated_at"),
)


def add_to_vocabulary(changes: VocabularyChanges) -> None:
    """Add the counted changes to `SearchWord` (an upsert per chunk of words)."""
    rows = changes.rows()
    if not rows:
        return
    table = _WORD_TABLE
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
    ) -> None:
        """Write documents, WRITE_BATCH per transaction, a fixed number of queries each;
        with `versions`, a document older than the stored one is skipped (the rows are
        locked on PostgreSQL, and SQLite writes one transaction at a time). The typo
        vocabulary changes with each batch, or, given `vocabulary`, are counted there for
        the caller to write later (`add_to_vocabulary`: a rebuild writes them once for
        many batches)."""
        batch: list[AnalysedDocument] = []
        for document in documents:
            batch.append(analyse(document))
            if len(batch) >= WRITE_BATCH:
                self._write(batch, versions, vocabulary)
                batch = []
        if batch:
            self._write(batch, versions, vocabulary)

    @staticmethod
    def _stored(keys: Iterable[str]) -> dict[str, dict]:
        rows = SearchEntry.objects.filter(key__in=sorted(keys)).order_by("key")
        if connection.features.has_select_for_update:
            rows = rows.select_for_update()
        return {
            row["key"]: row for row in rows.values("pk", "key", "version", "words", "audiences")
        }

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
    ) -> None:
        """Replace the entries of a batch: lock and read the stored ones, delete them, insert
        the new ones and their facets (multi-row INSERTs of plain values, no model instances),
        and count the vocabulary changes; 5 statements, 6 with the vocabulary."""
        self._typo_memo.clear()
        latest = {analysed.key: analysed for analysed in batch}
        stored = self._stored(latest)
        if versions is not None:
            latest = {
                key: analysed
                for key, analysed in latest.items()
                if key not in stored or stored[key]["version"] <= versions.get(key, 0)
            }
        changes = VocabularyChanges() if vocabulary is None else vocabulary
        replaced = [stored[key] for key in latest if key in stored]
        self._delete_rows(replaced)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        rows = []
        for key, analysed in latest.items():
            rows.append(self._entry(analysed, (versions or {}).get(key, 0), now))
            document, old = analysed.document, stored.get(key)
            words = analysed.fields["words"]
            if old is not None:
                if old["words"] == words and old["audiences"].split() == list(document.audiences):
                    continue  # the same words for the same people: nothing to count
                changes.count(set(old["words"].split()), old["audiences"].split(), -1)
            distinct = analysed.vocabulary
            changes.count(
                set(words.split()) if distinct is None else distinct, document.audiences, 1
            )
        with connection.cursor() as cursor:
            returned = _insert(cursor, _ENTRY_TABLE, _ENTRY_COLUMNS, rows, "id, key")
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
            _insert(cursor, _FACET_TABLE, ("entry_id", "name", "value"), facets)
        if vocabulary is None:
            add_to_vocabulary(changes)

    @staticmethod
    def _entry(analysed: AnalysedDocument, version: int, now) -> tuple:
        """The values of one entry row, in the order of _ENTRY_COLUMNS."""
        document, fields = analysed.document, analysed.fields
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
            fields[LEMMA_FIELD],
            fields["words"],
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

    def indexed_keys(self) -> set[str]:
        return set(SearchEntry.objects.values_list("key", flat=True))

    @transaction.atomic
    def clear(self) -> None:
        # Raw statements, not the ORM's delete() and its post_delete signal per row.
        with connection.cursor() as cursor:
            for table in (_FACET_TABLE, _ENTRY_TABLE, _WORD_TABLE):
                cursor.execute(f"DELETE FROM {table}")

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

    def _visible(self, query: SearchQuery):
        if not query.audiences:
            return SearchEntry.objects.none()
        return SearchEntry.objects.filter(
            pk__in=SearchEntryFacet.objects.filter(
                name=AUDIENCE, value__in=sorted(query.audiences)
            ).values("entry_id")
        )

    @staticmethod
    def _with_facets(entries, filters: dict[str, tuple[str, ...]], *, skip: str = ""):
        for name, values in filters.items():
            if name == skip or not values:
                continue
            entries = entries.filter(
                pk__in=SearchEntryFacet.objects.filter(name=name, value__in=values).values(
                    "entry_id"
                )
            )
        return entries

    def _matching(self, query: SearchQuery):
        """(visible entries matching the query's terms, their score expression)."""
        matching = self._visible(query)
        score = Value(0, output_field=IntegerField())
        matched_terms = Value(0, output_field=IntegerField())
        term_nodes = []
        typos = self._typo_candidates(query)
        for term in query.terms:
            conditions = self._term_conditions(term, typos)
            if not conditions:
                term_nodes.append(None)
                continue
            node = AnyOf(tuple(match for match, _weight in conditions))
            term_nodes.append(node)
            if query.minimum_match is not None:
                matched_terms = matched_terms + Case(
                    When(Matches(node), then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            # The lemma conditions add to the stem ones (exact and lemma matches rank above
            # stem-only ones); within each group the strongest condition counts.
            lemma_count = len([1 for lemmas, _weight in term_lemmas(term) if _phrases(lemmas)])
            for group in (conditions[:lemma_count], conditions[lemma_count:]):
                if group:
                    score = score + Case(
                        *(When(Matches(match), then=Value(weight)) for match, weight in group),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
        if query.minimum_match is None:
            if None in term_nodes:
                return SearchEntry.objects.none(), score
            if term_nodes:
                matching = matching.filter(Matches(AllOf(tuple(term_nodes))))
        else:
            found = [node for node in term_nodes if node is not None]
            if not found:
                return SearchEntry.objects.none(), score
            matching = (
                matching.filter(Matches(AnyOf(tuple(found))))
                .alias(matched_terms=matched_terms)
                .filter(matched_terms__gte=query.minimum_match)
            )
        return matching, score

    def _facets(self, matching, filters: dict[str, tuple[str, ...]]) -> dict[str, dict[str, int]]:
        """Counts per facet value: one query for the facets nobody filters by, one per
        filtered facet (its counts ignore its own filter, so several values can be chosen)."""
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        filtered_names = [name for name in FACETS if filters.get(name)]
        groups = [([name for name in FACETS if name not in filtered_names], "")]
        groups += [([name], name) for name in filtered_names]
        for names, skip in groups:
            if not names:
                continue
            entries = self._with_facets(matching, filters, skip=skip)
            rows = (
                SearchEntryFacet.objects.filter(name__in=names, entry_id__in=entries.values("pk"))
                .values("name", "value")
                .annotate(count=Count("entry_id"))
                .order_by("name", "-count", "value")
            )
            for row in rows:
                facets[row["name"]][row["value"]] = row["count"]
        return facets

    def search(self, query: SearchQuery) -> SearchResults:
        matching, score = self._matching(query)
        filtered = self._with_facets(matching, query.filters)
        total = filtered.count()
        if query.sort == "date":
            ordering = [F("date").desc(nulls_last=True), "title"]
        else:
            ordering = ["-score", F("date").desc(nulls_last=True), "title"]
        page = list(
            filtered.annotate(score=score)
            .only("key", "kind", "title", "url", "summary", "body", "date", "place")
            .order_by(*ordering)[query.offset : query.offset + query.page_size]
        )
        hits = [
            make_hit(
                query,
                {
                    "key": entry.key,
                    "kind": entry.kind,
                    "title": entry.title,
                    "url": entry.url,
                    "summary": entry.summary,
                    "body": entry.body,
                    "date": entry.date,
                    "place": entry.place,
                },
                float(entry.score),
            )
            for entry in page
        ]
        return SearchResults(
            total=total,
            hits=hits,
            facets=self._facets(matching, query.filters),
            engine=self.name,
        )

    def term_counts(self, query: SearchQuery) -> list[tuple[int, int]]:
        visible = self._with_facets(self._visible(query), query.filters)
        aggregates = {}
        typos = self._typo_candidates(query)
        for index, term in enumerate(query.terms):
            for name, term_typos in (("exact", None), ("any", typos)):
                conditions = self._term_conditions(term, term_typos)
                if conditions:
                    node = AnyOf(tuple(match for match, _weight in conditions))
                    aggregates[f"{name}_{index}"] = Count("pk", filter=Q(Matches(node)))
        counts = visible.aggregate(**aggregates) if aggregates else {}
        return [
            (counts.get(f"exact_{index}", 0), counts.get(f"any_{index}", 0))
            for index in range(len(query.terms))
        ]

    def similar_words(self, query: SearchQuery, word: str) -> list[str]:
        close = difflib.get_close_matches(word, self._vocabulary(query, [word], 0.75), 3, 0.75)
        if not close:
            return []
        texts = self._visible(query).filter(Matches(Match(("words",), _phrases(close))))[:5]
        return as_written(
            close,
            (text for row in texts.values_list("title", "summary", "body") for text in row),
        )
