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


def vocabulary_words(words_text: str) -> list[str]:
    return [
        word
        for word in set(words_text.split())
        if MIN_VOCABULARY_WORD <= len(word) <= MAX_WORD_LENGTH
    ]


def _count_words(counter: Counter, words_text: str, audiences: Iterable[str], step: int) -> None:
    """Count (audience, word) pairs of one entry in (step 1) or out (step -1)."""
    pairs = [
        (audience[:120], word) for word in vocabulary_words(words_text) for audience in audiences
    ]
    if step > 0:
        counter.update(pairs)
    else:
        counter.subtract(pairs)


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
    ) -> None:
        """Write documents, WRITE_BATCH per transaction, a fixed number of queries each;
        with `versions`, a document older than the stored one is skipped (the rows are
        locked on PostgreSQL, and SQLite writes one transaction at a time)."""
        batch: list[AnalysedDocument] = []
        for document in documents:
            batch.append(analyse(document))
            if len(batch) >= WRITE_BATCH:
                self._write(batch, versions)
                batch = []
        if batch:
            self._write(batch, versions)

    @staticmethod
    def _stored(keys: Iterable[str]) -> dict[str, dict]:
        rows = SearchEntry.objects.filter(key__in=sorted(keys)).order_by("key")
        if connection.features.has_select_for_update:
            rows = rows.select_for_update()
        return {
            row["key"]: row for row in rows.values("pk", "key", "version", "words", "audiences")
        }

    @staticmethod
    def _delete_rows(rows: list[dict], vocabulary: Counter) -> None:
        """Delete entries (their facets and their index entries with them) and count their
        words out of the vocabulary."""
        if not rows:
            return
        for row in rows:
            _count_words(vocabulary, row["words"], row["audiences"].split(), -1)
        ids = [row["pk"] for row in rows]
        SearchEntryFacet.objects.filter(entry_id__in=ids).delete()
        table = connection.ops.quote_name(SearchEntry._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids)

    @transaction.atomic
    def _write(self, batch: list[AnalysedDocument], versions: dict[str, int] | None) -> None:
        self._typo_memo.clear()
        latest = {analysed.key: analysed for analysed in batch}
        stored = self._stored(latest)
        if versions is not None:
            latest = {
                key: analysed
                for key, analysed in latest.items()
                if key not in stored or stored[key]["version"] <= versions.get(key, 0)
            }
        vocabulary: Counter = Counter()
        self._delete_rows([stored[key] for key in latest if key in stored], vocabulary)
        entries = SearchEntry.objects.bulk_create(
            [
                self._entry(analysed, (versions or {}).get(key, 0))
                for key, analysed in latest.items()
            ]
        )
        facets = []
        for entry, analysed in zip(entries, latest.values(), strict=True):
            document = analysed.document
            values = {**document.facet_values(), AUDIENCE: list(document.audiences)}
            facets += [
                SearchEntryFacet(entry_id=entry.pk, name=name, value=value[:120])
                for name, values_of_name in values.items()
                for value in dict.fromkeys(value[:120] for value in values_of_name)
            ]
            _count_words(vocabulary, entry.words, document.audiences, 1)
        SearchEntryFacet.objects.bulk_create(facets)
        self._add_to_vocabulary(vocabulary)

    @staticmethod
    def _entry(analysed: AnalysedDocument, version: int) -> SearchEntry:
        document = analysed.document
        return SearchEntry(
            key=document.key,
            kind=document.kind,
            title=document.title[:500],
            url=document.url[:500],
            summary=document.summary,
            body=document.body,
            date=document.date,
            place=document.place[:200],
            **analysed.fields,
            audiences=" ".join(document.audiences),
            version=version,
            content_hash=analysed.content_hash,
        )

    @staticmethod
    def _add_to_vocabulary(changes: Counter) -> None:
        """Add the counted changes to `SearchWord` (an upsert per chunk of words)."""
        rows = [(word, audience, step) for (audience, word), step in changes.items() if step]
        if not rows:
            return
        table = connection.ops.quote_name(SearchWord._meta.db_table)
        size = max(connection.features.max_query_params or 30000, 3) // 3
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
        vocabulary: Counter = Counter()
        self._delete_rows(rows, vocabulary)
        self._add_to_vocabulary(vocabulary)

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
        SearchWord.objects.filter(documents__lte=0).delete()
        return len(stale)

    def indexed_keys(self) -> set[str]:
        return set(SearchEntry.objects.values_list("key", flat=True))

    @transaction.atomic
    def clear(self) -> None:
        SearchEntryFacet.objects.all().delete()
        SearchEntry.objects.all().delete()
        SearchWord.objects.all().delete()

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
