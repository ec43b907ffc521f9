"""The database engine: the embedded default, on SQLite or PostgreSQL alike.

Text is analysed in Python (search.analysis) and stored space-padded in `SearchEntry`, so a
term is a whole-word `LIKE` match that both databases run the same way; facets are rows of
`SearchEntryFacet`. Each search runs a fixed number of queries (count, page, one per facet).
It suits the demo and small deployments; Elasticsearch takes over for production volumes.
"""

import difflib
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When

from search.analysis import MAX_WORD_LENGTH
from search.documents import FACETS, SearchDocument
from search.engines.base import (
    FIELD_WEIGHTS,
    FUZZY_WEIGHT,
    LEMMA_FIELD,
    PREFIX_WEIGHT,
    SearchEngine,
    SearchResults,
    analysed_fields,
    as_written,
    make_hit,
    term_lemmas,
    term_stems,
    uses_fuzzy,
    uses_prefix,
)
from search.fingerprint import content_hash
from search.models import SearchEntry, SearchEntryFacet
from search.query import SearchQuery, Term

VOCABULARY_CACHE_KEY = "search:database:vocabulary"


def _padded(text: str) -> str:
    return f" {text} " if text else ""


def _any_word(field: str, values) -> Q:
    """Whole-word match of any of `values` in a space-padded field (an empty Q for none)."""
    condition = Q()
    for value in values:
        condition |= Q(**{f"{field}__contains": f" {value} "})
    return condition


class DatabaseEngine(SearchEngine):
    name = "database"

    @transaction.atomic
    def index(
        self, documents: Iterable[SearchDocument], *, versions: dict[str, int] | None = None
    ) -> None:
        """Write documents; with `versions`, a document older than the stored one is skipped
        (the row is locked, so concurrent drains of one key write one after the other)."""
        for document in sorted(documents, key=lambda item: item.key):  # one lock order
            version = (versions or {}).get(document.key, 0)
            if versions is not None:
                stored = (
                    SearchEntry.objects.select_for_update()
                    .filter(key=document.key)
                    .values_list("version", flat=True)
                    .first()
                )
                if stored is not None and stored > version:
                    continue  # a newer version is already there
            entry, _created = SearchEntry.objects.update_or_create(
                key=document.key,
                defaults={
                    "kind": document.kind,
                    "title": document.title[:500],
                    "url": document.url[:500],
                    "summary": document.summary,
                    "body": document.body,
                    "date": document.date,
                    "place": document.place[:200],
                    **{name: _padded(text) for name, text in analysed_fields(document).items()},
                    "audiences": _padded(" ".join(document.audiences)),
                    "version": version,
                    "content_hash": content_hash(document),
                },
            )
            entry.facets.all().delete()
            SearchEntryFacet.objects.bulk_create(
                SearchEntryFacet(entry=entry, name=name, value=value[:120])
                for name, values in document.facet_values().items()
                for value in dict.fromkeys(values)
            )
        cache.delete(VOCABULARY_CACHE_KEY)

    def remove(self, keys: Iterable[str], *, versions: dict[str, int] | None = None) -> None:
        """Remove entries; with `versions`, only those not newer than the given version."""
        keys = list(keys)
        if versions is None:
            SearchEntry.objects.filter(key__in=keys).delete()
        else:
            for key in sorted(keys):
                SearchEntry.objects.filter(key=key, version__lte=versions.get(key, 0)).delete()
        cache.delete(VOCABULARY_CACHE_KEY)

    def indexed_keys(self) -> set[str]:
        return set(SearchEntry.objects.values_list("key", flat=True))

    def clear(self) -> None:
        SearchEntry.objects.all().delete()
        cache.delete(VOCABULARY_CACHE_KEY)

    # --- querying --------------------------------------------------------------------------

    def _vocabulary(self, query: SearchQuery) -> list[str]:
        """Distinct folded words (4+ letters) of the titles, summaries and bodies of the
        documents the person may read: typo tolerance and "did you mean" (cached per set
        of audiences until the next write)."""
        vocabularies = cache.get(VOCABULARY_CACHE_KEY) or {}
        audiences = " ".join(sorted(query.audiences))
        vocabulary = vocabularies.get(audiences)
        if vocabulary is None:
            found: set[str] = set()
            for words in self._visible(query).values_list("words", flat=True).iterator():
                found.update(word for word in words.split() if 4 <= len(word) <= MAX_WORD_LENGTH)
            vocabulary = sorted(found)
            vocabularies[audiences] = vocabulary
            cache.set(VOCABULARY_CACHE_KEY, vocabularies, 300)
        return vocabulary

    def _term_conditions(
        self, term: Term, query: SearchQuery, *, fuzzy: bool = True
    ) -> list[tuple[Q, int]]:
        """(condition, weight) pairs, strongest first; a term matches when any holds."""
        conditions = []
        for lemmas, weight in term_lemmas(term):
            conditions.append((_any_word(LEMMA_FIELD, lemmas), weight))
        for field, weight in FIELD_WEIGHTS.items():
            conditions.append((_any_word(field, term_stems(term)), weight))
            for alternative in term.alternatives:
                conditions.append((_any_word(field, [" ".join(alternative)]), weight))
        if uses_prefix(term):
            conditions.append((Q(words__contains=f" {term.folded}"), PREFIX_WEIGHT))
        if fuzzy and uses_fuzzy(term):
            closest = difflib.get_close_matches(term.folded, self._vocabulary(query), 3, 0.8)
            conditions.extend(
                (Q(words__contains=f" {close} "), FUZZY_WEIGHT)
                for close in closest
                if close != term.folded
            )
        return [(condition, weight) for condition, weight in conditions if condition]

    def _visible(self, query: SearchQuery):
        audience = Q()
        for token in query.audiences:
            audience |= Q(audiences__contains=f" {token} ")
        return SearchEntry.objects.filter(audience) if audience else SearchEntry.objects.none()

    @staticmethod
    def _with_facets(entries, filters: dict[str, tuple[str, ...]], *, skip: str = ""):
        for name, values in filters.items():
            if name == skip or not values:
                continue
            entries = entries.filter(
                Exists(
                    SearchEntryFacet.objects.filter(
                        entry=OuterRef("pk"), name=name, value__in=values
                    )
                )
            )
        return entries

    def _matching(self, query: SearchQuery):
        """(visible entries matching the query's terms, their score expression)."""
        matching = self._visible(query)
        score = Value(0, output_field=IntegerField())
        matched_terms = Value(0, output_field=IntegerField())
        for term in query.terms:
            conditions = self._term_conditions(term, query)
            any_condition = Q()
            for condition, _weight in conditions:
                any_condition |= condition
            if query.minimum_match is None:
                matching = matching.filter(any_condition)
            else:
                matched_terms = matched_terms + Case(
                    When(any_condition, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            # The lemma conditions add to the stem ones (exact and lemma matches rank above
            # stem-only ones); within each group the strongest condition counts.
            lemma_conditions = conditions[: len(term_lemmas(term))]
            for group in (lemma_conditions, conditions[len(lemma_conditions) :]):
                if group:
                    score = score + Case(
                        *(When(condition, then=Value(weight)) for condition, weight in group),
                        default=Value(0),
                        output_field=IntegerField(),
                    )
        if query.minimum_match is not None:
            matching = matching.alias(matched_terms=matched_terms).filter(
                matched_terms__gte=query.minimum_match
            )
        return matching, score

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
            .defer("title_terms", "summary_terms", "body_terms", LEMMA_FIELD, "words", "audiences")
            .order_by(*ordering)[query.offset : query.offset + query.page_size]
        )
        facets = {}
        for name in FACETS:
            rows = (
                SearchEntryFacet.objects.filter(
                    name=name, entry__in=self._with_facets(matching, query.filters, skip=name)
                )
                .values("value")
                .annotate(count=Count("entry", distinct=True))
                .order_by("-count", "value")
            )
            facets[name] = {row["value"]: row["count"] for row in rows}
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
        return SearchResults(total=total, hits=hits, facets=facets, engine=self.name)

    def term_counts(self, query: SearchQuery) -> list[tuple[int, int]]:
        visible = self._with_facets(self._visible(query), query.filters)
        aggregates = {}
        for index, term in enumerate(query.terms):
            for name, fuzzy in (("exact", False), ("any", True)):
                condition = Q()
                for part, _weight in self._term_conditions(term, query, fuzzy=fuzzy):
                    condition |= part
                aggregates[f"{name}_{index}"] = Count("pk", filter=condition)
        counts = visible.aggregate(**aggregates) if aggregates else {}
        return [
            (counts[f"exact_{index}"], counts[f"any_{index}"]) for index in range(len(query.terms))
        ]

    def similar_words(self, query: SearchQuery, word: str) -> list[str]:
        close = difflib.get_close_matches(word, self._vocabulary(query), 3, 0.75)
        if not close:
            return []
        texts = self._visible(query).filter(_any_word("words", close))[:5]
        return as_written(
            close,
            (text for row in texts.values_list("title", "summary", "body") for text in row),
        )
