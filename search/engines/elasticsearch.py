"""The Elasticsearch engine, through elasticsearch-dsl.

The index holds the same analysed text as the database engine (search.analysis), in fields
analysed by the built-in `whitespace` analyzer, which every distribution has, so the minimal
distribution used in development and tests and a full production cluster rank alike. The
index is versioned behind an alias (`<prefix>-content`): `search_rebuild` fills a new index
and switches the alias in one atomic call, so search keeps answering during a rebuild.
"""

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
    PREFIX_WEIGHT,
    SearchEngine,
    SearchEngineUnavailable,
    SearchHit,
    SearchResults,
    analysed_fields,
)
from search.fingerprint import content_hash
from search.query import SearchQuery, Term, best_snippet

QUERY_TIMEOUT_SECONDS = 5.0
ENGINE_ERRORS = (TransportError, ApiError, BulkIndexError)

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
        "title_terms": {"type": "text", "analyzer": "whitespace"},
        "summary_terms": {"type": "text", "analyzer": "whitespace"},
        "body_terms": {"type": "text", "analyzer": "whitespace"},
        "words": {"type": "text", "analyzer": "whitespace"},
        "audiences": {"type": "keyword"},
        "content_hash": {"type": "keyword", "index": False},
        **{name: {"type": "keyword"} for name in FACETS if name != "kind"},
    },
}


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


def source_of(document: SearchDocument) -> dict:
    source = {
        "key": document.key,
        "kind": document.kind,
        "title": document.title,
        "url": document.url,
        "summary": document.summary,
        "body": document.body,
        "date": document.date.isoformat() if document.date else None,
        "place": document.place,
        **analysed_fields(document),
        "audiences": list(document.audiences),
        "content_hash": content_hash(document),
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
        """Point the alias at `new_index` in one atomic call; returns the old index."""
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
        documents: Iterable[SearchDocument],
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

    @staticmethod
    def _term_query(term: Term):
        should = []
        for field, weight in FIELD_WEIGHTS.items():
            if not term.is_phrase:
                should.append(Q("match", **{field: {"query": term.stem, "boost": weight}}))
            for alternative in term.alternatives:
                should.append(
                    Q("match_phrase", **{field: {"query": " ".join(alternative), "boost": weight}})
                )
        if len(term.folded) >= 4 and not term.is_phrase:
            should.append(
                Q(
                    "fuzzy",
                    words={
                        "value": term.folded,
                        "fuzziness": "AUTO",
                        "prefix_length": 1,
                        "boost": FUZZY_WEIGHT,
                    },
                )
            )
        if term.is_last and not term.is_phrase and len(term.folded) >= 2:
            should.append(Q("prefix", words={"value": term.folded, "boost": PREFIX_WEIGHT}))
        return Q("bool", should=should, minimum_should_match=1)

    def search(self, query: SearchQuery) -> SearchResults:
        facet_filters = {
            name: Q("terms", **{name: list(values)})
            for name, values in query.filters.items()
            if values
        }
        search = Search(using=self.client, index=alias_name()).query(
            Q(
                "bool",
                must=[self._term_query(term) for term in query.terms] or [Q("match_all")],
                filter=[Q("terms", audiences=sorted(query.audiences))],
            )
        )
        if facet_filters:
            search = search.post_filter(Q("bool", filter=list(facet_filters.values())))
        for name in FACETS:
            others = [clause for other, clause in facet_filters.items() if other != name]
            search.aggs.bucket(name, "filter", filter=Q("bool", filter=others)).bucket(
                "values", "terms", field=name, size=100
            )
        if query.sort == "date":
            search = search.sort({"date": {"order": "desc", "missing": "_last"}}, "_score")
        search = search.extra(track_total_hits=True)[query.offset : query.offset + query.page_size]
        try:
            response = search.execute()
        except ENGINE_ERRORS as error:
            raise SearchEngineUnavailable(str(error)) from error
        hits = []
        for hit in response.hits:
            source = hit.to_dict()
            hits.append(
                SearchHit(
                    key=source["key"],
                    kind=source["kind"],
                    title=source["title"],
                    url=source["url"],
                    snippet=best_snippet(
                        source.get("summary", ""), source.get("body", ""), query.terms
                    ),
                    date=datetime.fromisoformat(source["date"]).date()
                    if source.get("date")
                    else None,
                    place=source.get("place", ""),
                    score=float(hit.meta.score or 0),
                )
            )
        facets = {
            name: {
                str(bucket["key"]): bucket["doc_count"]
                for bucket in response.aggregations[name]["values"]["buckets"]
            }
            for name in FACETS
        }
        return SearchResults(
            total=response.hits.total.value, hits=hits, facets=facets, engine=self.name
        )
