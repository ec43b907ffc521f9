"""A person's query, made safe and analysed once, the same way for both engines.

User input is never passed to an engine as query syntax: it is cleaned (control characters
removed, length limited), split into words, folded and stemmed by `search.analysis`, and the
engines build their own structured queries from the resulting terms.
"""

import collections
import functools
import html
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from search.analysis import analyze, content_words, fold, is_stop_word, lemma, query_word, stem

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10  # words of one query; each costs a clause (and a fallback try)
MAX_TEXT_SCANNED = 100_000  # characters of one text that highlighting looks at
PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
SORTS = ("relevance", "date")


def clean_query(raw: str) -> str:
    """Printable text of at most MAX_QUERY_LENGTH characters, whitespace collapsed."""
    printable = "".join(
        character if unicodedata.category(character)[0] != "C" else " " for character in raw
    )
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


@dataclass(frozen=True)
class Term:
    """One word of the query, or a phrase of it that the glossary knows, with its synonyms.

    `word` is the (first) word as typed, lower case; `lemmas` match it strongly (its lemma),
    `loose_lemmas` and `stems` less (forms folding to a word typed without diacritics, and
    stems: see search.analysis.QueryWord). `alternatives` are stem sequences any of which
    satisfies the term: the phrase itself first when it is one, then its synonyms.
    """

    word: str
    folded: str
    stems: tuple[str, ...]
    lemmas: tuple[str, ...] = ()
    loose_lemmas: tuple[str, ...] = ()
    is_last: bool = False  # the word being typed: also matched as a prefix
    alternatives: tuple[tuple[str, ...], ...] = ()
    is_phrase: bool = False  # the word starts a glossary phrase: match the phrase, not the word
    # Off when the word is found as written: then a typo-tolerant match (and a prefix of a
    # word typed with diacritics) would only merge words that folding makes alike
    # ("kříž" / "krize", "pás" / "pas").
    typo_tolerant: bool = True

    @property
    def stem(self) -> str:
        return self.stems[0]

    @property
    def all_stems(self) -> set[str]:
        """Every stem this term can match (for highlighting)."""
        return {*self.stems, *(part for alternative in self.alternatives for part in alternative)}

    @property
    def matches_prefix(self) -> bool:
        """The last word also matches as a prefix of a folded word, unless it was found as
        typed with diacritics ("kříž" must not find "krizový" through "kriz…")."""
        if not self.is_last or self.is_phrase or len(self.folded) < 2:
            return False
        return self.typo_tolerant or self.folded == self.word

    @property
    def all_lemmas(self) -> set[str]:
        return {*self.lemmas, *self.loose_lemmas}


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple[Term, ...]
    audiences: frozenset[str]
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    # None: every term must match; a number: documents matching at least that many terms
    # (the fallback when no document matches them all).
    minimum_match: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def _folded_stems(text: str) -> tuple[str, ...]:
    return tuple(fold(part) for part in analyze(text))


@functools.lru_cache(maxsize=4096)
def _analysed_forms(synonym_set: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """(stems, folded stems) of each form of a synonym set that has any: the analysis of
    the glossary, done once per set rather than for every query."""
    forms = [(tuple(analyze(form)), _folded_stems(form)) for form in synonym_set]
    return tuple((form, folded) for form, folded in forms if form)


def parse_terms(text: str, synonym_sets: list[list[str]] = ()) -> tuple[Term, ...]:
    """Terms of the query (at most MAX_TERMS words); a word or phrase found in a synonym set
    brings the set's other forms as alternatives of its first term ("HF" also finds
    "Housing First"). Phrases are recognised folded, so also when typed without diacritics."""
    query_words = content_words(text)[:MAX_TERMS]
    if not query_words:
        return ()
    folded_stems = [fold(stem(word)) for word in query_words]
    alternatives: dict[int, list[tuple[str, ...]]] = {}
    phrases: set[int] = set()
    covered: set[int] = set()
    for synonym_set in synonym_sets:
        forms = _analysed_forms(tuple(synonym_set))
        for form, folded in forms:
            for start in range(len(folded_stems) - len(folded) + 1):
                if start in covered or tuple(folded_stems[start : start + len(folded)]) != folded:
                    continue
                found = alternatives.setdefault(start, [])
                if len(form) > 1 and form not in found:
                    found.insert(0, form)  # a phrase must match as a phrase
                    phrases.add(start)
                found.extend(other for other, _ in forms if other != form and other not in found)
                covered.update(range(start + 1, start + len(form)))
    terms = []
    for index, word in enumerate(query_words):
        if index in covered:
            continue  # part of a phrase already matched as a whole by its first word
        analysed = query_word(word)
        terms.append(
            Term(
                word=word,
                folded=analysed.folded,
                stems=analysed.stems,
                lemmas=analysed.lemmas,
                loose_lemmas=analysed.loose_lemmas,
                is_last=index == len(query_words) - 1,
                alternatives=tuple(alternatives.get(index, ())),
                is_phrase=index in phrases,
            )
        )
    return tuple(terms)


_WORD = re.compile(r"\w+", re.UNICODE)


@functools.lru_cache(maxsize=65536)
def _text_word(raw: str) -> tuple[str, str] | None:
    """(lower-case word, stem) of one word as written in a text; None for a stop word."""
    word = unicodedata.normalize("NFC", raw.casefold())
    return None if is_stop_word(word) else (word, stem(word))


class _Matcher:
    """Which words of a text the terms of one query match: each term's stems, lemmas,
    one-word synonyms and prefix in sets, and the answer for each word kept (a text repeats
    its words; the matchers of recent queries are kept too, see `_matcher`)."""

    def __init__(self, terms: tuple[Term, ...], *, phrases: bool = True):
        self.words: list[tuple[set[str], set[str], set[str], str]] = []
        for term in terms:
            self.words.append(
                (
                    set() if term.is_phrase else set(term.stems),
                    set() if term.is_phrase else term.all_lemmas,
                    {alternative[0] for alternative in term.alternatives if len(alternative) == 1},
                    term.folded if term.matches_prefix else "",
                )
            )
        self.phrases = sorted(
            {phrase for term in terms for phrase in term.alternatives if len(phrase) > 1}
            if phrases
            else ()
        )
        self.longest_phrase = max(map(len, self.phrases), default=0)
        self.known: dict[str, bool] = {}  # by lower-case word
        self.written: dict[str, bool] = {}  # by word as written

    def matches(self, word: str, word_stem: str) -> bool:
        """`word` (lower case) matches a term by its stem, lemma, synonym or prefix."""
        found = self.known.get(word)
        if found is None:
            found = any(
                word_stem in stems
                or word_stem in synonyms
                or (lemmas and lemma(word) in lemmas)
                or (prefix and fold(word).startswith(prefix))
                for stems, lemmas, synonyms, prefix in self.words
            )
            if len(self.known) < 10_000:
                self.known[word] = found
        return found

    def _word_spans(self, text: str) -> Iterator[tuple[int, int]]:
        """`spans` without phrases: each word on its own, its answer kept as written."""
        known = self.written
        for match in _WORD.finditer(text, 0, MAX_TEXT_SCANNED):
            written = match.group(0)
            found = known.get(written)
            if found is None:
                analysed = _text_word(written)
                found = analysed is not None and self.matches(*analysed)
                if len(known) < 10_000:
                    known[written] = found
            if found:
                yield match.span()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """The spans of the words of `text` the terms match, in order and found lazily (a
        snippet needs the first and those after it up to its end): single words anywhere,
        phrases (a glossary phrase and its synonyms) only where their words follow each
        other."""
        if not self.phrases:
            yield from self._word_spans(text)
            return
        tokens = (
            (match.span(), analysed)
            for match in _WORD.finditer(text, 0, MAX_TEXT_SCANNED)
            if (analysed := _text_word(match.group(0)))
        )
        ahead: collections.deque = collections.deque()  # this word and those a phrase needs
        phrase_until = -1  # words up to this one are part of a phrase found
        for index in itertools.count():
            while len(ahead) < max(1, self.longest_phrase):
                token = next(tokens, None)
                if token is None:
                    break
                ahead.append(token)
            if not ahead:
                return
            if self.phrases:
                stems = tuple(word_stem for _span, (_word, word_stem) in ahead)
                for phrase in self.phrases:
                    if stems[: len(phrase)] == phrase:
                        phrase_until = max(phrase_until, index + len(phrase) - 1)
            span, (word, word_stem) = ahead.popleft()
            if index <= phrase_until or self.matches(word, word_stem):
                yield span


@functools.lru_cache(maxsize=64)
def _matcher(terms: tuple[Term, ...], *, phrases: bool = True) -> _Matcher:
    """The matcher of a query's terms, kept for the next hits and requests of the query;
    without `phrases`, words only (the multi-word synonyms of a word are not looked for)."""
    return _Matcher(terms, phrases=phrases)


def missing_words(texts: tuple[str, ...], terms: tuple[Term, ...]) -> tuple[str, ...]:
    """The query words (as typed) that none of `texts` contains, for results that match
    only some of them."""
    present = [False] * len(terms)
    for text in texts:
        for index, term in enumerate(terms):
            if not present[index]:
                spans = _matcher((term,), phrases=term.is_phrase).spans(text)
                present[index] = next(spans, None) is not None
    return tuple(term.word for term, found in zip(terms, present, strict=True) if not found)


def highlight(text: str, terms: tuple[Term, ...], *, length: int = 240) -> SafeString:
    """An escaped snippet of `text` around the first matching word, matches in <mark>.
    Words are looked at only up to the snippet's end."""
    if not text:
        return mark_safe("")
    spans = _matcher(terms).spans(text)
    first = next(spans, None)
    if first is not None and len(text) > length:
        start = max(0, first[0] - length // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces, position = [], start
    for match_start, match_end in itertools.chain([first] if first else (), spans):
        if match_start >= end:
            break  # the rest is after the snippet
        if match_start < start or match_end > end:
            continue
        # html.escape is django.utils.html.escape without its wrapper for lazy strings
        # (a sixth of the snippets' CPU; the pieces are plain str).
        pieces.append(html.escape(text[position:match_start]))
        pieces.append(f"<mark>{html.escape(text[match_start:match_end])}</mark>")
        position = match_end
    pieces.append(html.escape(text[position:end]))
    snippet = "".join(pieces)
    return mark_safe(("… " if start else "") + snippet + (" …" if end < len(text) else ""))


def best_snippet(summary: str, body: str, terms: tuple[Term, ...]) -> SafeString:
    """The summary when it mentions the query, else the part of the body that does."""
    for text in (summary, body):
        snippet = highlight(text, terms)
        if "<mark>" in snippet:
            return snippet
    return highlight(summary or body, terms)


def highlight_title(title: str, terms: tuple[Term, ...]) -> SafeString:
    """The whole title, escaped, with the matching words in <mark>."""
    return highlight(title, terms, length=len(title) + 1)
