"""The contract every search engine fulfils; `tests/search/test_contract.py` checks both."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from search.documents import SearchDocument
from search.query import SearchQuery


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
