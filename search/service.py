"""The one search API the page, the JSON API and suggestions use.

It validates the request (filters, page, sort), limits the query to the person's audiences,
asks Elasticsearch when configured, and falls back to the database engine, with a notice,
when Elasticsearch does not answer. Nothing a person types reaches an engine as syntax.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.page_cache import cached_until_content_changes, content_key
from search import registry
from search.documents import FACETS
from search.engines.base import SearchEngineUnavailable, SearchResults
from search.engines.database import DatabaseEngine
from search.permissions import audiences_for
from search.query import MAX_PAGE_SIZE, PAGE_SIZE, SORTS, SearchQuery, clean_query, parse_terms

logger = logging.getLogger(__name__)
MAX_PAGE = 100
MAX_CORRECTIONS = 3  # query words one "did you mean" may correct
_WORD = re.compile(r"\w+", re.UNICODE)
# What does not change from one request to the next is cached in the default cache under
# keys that carry the content generation of core.page_cache: any change to content (a
# glossary term, a topic, a municipality, a promotion, …) or to the index gives a new
# generation, so the next request sees it at once; entries of old generations expire.
CACHE_SECONDS = 300


def cached(name: str, compute, *parts):
    """`compute()`, kept until the content changes (or CACHE_SECONDS)."""
    return cached_until_content_changes(f"search:{name}", compute, *parts, timeout=CACHE_SECONDS)


def facet_labels() -> dict[str, dict[str, str]]:
    """search.labels.value_labels() in the active language, cached until content changes."""
    from search.labels import value_labels

    return cached("labels", value_labels, get_language())


@dataclass
class SearchRequest:
    """A validated request: what was asked, and what was dropped as unknown."""

    text: str
    filters: dict[str, tuple[str, ...]]
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    problems: list[str] = field(default_factory=list)  # unknown filters or sort: dropped
    paging_problems: list[str] = field(default_factory=list)  # invalid page or page size


def allowed_facet_values(
    labels: dict[str, dict[str, str]] | None = None,
) -> dict[str, set[str] | None]:
    """Values each filter accepts: the values people can be shown a label for (see
    search.labels), the registered kinds, and any year; None accepts any value."""
    labels = labels if labels is not None else facet_labels()
    allowed: dict[str, set[str] | None] = {name: set(values) for name, values in labels.items()}
    allowed["kind"] = set(registry.kinds())
    allowed["year"] = None
    return allowed


def _positive_int(raw, default: int, maximum: int) -> tuple[int, bool]:
    try:
        number = int(str(raw))
    except (TypeError, ValueError):
        return default, raw not in (None, "")
    if number < 1:
        return default, True
    return min(number, maximum), number > maximum


def search_request_from(params, *, labels: dict | None = None) -> SearchRequest:
    """Read q, filters, sort, page and page size from a QueryDict; never raises. `labels`
    (search.labels.value_labels()) may be passed by a caller that shows them anyway."""
    text = clean_query(params.get("q", ""))
    problems = []
    allowed = allowed_facet_values(labels)
    filters = {}
    for name in FACETS:
        values = [clean_query(value) for value in params.getlist(name) if value.strip()]
        accepted = allowed[name]
        if name == "year":
            kept = [value for value in values if value.isdigit() and len(value) == 4]
        else:
            kept = [value for value in values if accepted is None or value in accepted]
        dropped = [value for value in values if value not in kept]
        if dropped:
            problems.append(
                _("Filtr „%(name)s“ nezná hodnotu %(values)s, a proto jsme ji vynechali.")
                % {"name": name, "values": ", ".join(f"„{value}“" for value in dropped)}
            )
        if kept:
            filters[name] = tuple(dict.fromkeys(kept))
    sort = params.get("sort", "relevance")
    if sort not in SORTS:
        problems.append(_("Takové řazení neznáme, řadíme podle relevance."))
        sort = "relevance"
    paging_problems = []
    page, page_problem = _positive_int(params.get("page"), 1, MAX_PAGE)
    if page_problem:
        paging_problems.append(
            _("Stránka výsledků musí být kladné číslo do %(max)s.") % {"max": MAX_PAGE}
        )
    page_size, size_problem = _positive_int(params.get("page_size"), PAGE_SIZE, MAX_PAGE_SIZE)
    if size_problem:
        paging_problems.append(
            _("Počet výsledků na stránku musí být kladné číslo do %(max)s.")
            % {"max": MAX_PAGE_SIZE}
        )
    return SearchRequest(text, filters, sort, page, page_size, problems, paging_problems)


def synonym_sets() -> list[list[str]]:
    """The synonym sets of every provider (the glossary), cached until content changes."""
    return cached(
        "synonyms",
        lambda: [group for provider in registry.synonym_providers() for group in provider()],
    )


def active_engine():
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine()
    return DatabaseEngine()


def _corrected(text: str, replacements: dict[str, str]) -> str:
    """`text` with the words in `replacements` (lower case) replaced."""

    def replace(match: re.Match) -> str:
        word = unicodedata.normalize("NFC", match.group(0).casefold())
        return replacements.get(word, match.group(0))

    return _WORD.sub(replace, text)


def _suggestible(term) -> bool:
    """Whether "did you mean" may correct the term when it is not found as written."""
    return not term.is_phrase and len(term.folded) >= 3


def answer(engine, query: SearchQuery, *, suggest: bool = True) -> SearchResults:
    """The engine's answer to `query`, never a needless zero: when no document the person
    may read matches every word, words that match nothing are left out, and if the others
    still never meet, the documents matching the most of them are returned (partial). With
    `suggest`, words found only with typos or not at all get a "did you mean" from the
    words of the documents the person may read. Typos are tolerated only for words not found
    as written. At most MAX_TERMS + 3 + MAX_CORRECTIONS engine requests.

    The words are first asked for as written: when documents match them all, each word is
    found as written, so the per-word counts (`term_counts`) would change nothing (no typo
    tolerance, nothing left out, no suggestion) and are not asked for: one engine request.
    For one word not found as written, the engine may answer the search with typos and the
    word's similar words together with the counts (`term_counts_ahead`)."""
    as_written = dataclass_replace(
        query, terms=tuple(dataclass_replace(term, typo_tolerant=False) for term in query.terms)
    )
    results = engine.search(as_written)
    if results.total and query.minimum_match is None:
        return results
    typo_query, ahead_results, ahead_similar = None, None, {}
    if len(query.terms) == 1:
        # One word found nowhere as written: unless the checks find it after all (as a
        # prefix), the answer is the search with typo tolerance and the word's "did you
        # mean". The engine may ask them with the checks (one round trip on Elasticsearch).
        typo_query = dataclass_replace(
            query, terms=tuple(dataclass_replace(term, typo_tolerant=True) for term in query.terms)
        )
        words = tuple(term.folded for term in query.terms if suggest and _suggestible(term))
        counts, ahead_results, ahead_similar = engine.term_counts_ahead(query, typo_query, words)
    else:
        counts = engine.term_counts(query)
    query = dataclass_replace(
        query,
        terms=tuple(
            dataclass_replace(term, typo_tolerant=not exact)
            for term, (exact, _found) in zip(query.terms, counts, strict=True)
        ),
    )
    if query != as_written:  # a word is not found as written: typos are tolerated for it
        results = (
            ahead_results
            if ahead_results is not None and query == typo_query
            else engine.search(query)
        )
    left_out = tuple(
        term.word for term, (_exact, found) in zip(query.terms, counts, strict=True) if not found
    )
    partial = False
    if not results.total and len(query.terms) > 1:
        kept = tuple(
            term for term, (_exact, found) in zip(query.terms, counts, strict=True) if found
        )
        for needed in range(len(kept), 0, -1):
            narrowed = dataclass_replace(
                query, terms=kept, minimum_match=None if needed == len(kept) else needed
            )
            narrowed_results = engine.search(narrowed)
            if narrowed_results.total:
                results, partial = narrowed_results, needed < len(kept)
                break
    suggestion = ""
    if suggest:
        replacements = {}
        for term, (exact, found) in zip(query.terms, counts, strict=True):
            if exact or not _suggestible(term):
                continue
            similar = ahead_similar.get(term.folded)
            if similar is None:
                similar = engine.similar_words(query, term.folded)
            if similar:
                replacements[term.word] = similar[0]
            elif not found:
                replacements[term.word] = ""  # found nowhere and nothing like it: drop it
            if len(replacements) == MAX_CORRECTIONS:
                break
        if any(replacements.values()):
            suggestion = " ".join(_corrected(query.text, replacements).split())
    return dataclass_replace(results, left_out=left_out, partial=partial, suggestion=suggestion)


def search(request: SearchRequest, user, *, suggest: bool = True) -> SearchResults:
    """The answer for a person; the same request by people who may read the same documents
    is answered from the cache until content or the index changes (core.page_cache's
    generation: the search outbox's drain task gives a new one too). An answer given by
    the database instead of an unavailable Elasticsearch is not kept."""
    audiences = audiences_for(user)
    parts = (
        request.text,
        sorted(request.filters.items()),
        request.sort,
        request.page,
        request.page_size,
        sorted(audiences),
        suggest,
        get_language(),
        bool(settings.ELASTICSEARCH_URL),
    )
    key = content_key("search:results", *parts)
    results = cache.get(key)
    if results is None:
        results = _search(request, audiences, suggest=suggest)
        if not results.notice:
            cache.set(key, results, CACHE_SECONDS)
    return results


def _search(request: SearchRequest, audiences, *, suggest: bool) -> SearchResults:
    terms = parse_terms(request.text, synonym_sets())
    query = SearchQuery(
        text=request.text,
        terms=terms,
        audiences=audiences,
        filters=request.filters,
        sort=request.sort,
        page=request.page,
        page_size=request.page_size,
    )
    if query.is_empty:
        return SearchResults(total=0, hits=[], facets={}, engine="")
    engine = active_engine()
    try:
        return answer(engine, query, suggest=suggest)
    except SearchEngineUnavailable:
        logger.warning("Elasticsearch did not answer; the database engine answered instead")
        results = answer(DatabaseEngine(), query, suggest=suggest)
        return dataclass_replace(
            results,
            notice=_(
                "Vyhledávací server právě neodpovídá, výsledky proto hledáme v databázi. "
                "Mohou být méně přesné; zkuste to prosím za chvíli znovu."
            ),
        )
