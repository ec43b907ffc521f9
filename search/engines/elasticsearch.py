"""The Elasticsearch engine, through elasticsearch-dsl.

The index holds the same analysed text as the database engine (search.analysis), in fields
analysed by the built-in `whitespace` analyzer, which every distribution has, so the minimal
distribution used in development and tests and a full production cluster rank alike. The
index is versioned behind an alias (`<prefix>-content`): `search_rebuild` fills a new index
and switches the alias in one atomic call, so search keeps answering during a rebuild.
"""

import difflib
import math
import re
import time
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import Q, Search
from elasticsearch.helpers import BulkIndexError, bulk

from search.client import get_client, index_name
from search.documents import FACETS, SearchDocument
from search.engines.base import (
    FIELD_WEIGHTS,
    FUZZY_WEIGHT,
    LEMMA_FIELD,
    PREFIX_WEIGHT,
    AnalysedDocument,
    SearchEngine,
    SearchEngineUnavailable,
    SearchResults,
    analyse,
    as_written,
    make_hit,
    term_lemmas,
    term_stems,
    uses_fuzzy,
    uses_prefix,
)
from search.engines.database import documents_with_words
from search.query import SearchQuery, Term

QUERY_TIMEOUT_SECONDS = 5.0
MERGE_TIMEOUT_SECONDS = 900.0  # merging a rebuilt index of 100k documents took 5 s
MAX_FUZZY_EXPANSIONS = 50  # index terms one typo-tolerant word may expand to
# The stored fields a result needs (search.engines.base.make_hit).
HIT_FIELDS = ["key", "kind", "title", "url", "summary", "body", "date", "place"]

# A word of the `words` field a document matched, in the explanation of its score.
_MATCHED_WORD = re.compile(r"\bweight\(words:(\S+) in \d+\)")
# Lucene's PassageScorer (the unified highlighter's): length normalization and its pivot.
_PASSAGE_K1, _PASSAGE_B, _PASSAGE_PIVOT = 1.2, 0.75, 87.0
MARKED_PER_DOCUMENT = 5  # the highlighter's number_of_fragments, as "did you mean" asked it
ENGINE_ERRORS = (TransportError, ApiError, BulkIndexError)
# The three stem fields copied into one (`copy_to`): the words in filter context (the exact
# total and facets, the term checks) look each stem up in one postings list instead of three.
STEMS_FIELD = "stems"
# Raised with every change of MAPPINGS that queries depend on; kept in the index's `_meta`.
# An index of an earlier version (until `search_rebuild` after deploying) is asked as it
# can answer: the engine reads the version behind the alias, at most every
# MAPPING_CHECK_SECONDS per process.
MAPPING_VERSION = 2
MAPPING_CHECK_SECONDS = 60.0
# A word in at most this many readable documents (the typo vocabulary's count of the word as
# typed) makes the page of several words a conjunction that starts from that word's few
# documents; otherwise the words are one disjunction (`_search_bodies`). The counts are
# read at most every WORD_COUNTS_SECONDS per process: they only choose the faster form.
RARE_WORD_DOCUMENTS = 1000
WORD_COUNTS_SECONDS = 300.0
WORD_COUNTS_KEPT = 20_000

MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "key": {"type": "keyword"},
        "kind": {"type": "keyword"},
        "title": {"type": "keyword", "index": False},
        "url": {"type": "keyword", "index": False},
        "summary": {"type": "text", "index": False},
        "body": {"type": "text", "index": False},
        "date": {"type": "date"},
        "place": {"type": "keyword", "index": False},
        # Each stem field also goes to STEMS_FIELD: its values there are separate values of
        # one field (position gap 100), so a phrase never runs from one field into the next.
        "title_terms": {"type": "text", "analyzer": "whitespace", "copy_to": STEMS_FIELD},
        "summary_terms": {"type": "text", "analyzer": "whitespace", "copy_to": STEMS_FIELD},
        "body_terms": {"type": "text", "analyzer": "whitespace", "copy_to": STEMS_FIELD},
        STEMS_FIELD: {"type": "text", "analyzer": "whitespace", "norms": False},
        "lemmas": {"type": "text", "analyzer": "whitespace"},
        "words": {"type": "text", "analyzer": "whitespace"},
        "audiences": {"type": "keyword"},
        "content_hash": {"type": "keyword", "index": False},
        **{name: {"type": "keyword"} for name in FACETS if name != "kind"},
    },
    "_meta": {"mapping_version": MAPPING_VERSION},
}

# alias -> (when read, version of the index behind it), per process: see `mapping_version`.
_mapping_versions: dict[str, tuple[float, int]] = {}
# (audiences, folded word) -> (when read, documents or None), per process: `_has_rare_word`.
_word_counts: dict[tuple[frozenset, str], tuple[float, int | None]] = {}


def _descriptions(explanation: dict) -> str:
    """The descriptions of an explanation and of all its details, one a line."""
    lines, pending = [], [explanation]
    while pending:
        node = pending.pop()
        lines.append(node.get("description", ""))
        pending += node.get("details", [])
    return "\n".join(lines)


def _marked(words: str, matched: set[str]) -> list[str]:
    """The occurrences of `matched` in `words` (a document's folded words, space-separated)
    that Elasticsearch's unified highlighter marks with five fragments of one word each
    (number_of_fragments 5, fragment_size 1), as "did you mean" asked it before: Lucene's
    PassageScorer gives a one-word passage (the word occurs once in it, and every matched
    word weighs the same) tf(1, length) × norm(start), so shorter words, then earlier ones,
    first; in the order of the text, as the highlighter returns them. Compared with the
    highlighter itself in tests."""
    scored = []
    for found in re.finditer(r"\S+", words):
        if found.group() in matched:
            length_norm = _PASSAGE_K1 * (
                (1 - _PASSAGE_B) + _PASSAGE_B * (len(found.group()) / _PASSAGE_PIVOT)
            )
            start_norm = 1 + 1 / math.log(_PASSAGE_PIVOT + found.start())
            scored.append((-start_norm / (1 + length_norm), found.start(), found.group()))
    best = sorted(scored)[:MARKED_PER_DOCUMENT]
    return [word for _score, _start, word in sorted(best, key=lambda passage: passage[1])]


def _typos_searched(query: SearchQuery, next_query: SearchQuery) -> bool:
    """Whether the search of `next_query` answers `query`'s check with typos: one word,
    searched with typos (as that check asks it: fuzzy, and a prefix if the word takes one)
    within the same audiences and filters, every word required."""
    return (
        len(query.terms) == 1
        and query.terms[0].typo_tolerant
        and next_query.terms == query.terms
        and next_query.audiences == query.audiences
        and next_query.filters == query.filters
        and next_query.minimum_match is None
    )


class SearchIndexMissing(SearchEngineUnavailable):
    """The alias points nowhere: someone deleted the index. Only `search_rebuild` makes a new
    one, so the site never silently answers from an empty index."""


def _index_missing(problem: dict) -> bool:
    error = problem.get("error") or {}
    kind = error.get("type", "") if isinstance(error, dict) else ""
    return problem.get("status") == 404 or kind in {
        "index_not_found_exception",
        "aliases_not_found_exception",
    }


def alias_name() -> str:
    return index_name("content")


def index_settings() -> dict:
    return {
        "number_of_shards": 1,
        "number_of_replicas": settings.SEARCH_INDEX_REPLICAS,
    }


def source_of(analysed: "SearchDocument | AnalysedDocument") -> dict:
    analysed = analyse(analysed)
    document = analysed.document
    source = {
        "key": document.key,
        "kind": document.kind,
        "title": document.title,
        "url": document.url,
        "summary": document.summary,
        "body": document.body,
        "date": document.date.isoformat() if document.date else None,
        "place": document.place,
        **analysed.fields,
        "audiences": list(document.audiences),
        "content_hash": analysed.content_hash,
    }
    for name, values in document.facet_values().items():
        if name != "kind":
            source[name] = values
    return source


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, *, timeout: float = QUERY_TIMEOUT_SECONDS):
        self.timeout = timeout

    @property
    def client(self):
        return get_client(timeout=self.timeout)

    # --- index lifecycle ---------------------------------------------------------------------

    def create_index(self) -> str:
        """A new, empty, versioned index (not yet behind the alias); returns its name."""
        name = f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        self.client.indices.create(index=name, mappings=MAPPINGS, settings=index_settings())
        return name

    def current_index(self) -> str | None:
        try:
            aliases = self.client.indices.get_alias(name=alias_name())
        except ApiError as error:
            if error.meta.status == 404:
                return None
            raise
        return next(iter(aliases), None)

    def ensure_index(self) -> str:
        """The index behind the alias; a new, empty one only when there was never one (a new
        installation: `search_rebuild` does the same and fills it)."""
        try:
            current = self.current_index()
            if current is None:
                current = self.create_index()
                self.client.indices.put_alias(index=current, name=alias_name())
            return current
        except ENGINE_ERRORS as error:
            raise SearchEngineUnavailable(str(error)) from error

    def alias_exists(self) -> bool:
        try:
            return bool(self.client.indices.exists_alias(name=alias_name()))
        except ENGINE_ERRORS as error:
            raise SearchEngineUnavailable(str(error)) from error

    def switch_alias(self, new_index: str) -> str | None:
        """Merge `new_index` (a new index, filled and refreshed) into one segment, then point
        the alias at it in one atomic call; returns the old index.

        A bulk-filled index has 10–16 segments; each search looks every clause's words up
        in each of them and maps each match's facet values to the index-wide ones (global
        ordinals). Merged (16 segments into one in 5 s at 100k), the node's time per search
        is about a sixth lower (the 24 bench queries: `took` 9.2 → 7.5 ms mean). Documents
        alike in score may come in another order (the node breaks ties by position in the
        index). Writes that come later add small segments, which the node merges as usual."""
        self.client.options(request_timeout=MERGE_TIMEOUT_SECONDS).indices.forcemerge(
            index=new_index, max_num_segments=1
        )
        old = self.current_index()
        actions = [{"add": {"index": new_index, "alias": alias_name()}}]
        if old is not None:
            actions.insert(0, {"remove": {"index": old, "alias": alias_name()}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def refresh(self) -> None:
        self.client.indices.refresh(index=alias_name())

    # --- writes ------------------------------------------------------------------------------

    def index(
        self,
        documents: Iterable[SearchDocument | AnalysedDocument],
        *,
        target: str | None = None,
        versions: dict[str, int] | None = None,
    ) -> None:
        """Write documents through the alias (or into `target`, a new index being built).

        Writes never create an index: when the alias is gone (the index was deleted), they
        fail with `SearchIndexMissing` and the changes wait in the outbox until
        `search_rebuild`. With `versions`, Elasticsearch keeps a document only when no newer
        version is stored (external versioning); an older write is dropped, not an error."""
        versioned = versions is not None
        actions = (
            {
                "_index": target or alias_name(),
                "_id": document.key,
                "_source": source_of(document),
                **(
                    {"version": versions.get(document.key, 0), "version_type": "external_gte"}
                    if versioned
                    else {}
                ),
            }
            for document in documents
        )
        self._bulk(actions, require_alias=target is None)

    def remove(self, keys: Iterable[str], *, versions: dict[str, int] | None = None) -> None:
        actions = (
            {
                "_op_type": "delete",
                "_index": alias_name(),
                "_id": key,
                **(
                    {"version": versions.get(key, 0), "version_type": "external_gte"}
                    if versions is not None
                    else {}
                ),
            }
            for key in keys
        )
        self._bulk(actions, require_alias=True)

    def _bulk(self, actions, *, require_alias: bool) -> None:
        try:
            _ok, errors = bulk(
                self.client,
                actions,
                chunk_size=200,
                raise_on_error=False,
                require_alias=require_alias,
            )
        except ENGINE_ERRORS as error:
            raise SearchEngineUnavailable(str(error)) from error
        problems = []
        for item in errors:
            result = next(iter(item.values()))
            status = result.get("status")
            if status == 409 or (status == 404 and result.get("result") == "not_found"):
                continue  # a newer version is stored; or nothing to delete
            problems.append(result)
        if any(_index_missing(problem) for problem in problems):
            raise SearchIndexMissing(
                f"The search index behind the alias {alias_name()} is missing; run search_rebuild."
            )
        if problems:
            raise SearchEngineUnavailable(str(problems[0])[:500])

    def indexed_keys(self) -> set[str]:
        from elasticsearch.helpers import scan

        self.ensure_index()
        return {
            hit["_id"] for hit in scan(self.client, index=alias_name(), query={"_source": False})
        }

    def clear(self) -> None:
        current = self.current_index()
        if current is not None:
            self.client.indices.delete(index=current)

    # --- querying ----------------------------------------------------------------------------

    def mapping_version(self) -> int:
        """MAPPING_VERSION of the index behind the alias (1: made before versions were
        kept), read at most every MAPPING_CHECK_SECONDS per process."""
        alias, now = alias_name(), time.monotonic()
        known = _mapping_versions.get(alias)
        if known is None or now - known[0] > MAPPING_CHECK_SECONDS:
            try:
                mappings = self.client.indices.get_mapping(index=alias).body
            except ENGINE_ERRORS as error:
                raise SearchEngineUnavailable(str(error)) from error
            versions = [
                (mapping["mappings"].get("_meta") or {}).get("mapping_version", 1)
                for mapping in mappings.values()
            ]
            known = (now, min(versions, default=1))
            _mapping_versions[alias] = known
        return known[1]

    @staticmethod
    def _filter_term_query(term: Term, *, fuzzy: bool = True):
        """`_term_query` for filter context (no score), over STEMS_FIELD: the same
        documents, each stem or phrase looked up in one field instead of three."""
        should = [
            Q("match", **{LEMMA_FIELD: " ".join(lemmas)}) for lemmas, _weight in term_lemmas(term)
        ]
        should += [Q("match", **{STEMS_FIELD: one}) for one in term_stems(term)]
        should += [
            Q("match_phrase", **{STEMS_FIELD: " ".join(alternative)})
            for alternative in term.alternatives
        ]
        should += ElasticsearchEngine._typo_queries(term, fuzzy=fuzzy)
        return Q("bool", should=should, minimum_should_match=1)

    @staticmethod
    def _typo_queries(term: Term, *, fuzzy: bool) -> list:
        """The fuzzy and prefix queries of a term on its folded words."""
        queries = []
        if fuzzy and uses_fuzzy(term):
            queries.append(
                Q(
                    "fuzzy",
                    words={
                        "value": term.folded,
                        "fuzziness": "AUTO",
                        "prefix_length": 1,
                        "max_expansions": MAX_FUZZY_EXPANSIONS,
                        "boost": FUZZY_WEIGHT,
                    },
                )
            )
        if uses_prefix(term):
            queries.append(
                Q(
                    "prefix",
                    words={"value": term.folded, "boost": PREFIX_WEIGHT, "rewrite": "top_terms_50"},
                )
            )
        return queries

    @staticmethod
    def _term_clauses(term: Term, *, fuzzy: bool = True) -> list:
        """The scored clauses of one term: its lemmas, its stems per weighted field, its
        phrases per field, its typo and prefix queries. A document's score for the term is
        the sum of the clauses it matches."""
        clauses = [
            Q("match", **{LEMMA_FIELD: {"query": " ".join(lemmas), "boost": weight}})
            for lemmas, weight in term_lemmas(term)
        ]
        for field, weight in FIELD_WEIGHTS.items():
            if term_stems(term):
                # dis_max: the strongest of the word's stems counts, as on the database.
                clauses.append(
                    Q(
                        "dis_max",
                        queries=[
                            Q("match", **{field: {"query": one, "boost": weight}})
                            for one in term_stems(term)
                        ],
                    )
                )
            for alternative in term.alternatives:
                clauses.append(
                    Q("match_phrase", **{field: {"query": " ".join(alternative), "boost": weight}})
                )
        return clauses + ElasticsearchEngine._typo_queries(term, fuzzy=fuzzy)

    @staticmethod
    def _term_query(term: Term, *, fuzzy: bool = True):
        return Q(
            "bool",
            should=ElasticsearchEngine._term_clauses(term, fuzzy=fuzzy),
            minimum_should_match=1,
        )

    def _visible(self, query: SearchQuery) -> list:
        """Filters: the person's audiences and the chosen facet values."""
        return [
            Q("terms", audiences=sorted(query.audiences)),
            *(
                Q("terms", **{name: list(values)})
                for name, values in query.filters.items()
                if values
            ),
        ]

    def _run(self, search: Search | list[dict]) -> dict:
        """The node's answer as plain dicts (a search's, or for a list of search bodies a
        multi-search's `responses`): cheaper to read than elasticsearch-dsl's wrapped
        response objects."""
        try:
            if isinstance(search, list):
                searches = [part for body in search for part in ({}, body)]
                answer = self.client.msearch(index=alias_name(), searches=searches).body
            else:
                return self.client.search(index=alias_name(), body=search.to_dict()).body
        except ENGINE_ERRORS as error:
            raise SearchEngineUnavailable(str(error)) from error
        for response in answer["responses"]:
            if "error" in response:  # one search of several failed
                raise SearchEngineUnavailable(str(response["error"])[:500])
        return answer

    def _exists_request(self, query: SearchQuery, term_query) -> Search:
        """Whether a document the person may read (within the filters) matches: the node
        stops at the first one (`terminate_after`), and keeps the answer in its shard
        request cache until the index refreshes."""
        return (
            Search(using=self.client, index=alias_name())
            .filter(Q("bool", must=[term_query], filter=self._visible(query)))
            .extra(size=0, terminate_after=1, track_total_hits=True)
        )

    def term_counts(self, query: SearchQuery) -> list[tuple[int, int]]:
        """For each term, 1 when a document the person may read matches it exactly, else
        0, and the same with typos: counted no further than the first document, since
        search.service.answer only asks whether there is one (an exact count would visit
        every matching document, most of the index for a common word). All checks go to the
        node in one multi-search: one round trip."""
        return self._checks_with(query, [])[0]

    def term_counts_ahead(
        self, query: SearchQuery, next_query: SearchQuery, similar: tuple[str, ...]
    ) -> tuple[list[tuple[int, int]], SearchResults | None, dict[str, list[str]]]:
        """The term checks, the search of `next_query` and the "did you mean" searches of
        `similar` in one multi-search, one round trip: a word typed
        with a typo costs two round trips (the search as written, then this one) instead of
        four."""
        ahead = self._search_bodies(next_query)
        searched = len(ahead)
        ahead += [self._similar_request(next_query, word) for word in similar]
        typos_searched = _typos_searched(query, next_query)
        counts, responses = self._checks_with(query, ahead, typos=not typos_searched)
        results = self._results(next_query, responses[:searched])
        if typos_searched:
            # The check with typos is the search with typos' own query within the same
            # audiences and filters: found with typos when that search finds anything.
            counts = [(exact, 1 if results.total else 0) for exact, _typos in counts]
        similar_words = {
            word: self._similar_from(response, word)
            for word, response in zip(similar, responses[searched:], strict=True)
        }
        return counts, results, similar_words

    def _checks_with(
        self, query: SearchQuery, ahead: list[dict], *, typos: bool = True
    ) -> tuple[list[tuple[int, int]], list[dict]]:
        """The term checks of `query` (per term, exactly and, with `typos`, with typos) and
        the searches `ahead` (bodies) in one multi-search: the counts, and the responses to
        `ahead`. Without `typos`, each term's second count is its first."""
        kinds = (False, True) if typos else (False,)
        checks = [
            self._exists_request(query, self._term_query(term, fuzzy=fuzzy)).to_dict()
            for term in query.terms
            for fuzzy in kinds
        ]
        responses = self._run(checks + ahead)["responses"]
        checks = len(responses) - len(ahead)
        found = [min(response["hits"]["total"]["value"], 1) for response in responses[:checks]]
        if not typos:
            found = [count for count in found for _twice in (0, 1)]
        return list(zip(found[0::2], found[1::2], strict=True)), responses[checks:]

    def similar_words(self, query: SearchQuery, word: str) -> list[str]:
        """Words found by a fuzzy query limited to the person's documents (the term suggester
        cannot be limited to them): the words the fuzzy query matched in its ten best
        documents, closest to `word` first. One search (`_similar_request`)."""
        return self._similar_from(
            self._run([self._similar_request(query, word)])["responses"][0], word
        )

    def _similar_request(self, query: SearchQuery, word: str) -> dict:
        """The fuzzy search of `similar_words`: its ten best documents among the person's,
        their words, and (`explain`) which of the index's words the fuzzy query matched in
        each ("weight(words:bydleni in 17)"): the words it expanded to (at most
        MAX_FUZZY_EXPANSIONS), as the node rewrote it for this search.

        No highlighter: given the fuzzy query it builds the word's typo automaton again for
        every document (bench 100k: node `took` 11-21 ms for ten documents); given the
        expanded words it needs them first, from another request (`_validate/query`), a
        round trip more. `_marked` picks in each document the words it would mark."""
        fuzzy = {
            "value": word,
            "fuzziness": "AUTO",
            "prefix_length": 1,
            "max_expansions": MAX_FUZZY_EXPANSIONS,
        }
        return {
            "query": {
                "bool": {
                    "must": [{"fuzzy": {"words": fuzzy}}],
                    "filter": [{"terms": {"audiences": sorted(query.audiences)}}],
                }
            },
            "explain": True,
            "_source": ["title", "summary", "body", "words"],
            "size": 10,
            "track_total_hits": False,
        }

    @staticmethod
    def _similar_from(response: dict, word: str) -> list[str]:
        """The three matched words closest to `word`, as the documents write them; among
        equally close ones, the one marked most often (`_marked`) first."""
        found: dict[str, int] = {}
        texts = []
        for hit in response["hits"]["hits"]:
            source = hit["_source"]
            texts += [source["title"], source.get("summary", ""), source.get("body", "")]
            matched = set(_MATCHED_WORD.findall(_descriptions(hit.get("_explanation", {}))))
            for candidate in _marked(source.get("words", ""), matched):
                found[candidate] = found.get(candidate, 0) + 1
        closest = sorted(
            (candidate for candidate in found if candidate != word),
            key=lambda candidate: (
                -difflib.SequenceMatcher(None, word, candidate).ratio(),
                -found[candidate],
                candidate,
            ),
        )[:3]
        return as_written(closest, texts)

    def _facet_filters(self, query: SearchQuery) -> dict:
        return {
            name: Q("terms", **{name: list(values)})
            for name, values in query.filters.items()
            if values
        }

    def _matching(self, query: SearchQuery, *, filtering: bool = False):
        """The documents `query` finds, before the audience and facet filters; with
        `filtering`, as a query for filter context over STEMS_FIELD (no scores)."""
        term_query = self._filter_term_query if filtering else self._term_query
        term_queries = [term_query(term) for term in query.terms]
        if query.minimum_match is None:
            return Q("bool", must=term_queries or [Q("match_all")])
        return Q("bool", should=term_queries, minimum_should_match=query.minimum_match)

    def _scored(self, query: SearchQuery):
        """The page's scored query: the clauses of all of `query`'s words as one
        disjunction, which documents it matches left to the page's `post_filter`."""
        return Q("bool", should=[one for term in query.terms for one in self._term_clauses(term)])

    @staticmethod
    def _has_rare_word(query: SearchQuery) -> bool:
        """Whether a word of `query`, as typed, is in at most RARE_WORD_DOCUMENTS documents
        the person may read, by the typo vocabulary (words of 4–40 letters; a word it lacks
        is not taken for rare). One query for the words not read in the last
        WORD_COUNTS_SECONDS."""
        words = {
            term.folded
            for term in query.terms
            if not term.is_phrase and 4 <= len(term.folded) <= 40
        }
        now, known = time.monotonic(), {}
        for word in words:
            kept = _word_counts.get((query.audiences, word))
            if kept is not None and now - kept[0] <= WORD_COUNTS_SECONDS:
                known[word] = kept[1]
        missing = words - known.keys()
        if missing:
            counts = documents_with_words(missing, query.audiences)
            if len(_word_counts) > WORD_COUNTS_KEPT:
                _word_counts.clear()
            for word in missing:
                known[word] = counts.get(word)
                _word_counts[(query.audiences, word)] = (now, known[word])
        return any(count is not None and count <= RARE_WORD_DOCUMENTS for count in known.values())

    def _search_bodies(self, query: SearchQuery) -> list[dict]:
        """The answer to `query` as two searches in one multi-search, one round trip
        (`search`; on a two-processor node they take about as long as one after the other:
        docs/benchmarks.md, "Elasticsearch queries, session 9"):

        - the page of hits, scored, with no total (`track_total_hits: false`): the node
          scores only the documents that may still make the page (block-max WAND). With
          several words its query is every clause of every word in one disjunction
          (`_scored`), and which documents match every word (`counted`) joins the person's
          audiences and the chosen facet values in its `post_filter`, checked only for the
          documents that could make the page (one word's clauses match what `counted` does:
          its query is the word's). A document's score is the sum of the clauses it
          matches either way, so the page is the page of the words required one by one
          (tested); but over one flat disjunction the node skips every document whose
          clauses cannot reach the page's tenth score (a common word's long lemma and body
          postings, when the page is made of title matches), which a conjunction of
          per-word disjunctions does not (bench 100k: node `took` of the page mean 2.4 ->
          1.0 ms, p95 8 -> 3 ms; "sociální bydlení v obcích" 8 -> 1.5 ms). When a word is
          rare (`_has_rare_word`), the words are required one by one instead: fewer than
          ten documents may match them all, the page would never fill and the disjunction
          would score every document with any of the words (bench 100k, "sociální bydlení
          obec nesemlitelném": 15–23 ms against 0–0.2), while the conjunction starts from
          the rare word's few documents. The audiences and facet values in the query
          instead of the `post_filter` cost as much again (a conjunction advanced over
          every match);
        - the exact total and the six facets (`size: 0`), the words in filter context:
          every match is visited, none is scored; each stem and phrase looked up in
          STEMS_FIELD (one postings list instead of three: node `took` of the 24 bench
          queries' counts with the node's query cache cleared, 100k, mean 5.0–5.3 → 3.9 ms).

        The same answer as one search with the hits, total and facets (tested), where the
        exact total and the facets made the node score every matching document."""
        # Plain dicts: the words' query is built once and shared by both searches (through
        # elasticsearch-dsl's Search objects, copied on every change and serialized each
        # on its own, the two bodies cost 0.65 ms of CPU per answer; as dicts 0.09).
        audiences = {"terms": {"audiences": sorted(query.audiences)}}
        facet_filters = {
            name: clause.to_dict() for name, clause in self._facet_filters(query).items()
        }
        if self.mapping_version() >= MAPPING_VERSION:
            counted = self._matching(query, filtering=True).to_dict()
        else:  # an index made before STEMS_FIELD: the words as the page's search has them
            counted = self._matching(query).to_dict()
        page_filters = [audiences, *facet_filters.values()]
        if len(query.terms) > 1 and not self._has_rare_word(query):
            scored = self._scored(query).to_dict()
            page_filters.insert(0, counted)
        else:  # no word or one (its clauses match what `counted` does), or a rare word
            scored = self._matching(query).to_dict()
        hits = {
            "query": scored,
            "post_filter": {"bool": {"filter": page_filters}},
            "track_total_hits": False,
            "from": query.offset,
            "size": query.page_size,
            # Only what a hit shows (make_hit): never the analysed copies, audiences or facets.
            "_source": HIT_FIELDS,
        }
        if query.sort == "date":
            hits["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score"]
        aggs = {}
        for name in FACETS:
            # Each facet counts within the other facets' filters (a value of the facet itself
            # stays selectable); without such filters, straight over the matching documents.
            others = [clause for other, clause in facet_filters.items() if other != name]
            values = {"terms": {"field": name, "size": 100}}
            if others:
                aggs[name] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": values}}
            else:
                aggs[name] = values
        counts = {
            "query": {"bool": {"filter": [counted, audiences]}},
            "aggs": aggs,
            "size": 0,
            "track_total_hits": True,
        }
        if facet_filters:
            counts["post_filter"] = {"bool": {"filter": list(facet_filters.values())}}
        return [hits, counts]

    def search(self, query: SearchQuery) -> SearchResults:
        return self._results(query, self._run(self._search_bodies(query))["responses"])

    def _results(self, query: SearchQuery, responses: list[dict]) -> SearchResults:
        """The answer of `_search_bodies(query)` read from the node's two responses."""
        found, counted = responses
        facet_filters = self._facet_filters(query)
        hits = []
        for hit in found["hits"]["hits"]:
            source = hit["_source"]
            date = source.get("date")
            source["date"] = datetime.fromisoformat(date).date() if date else None
            hits.append(make_hit(query, source, float(hit["_score"] or 0)))
        facets = {}
        for name in FACETS:
            aggregation = counted["aggregations"][name]
            if any(other != name for other in facet_filters):
                aggregation = aggregation["values"]
            facets[name] = {
                str(bucket["key"]): bucket["doc_count"] for bucket in aggregation["buckets"]
            }
        return SearchResults(
            total=counted["hits"]["total"]["value"], hits=hits, facets=facets, engine=self.name
        )
