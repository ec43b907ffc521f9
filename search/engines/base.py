"""The contract every search engine fulfils; `tests/search/test_contract.py` checks both."""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from django.utils.safestring import SafeString

from search.analysis import fold, is_stop_word, lemma, stem, words
from search.documents import SearchDocument
from search.fingerprint import content_hash
from search.query import SearchQuery, Term, best_snippet, highlight_title, missing_words

# Relevance, the same on both engines: title over summary over body (stems); a match of the
# word's lemma as typed adds LEMMA_WEIGHT, so exact and lemma matches rank above stem-only
# ones; a lemma reached only through a form folding to a word typed without diacritics
# adds less; a prefix of the last word and a typo-tolerant match count less than a word.
FIELD_WEIGHTS = {"title_terms": 10, "summary_terms": 4, "body_terms": 1}
LEMMA_FIELD = "lemmas"
LEMMA_WEIGHT = 5
LOOSE_LEMMA_WEIGHT = 1
PREFIX_WEIGHT = 2
FUZZY_WEIGHT = 1


class _AnalysedWords(dict):
    """word: (stem, lemma, folded form), or None for a stop word; each word analysed once
    per process (a dict: cheaper per hit than functools.lru_cache; emptied when full)."""

    MAX_WORDS = 262144

    def __missing__(self, word: str) -> tuple[str, str, str] | None:
        folded = fold(word)
        analysed = None if is_stop_word(word, folded) else (stem(word), lemma(word), folded)
        if len(self) >= self.MAX_WORDS:
            self.clear()
        self[word] = analysed
        return analysed


_analysed_word = _AnalysedWords().__getitem__


class _AnalysedTokens(dict):
    """token (a run of a text between whitespace, as written: "Bydlení,", "(2024/2025)"):
    what its content words give, or None when it has none (stop words, punctuation). One
    word: its (stem, lemma, folded form) from `_analysed_word`; several: (stems, lemmas,
    folded forms, each space-joined, and the folded forms as a tuple).

    A text is split at whitespace (`str.split`, in C) and each distinct token analysed once
    per process: `words` of a whole text (casefold, NFC, runs of word characters) gives the
    words of its tokens one after the other, as whitespace is never part of a word and
    neither casefolding nor NFC composition crosses it (tests/search/test_analysed_fields.py
    compares the two over hostile text). Cheaper than running `words` over every text (the
    regular expression creating each word, then a lookup per word): a 10k build has 4.7
    million words but 105,000 distinct tokens. Tokens longer than MAX_CACHED_TOKEN characters
    are analysed each time, not remembered (garbage without spaces would fill the cache);
    emptied when full."""

    MAX_TOKENS = 262144
    MAX_CACHED_TOKEN = 64

    def __missing__(self, token: str) -> tuple[str, ...] | None:
        analysed = [value for value in map(_analysed_word, words(token)) if value is not None]
        if not analysed:
            value = None
        elif len(analysed) == 1:
            value = analysed[0]
        else:
            stems, lemmas, folded = zip(*analysed, strict=True)
            value = (" ".join(stems), " ".join(lemmas), " ".join(folded), folded)
        if len(token) <= self.MAX_CACHED_TOKEN:
            if len(self) >= self.MAX_TOKENS:
                self.clear()
            self[token] = value
        return value


_analysed_tokens = _AnalysedTokens()
_analysed_token = _analysed_tokens.__getitem__
_stems, _lemmas, _folded = itemgetter(0), itemgetter(1), itemgetter(2)


def clear_analysis_caches() -> None:
    """Forget every word's and token's analysis (a benchmark from cold caches, a test)."""
    _analysed_tokens.clear()
    _analysed_word.__self__.clear()


def _analysed_text(text: str) -> list[tuple[str, ...]]:
    """The analysis of each token of `text` with content words, in order."""
    return list(filter(None, map(_analysed_token, text.split())))


def _analysed(
    document: SearchDocument, *, repeats: bool = True, once: bool = True
) -> tuple[dict[str, str], dict[str, None], tuple[str, str] | None]:
    """(analysed fields, the distinct folded words of the document in first-seen order,
    (lemmas, folded words) each once or None): see `analyse`."""
    title, summary, body = map(_analysed_text, (document.title, document.summary, document.body))
    every = title + summary + body
    fields = {
        "title_terms": " ".join(map(_stems, title)),
        "summary_terms": " ".join(map(_stems, summary)),
        "body_terms": " ".join(map(_stems, body)),
    }
    if repeats:
        folded = list(map(_folded, every))
        fields[LEMMA_FIELD] = " ".join(map(_lemmas, every))
        fields["words"] = joined = " ".join(folded)
        distinct = dict.fromkeys(folded)
    else:
        distinct = dict.fromkeys(map(_folded, every))
        joined = words_once = " ".join(distinct)
    # A token of several words (or a folded form with a space): its words one by one.
    several = joined.count(" ") != len(folded if repeats else distinct) - 1 and bool(distinct)
    if several:
        distinct = dict.fromkeys(
            chain.from_iterable(value[3] if len(value) == 4 else value[2:3] for value in every)
        )
    if not once:
        return fields, distinct, None
    if repeats or several:
        words_once = " ".join(distinct)
    lemmas = map(_lemmas, every)  # a token of several words: theirs joined by spaces
    lemmas_once = dict.fromkeys(chain.from_iterable(map(str.split, lemmas)) if several else lemmas)
    return fields, distinct, (" ".join(lemmas_once), words_once)


def analysed_fields(document: SearchDocument) -> dict[str, str]:
    """The analysed text both engines index: stems per field, the lemmas of title, summary
    and body, and their folded words (not stemmed) that prefixes and typos match. Each
    distinct token and word is analysed once per process (`_AnalysedTokens`,
    `_AnalysedWords`); `analyzed_text`, `lemmatized_text` and `fold` of `content_words` give
    the same (tests/search/test_analysed_fields.py)."""
    return _analysed(document, once=False)[0]


@dataclass(frozen=True)
class AnalysedDocument:
    """A document with its analysed text and content hash, computed once and written to
    every engine (a rebuild analyses each text once, possibly in another process)."""

    document: SearchDocument
    fields: dict[str, str]
    content_hash: str
    # The distinct folded words (the typo vocabulary keeps those of 4–40 letters), taken from
    # the analysis without splitting `fields["words"]` again (a dict's keys, in the order
    # first seen: cheaper to build than a set); None: not known.
    vocabulary: Collection[str] | None = None
    # (lemmas, folded words) of the document, each distinct one once, in the order first seen:
    # the `lemmas` and `words` columns as SQLite stores them (no query reads a position or a
    # frequency there; Elasticsearch and PostgreSQL take `fields`, repeats kept). None: not
    # asked for (the database engine derives them from `fields`).
    distinct_terms: tuple[str, str] | None = None

    @property
    def key(self) -> str:
        return self.document.key

    @property
    def has_repeats(self) -> bool:
        """`fields` holds the lemmas and folded words with their repeats."""
        return LEMMA_FIELD in self.fields


def analyse(
    document: "SearchDocument | AnalysedDocument", *, repeats: bool = True, once: bool = False
) -> AnalysedDocument:
    """The analysed document. `repeats`: `fields` holds the lemma and word fields with their
    repeats (Elasticsearch scores the lemmas by BM25; PostgreSQL stores them so); without,
    only the stems (a SQLite rebuild without Elasticsearch: two joins of every word less).
    `once`: also each lemma and folded word once (`distinct_terms`, SQLite's columns). An
    analysed document is returned as it is unless repeats are asked for and it lacks them
    (then its document is analysed again)."""
    if isinstance(document, AnalysedDocument):
        if document.has_repeats or not repeats:
            return document
        document = document.document
    fields, vocabulary, distinct_terms = _analysed(
        document, repeats=repeats, once=once or not repeats
    )
    return AnalysedDocument(document, fields, content_hash(document), vocabulary, distinct_terms)


def analyse_all(
    documents: list[SearchDocument], *, repeats: bool = True, once: bool = False
) -> list[AnalysedDocument]:
    """`analyse` of each document (picklable, for a process pool)."""
    return [analyse(document, repeats=repeats, once=once) for document in documents]


def term_stems(term: Term) -> tuple[str, ...]:
    """The stems a (non-phrase) term matches in the stem fields."""
    return () if term.is_phrase else term.stems


def term_lemmas(term: Term) -> list[tuple[tuple[str, ...], int]]:
    """(lemmas, weight) pairs a term matches in the lemma field."""
    if term.is_phrase:
        return []
    pairs = [(term.lemmas, LEMMA_WEIGHT)]
    if term.loose_lemmas:
        pairs.append((term.loose_lemmas, LOOSE_LEMMA_WEIGHT))
    return pairs


def uses_prefix(term: Term) -> bool:
    return term.matches_prefix


def uses_fuzzy(term: Term) -> bool:
    return term.typo_tolerant and len(term.folded) >= 4 and not term.is_phrase


def as_written(folded_words: list[str], texts: Iterable[str]) -> list[str]:
    """`folded_words` as the texts write them (with diacritics, lower case), in order;
    a word the texts do not contain is left out."""
    wanted = set(folded_words)
    written: dict[str, str] = {}
    for text in texts:
        for word in words(text):
            folded = fold(word)
            if folded in wanted and folded not in written:
                written[folded] = word
    return [written[word] for word in folded_words if word in written]


def make_hit(query: SearchQuery, source: dict, score: float) -> "SearchHit":
    """A result from the stored fields of a document, with its title and snippet
    highlighted and, when not every word had to match, the words it lacks."""
    title, summary, body = source["title"], source.get("summary", ""), source.get("body", "")
    partial = query.minimum_match is not None
    return SearchHit(
        key=source["key"],
        kind=source["kind"],
        title=title,
        url=source["url"],
        snippet=best_snippet(summary, body, query.terms),
        date=source.get("date"),
        place=source.get("place", ""),
        score=score,
        title_html=highlight_title(title, query.terms),
        missing=missing_words((title, summary, body), query.terms) if partial else (),
    )


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
    title_html: str = ""  # the title, escaped, with the matching words in <mark>
    missing: tuple[str, ...] = ()  # query words this result lacks (partial matches only)


@dataclass(frozen=True)
class SearchResults:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    engine: str = ""
    notice: str = ""  # shown to people, e.g. when the database answered instead
    left_out: tuple[str, ...] = ()  # query words no readable document contains: ignored
    partial: bool = False  # no document matched every word: these match the most of them
    suggestion: str = ""  # "did you mean": the query with its unknown words corrected


class SearchEngineUnavailable(Exception):
    """The engine did not answer; callers fall back to the database engine."""


class SearchEngine:
    name = ""

    def index(self, documents: Iterable[SearchDocument | AnalysedDocument]) -> None:
        raise NotImplementedError

    def remove(self, keys: Iterable[str]) -> None:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        raise NotImplementedError

    def term_counts(self, query: SearchQuery) -> list[tuple[int, int]]:
        """For each term of the query, how many documents the person may read (within the
        filters) match it exactly (stem, lemma, synonym, prefix) and at all (typos too).
        Callers use only whether a count is 0; an engine may stop counting at 1
        (Elasticsearch does)."""
        raise NotImplementedError

    def similar_words(self, query: SearchQuery, word: str) -> list[str]:
        """Folded words of documents the person may read that are close to `word` (titles,
        summaries and bodies), closest first: candidates for "did you mean"."""
        raise NotImplementedError

    def term_counts_ahead(
        self, query: SearchQuery, next_query: SearchQuery, similar: tuple[str, ...]
    ) -> tuple[list[tuple[int, int]], SearchResults | None, dict[str, list[str]]]:
        """`term_counts(query)`, and what search.service.answer asks next when no word of
        `query` is found as written: `search(next_query)` and `similar_words(next_query,
        word)` for each of `similar`. An engine that can ask them all in one round trip
        returns their answers (Elasticsearch: one multi-search); the default asks only the
        counts (None, {}), and the caller asks the rest if it needs them."""
        return self.term_counts(query), None, {}

    def indexed_keys(self) -> set[str]:
        """Every key in the index (for `search_check`)."""
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError
