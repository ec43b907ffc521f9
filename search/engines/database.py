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

from search.analysis import tokens
from search.documents import FACETS, SearchDocument
from search.engines.base import (
    FIELD_WEIGHTS,
    FUZZY_WEIGHT,
    PREFIX_WEIGHT,
    SearchEngine,
    SearchHit,
    SearchResults,
    analysed_fields,
)
from search.fingerprint import content_hash
from search.models import SearchEntry, SearchEntryFacet
from search.query import SearchQuery, Term, best_snippet

VOCABULARY_CACHE_KEY = "search:database:vocabulary"


def _padded(text: str) -> str:
    return f" {text} " if text else ""


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

    def _vocabulary(self) -> list[str]:
        """Distinct folded words of titles and summaries, for typo tolerance (cached until the
        next write). Bodies are left out to keep the comparison fast; Elasticsearch's fuzzy
        query covers them."""
        vocabulary = cache.get(VOCABULARY_CACHE_KEY)
        if vocabulary is None:
            words: set[str] = set()
            for title, summary in SearchEntry.objects.values_list("title", "summary"):
                words.update(word for word in tokens(f"{title} {summary}") if len(word) >= 4)
            vocabulary = sorted(words)
            cache.set(VOCABULARY_CACHE_KEY, vocabulary, 300)
        return vocabulary

    def _term_conditions(self, term: Term) -> list[tuple[Q, int]]:
        """(condition, weight) pairs; a term matches when any condition holds."""
        conditions = []
        for field, weight in FIELD_WEIGHTS.items():
            if not term.is_phrase:
                conditions.append((Q(**{f"{field}__contains": f" {term.stem} "}), weight))
            for alternative in term.alternatives:
                phrase = " ".join(alternative)
                conditions.append((Q(**{f"{field}__contains": f" {phrase} "}), weight))
        if term.is_last and not term.is_phrase and len(term.folded) >= 2:
            conditions.append((Q(words__contains=f" {term.folded}"), PREFIX_WEIGHT))
        if len(term.folded) >= 4 and not term.is_phrase:
            vocabulary = self._vocabulary()
            for close in difflib.get_close_matches(term.folded, vocabulary, n=3, cutoff=0.8):
                if close != term.folded:
                    conditions.append((Q(words__contains=f" {close} "), FUZZY_WEIGHT))
        return conditions

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

    def search(self, query: SearchQuery) -> SearchResults:
        matching = self._visible(query)
        score = Value(0, output_field=IntegerField())
        for term in query.terms:
            conditions = self._term_conditions(term)
            any_condition = Q()
            for condition, _weight in conditions:
                any_condition |= condition
            matching = matching.filter(any_condition)
            score = score + Case(
                *(When(condition, then=Value(weight)) for condition, weight in conditions),
                default=Value(0),
                output_field=IntegerField(),
            )
        filtered = self._with_facets(matching, query.filters)
        total = filtered.count()
        if query.sort == "date":
            ordering = [F("date").desc(nulls_last=True), "title"]
        else:
            ordering = ["-score", F("date").desc(nulls_last=True), "title"]
        page = list(
            filtered.annotate(score=score)
            .defer("title_terms", "summary_terms", "body_terms", "words", "audiences")
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
            SearchHit(
                key=entry.key,
                kind=entry.kind,
                title=entry.title,
                url=entry.url,
                snippet=best_snippet(entry.summary, entry.body, query.terms),
                date=entry.date,
                place=entry.place,
                score=float(entry.score),
            )
            for entry in page
        ]
        return SearchResults(total=total, hits=hits, facets=facets, engine=self.name)
