"""A person's query, made safe and analysed once, the same way for both engines.

User input is never passed to an engine as query syntax: it is cleaned (control characters
removed, length limited), split into words, folded and stemmed by `search.analysis`, and the
engines build their own structured queries from the resulting terms.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.analysis import STOP_WORDS, analyze, fold, stem, tokens

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
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

    `stem` and `folded` are those of the (first) word; `alternatives` are stem sequences any
    of which satisfies the term: the phrase itself first when it is one, then its synonyms.
    """

    stem: str
    folded: str
    is_last: bool = False  # the word being typed: also matched as a prefix
    alternatives: tuple[tuple[str, ...], ...] = ()
    is_phrase: bool = False  # the word starts a glossary phrase: match the phrase, not the word

    @property
    def stems(self) -> set[str]:
        """Every stem this term can match (for highlighting)."""
        return {self.stem, *(part for alternative in self.alternatives for part in alternative)}


@dataclass(frozen=True)
class SearchQuery:
    text: str
    terms: tuple[Term, ...]
    audiences: frozenset[str]
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def parse_terms(text: str, synonym_sets: list[list[str]] = ()) -> tuple[Term, ...]:
    """Terms of the query; a word or phrase found in a synonym set brings the set's other
    forms as alternatives of its first term ("HF" also finds "Housing First")."""
    words = [word for word in tokens(text) if word not in STOP_WORDS][:MAX_TERMS]
    if not words:
        return ()
    stems = [stem(word) for word in words]
    alternatives: dict[int, list[tuple[str, ...]]] = {}
    phrases: set[int] = set()
    covered: set[int] = set()
    for synonym_set in synonym_sets:
        forms = [tuple(analyze(form)) for form in synonym_set]
        forms = [form for form in forms if form]
        for form in forms:
            for start in range(len(stems) - len(form) + 1):
                if start in covered or tuple(stems[start : start + len(form)]) != form:
                    continue
                found = alternatives.setdefault(start, [])
                if len(form) > 1 and form not in found:
                    found.insert(0, form)  # a phrase must match as a phrase
                    phrases.add(start)
                found.extend(other for other in forms if other != form and other not in found)
                covered.update(range(start + 1, start + len(form)))
    terms = []
    for index, (word, word_stem) in enumerate(zip(words, stems, strict=True)):
        if index in covered:
            continue  # part of a phrase already matched as a whole by its first word
        terms.append(
            Term(
                stem=word_stem,
                folded=word,
                is_last=index == len(words) - 1,
                alternatives=tuple(alternatives.get(index, ())),
                is_phrase=index in phrases,
            )
        )
    return tuple(terms)


_WORD = re.compile(r"\w+", re.UNICODE)


def _matching_spans(text: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """Spans of the words of `text` that the terms match: single words anywhere, phrases
    (a glossary phrase and its synonyms) only where their words follow each other."""
    singles: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    for term in terms:
        if not term.is_phrase:
            singles.add(term.stem)
        for alternative in term.alternatives:
            if len(alternative) == 1:
                singles.update(alternative)
            else:
                phrases.append(alternative)
        if term.is_last and not term.is_phrase and len(term.folded) >= 2:
            prefixes.append(term.folded)
    words = []  # (span, stem) of the words that are not stop words
    for match in _WORD.finditer(text):
        word = fold(match.group(0))
        if word not in STOP_WORDS:
            words.append((match.span(), stem(word), word))
    marked = [False] * len(words)
    for index, (_span, word_stem, word) in enumerate(words):
        if word_stem in singles or any(word.startswith(prefix) for prefix in prefixes):
            marked[index] = True
    stems = [word_stem for _span, word_stem, _word in words]
    for phrase in phrases:
        for start in range(len(stems) - len(phrase) + 1):
            if tuple(stems[start : start + len(phrase)]) == phrase:
                for index in range(start, start + len(phrase)):
                    marked[index] = True
    return [
        span for (span, _stem, _word), is_marked in zip(words, marked, strict=True) if is_marked
    ]


def highlight(text: str, terms: tuple[Term, ...], *, length: int = 240) -> SafeString:
    """An escaped snippet of `text` around the first matching word, matches in <mark>."""
    if not text:
        return mark_safe("")
    matches = _matching_spans(text, terms)
    if matches:
        start = max(0, matches[0][0] - length // 3)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    else:
        start = 0
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    pieces, position = [], start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        pieces.append(escape(text[position:match_start]))
        pieces.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        position = match_end
    pieces.append(escape(text[position:end]))
    snippet = "".join(pieces)
    return mark_safe(("… " if start else "") + snippet + (" …" if end < len(text) else ""))


def best_snippet(summary: str, body: str, terms: tuple[Term, ...]) -> SafeString:
    """The summary when it mentions the query, else the part of the body that does."""
    for text in (summary, body):
        snippet = highlight(text, terms)
        if "<mark>" in snippet:
            return snippet
    return highlight(summary or body, terms)
