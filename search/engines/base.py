"""The contract every search engine fulfils; `tests/search/test_contract.py` checks both."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from search.analysis import analyzed_text, tokens
from search.documents import SearchDocument
from search.query import SearchQuery

# Relevance, the same on both engines: title over summary over body; a prefix of the last
# word and a typo-tolerant match count less than a whole word.
FIELD_WEIGHTS = {"title_terms": 10, "summary_terms": 4, "body_terms": 1}
PREFIX_WEIGHT = 2
FUZZY_WEIGHT = 1


def analysed_fields(document: SearchDocument) -> dict[str, str]:
    """The analysed text both engines index: stems per field, and the folded words (not
    stemmed) of title, summary and body that prefixes and typos are matched against."""
    return {
        "title_terms": analyzed_text(document.title),
        "summary_terms": analyzed_text(document.summary),
        "body_terms": analyzed_text(document.body),
        "words": " ".join(tokens(f"{document.title} {document.summary} {document.body}")),
    }


@dataclass(frozen=True)
class SearchHit:
    key: str
    kind: str
    title: str
    url: str
    snippet: SafeString
    date: dt.date | None
    place: str
    score: float


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    engine: str = ""
    notice: str = ""  # shown to people, e.g. when the database answered instead


class SearchEngineUnavailable(Exception):
    """The engine did not answer; callers fall back to the database engine."""


class SearchEngine:
    name = ""

    def index(self, documents: Iterable[SearchDocument]) -> None:
        raise NotImplementedError

    def remove(self, keys: Iterable[str]) -> None:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def indexed_keys(self) -> set[str]:
        """Every key in the index (for `search_check`)."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError
