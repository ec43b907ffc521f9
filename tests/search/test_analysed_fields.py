"""What a rebuild indexes is the analysis as `search.analysis` defines it: the engines' fast
path (texts split at whitespace, each distinct token analysed once per process:
search.engines.base) gives byte for byte what the straightforward definitions give, whatever
the text."""

import random
import tomllib
from pathlib import Path

import pytest

from search.analysis import (
    _CASE_ENDINGS,
    _remove_case,
    analyzed_text,
    content_words,
    fold,
    is_stop_word,
    lemmatized_text,
    words,
)
from search.documents import SearchDocument
from search.engines import base
from search.engines.base import analyse, analysed_fields, clear_analysis_caches

ROOT = Path(__file__).resolve().parents[2]

# Quotation marks, dashes, emoji, no-break and other spaces, CJK, Arabic-Indic digits,
# combining characters (also right after a space), decomposed (NFD) Czech, ligatures, the
# Turkish dotted and dotless i, a Greek final sigma, "ß", superscripts and fractions, a
# ligature whose compatibility form holds spaces ("ﷺ"), glued words, stop words with and
# without diacritics, capitals, a very long word and a token longer than the cache keeps.
HOSTILE = (
    "„Uvozovky“",
    "–",
    "pomlčky—spojené",
    "😀",
    "no\u00a0break",
    "em\u2003space",
    "en\u2000quad",
    "ideo\u3000space",
    "sep\x1cfile",
    "tab\tnew\nline",
    "٣٤٥",
    "住宅政策",
    "Krize\u0301\u0301",
    "\u0301přízvuk",
    "Pr\u030cíklad",
    "Z\u030ci\u0301dle",
    "ﬁnance",
    "ǅungle",
    "İstanbul",
    "ıspanak",
    "ΟΔΟΣ",
    "straße",
    "x²",
    "½",
    "ﷺ",
    "a/b",
    "2024/2025",
    "(bydlení)",
    "bydlení,",
    "BYDLENÍ.",
    "Být",
    "byt",
    "a",
    "v",
    "se",
    "snake_case",
    "ᦵᦰᦱᦲ",
    "ᴬᴮ",
    "ℕ",
    "Ⅻ",
    "ꭰꭱ",
    "z" * 41,
    "slovo" * 20,
    "dlouhé-" * 12,
)
SEPARATORS = (" ", " ", " ", "", "\n", "\u00a0", "\t", " \u0301", "\u2003", "  ")


def _demo_texts() -> list[str]:
    """Every string of the demo content (titles, summaries, bodies, names)."""
    texts = []

    def collect(value):
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for path in sorted(ROOT.glob("*/demo_content/*.toml")):
        collect(tomllib.loads(path.read_text()))
    return texts


def _hostile_texts(count: int) -> list[str]:
    generator = random.Random(23)
    pieces = [*HOSTILE, *" ".join(_demo_texts()[:40]).split()[:400]]
    return [
        "".join(
            generator.choice(pieces) + generator.choice(SEPARATORS)
            for _ in range(generator.randint(0, 40))
        )
        for _ in range(count)
    ]


def _expected(document: SearchDocument) -> tuple[dict[str, str], frozenset[str]]:
    texts = (document.title, document.summary, document.body)
    folded = [fold(word) for text in texts for word in content_words(text)]
    fields = {
        "title_terms": analyzed_text(document.title),
        "summary_terms": analyzed_text(document.summary),
        "body_terms": analyzed_text(document.body),
        "lemmas": " ".join(filter(None, map(lemmatized_text, texts))),
        "words": " ".join(folded),
    }
    return fields, frozenset(folded)


def _expected_once(document: SearchDocument) -> tuple[str, str]:
    """SQLite's lemmas and words columns: each lemma and folded word once, first seen first."""
    fields, _vocabulary = _expected(document)
    texts = (document.title, document.summary, document.body)
    folded = [fold(word) for text in texts for word in content_words(text)]
    return " ".join(dict.fromkeys(fields["lemmas"].split())), " ".join(dict.fromkeys(folded))


def _documents(texts: list[str]) -> list[SearchDocument]:
    return [
        SearchDocument(
            key=f"kb.articlepage:{number}",
            kind="article",
            title=texts[number % len(texts)],
            url=f"/a/{number}/",
            summary=texts[(number * 7 + 1) % len(texts)] if number % 3 else "",
            body=texts[(number * 13 + 2) % len(texts)],
        )
        for number in range(len(texts))
    ]


@pytest.fixture
def cold_caches():
    clear_analysis_caches()
    yield
    clear_analysis_caches()


def _assert_as_defined(documents: list[SearchDocument]) -> None:
    for document in documents:
        fields, vocabulary = _expected(document)
        assert analysed_fields(document) == fields, document
        assert frozenset(analyse(document).vocabulary) == vocabulary, document
        # With repeats and each term once (SQLite beside Elasticsearch), or once only.
        both = analyse(document, once=True)
        assert both.fields == fields and both.distinct_terms == _expected_once(document)
        alone = analyse(document, repeats=False)
        stems = {name: fields[name] for name in ("title_terms", "summary_terms", "body_terms")}
        assert alone.fields == stems and not alone.has_repeats, document
        assert alone.distinct_terms == both.distinct_terms, document
        assert list(alone.vocabulary) == list(both.vocabulary), document


@pytest.mark.usefixtures("cold_caches")
def test_the_demo_content_is_indexed_as_the_analysis_defines_it():
    texts = _demo_texts()
    assert len(texts) > 200
    _assert_as_defined(_documents(texts))


@pytest.mark.usefixtures("cold_caches")
def test_hostile_text_is_indexed_as_the_analysis_defines_it():
    _assert_as_defined(_documents([*HOSTILE, " ".join(HOSTILE), *_hostile_texts(400)]))


@pytest.mark.usefixtures("cold_caches")
def test_a_token_of_several_words_gives_each_to_the_vocabulary():
    document = SearchDocument(
        key="kb.articlepage:1", kind="article", title="Bydlení/ubytovna", url="/a/1/", body="ﷺ"
    )
    fields, vocabulary = _expected(document)
    analysed = analyse(document)
    assert analysed.fields == fields
    assert analysed.fields["words"].startswith("bydleni ubytovna ")
    assert frozenset(analysed.vocabulary) == vocabulary
    assert {"bydleni", "ubytovna"} <= analysed.vocabulary.keys()


@pytest.mark.usefixtures("cold_caches")
def test_the_token_cache_stays_bounded_and_keeps_no_long_token(monkeypatch):
    """Emptied when full (the memory of a rebuild does not grow with the corpus); a token
    longer than MAX_CACHED_TOKEN is analysed every time, never kept."""
    monkeypatch.setattr(base._AnalysedTokens, "MAX_TOKENS", 5)
    long_token = "dlouhé-" * 12
    assert len(long_token) > base._AnalysedTokens.MAX_CACHED_TOKEN
    documents = _documents([f"{long_token} {text}" for text in _hostile_texts(60)])
    for document in documents:
        fields, vocabulary = _expected(document)
        analysed = analyse(document)
        assert (analysed.fields, frozenset(analysed.vocabulary)) == (fields, vocabulary)
        assert len(base._analysed_tokens) <= 5
        assert long_token not in base._analysed_tokens
    assert base._analysed_tokens


def _removed_case(word: str) -> str:
    """The light stemmer's case endings as defined: the first ending, group by group, that
    the word is long enough for and ends with."""
    for minimum_length, endings in _CASE_ENDINGS:
        if len(word) >= minimum_length:
            for ending in endings:
                if word.endswith(ending):
                    return word[: -len(ending)]
    return word


def test_case_endings_are_removed_as_defined():
    endings = [ending for _minimum, group in _CASE_ENDINGS for ending in group]
    stems = ["", "d", "do", "dom", "rodin", "obyvatel", "k", "ět", "at"]
    candidates = {stem + ending for stem in stems for ending in endings}
    candidates |= {word for text in _demo_texts() for word in words(text)}
    assert len(candidates) > 2000
    for word in candidates:
        assert _remove_case(word) == _removed_case(word), word


def test_stop_words_are_known_with_their_diacritics():
    for word in ("že", "při", "až", "být", "a"):
        assert is_stop_word(word) and is_stop_word(word, fold(word)), word
    for word in ("byt", "bydlení", "obec"):
        assert not is_stop_word(word) and not is_stop_word(word, fold(word)), word


def test_elasticsearch_never_gets_a_document_analysed_without_repeats():
    """A document analysed for SQLite alone (no repeated lemma and word fields) is analysed
    again when repeats are asked for (Elasticsearch's `analyse`); one with them is kept."""
    document = _documents(["Rodinám s dětmi, rodiny a rodina."])[0]
    alone = analyse(document, repeats=False)
    assert not alone.has_repeats and alone.distinct_terms
    again = analyse(alone)
    assert again.fields == _expected(document)[0] and again.fields["lemmas"].count("rodina") > 1
    assert analyse(again) is again and analyse(again, repeats=False) is again
    assert analyse(alone, repeats=False) is alone


@pytest.mark.django_db
def test_a_sqlite_rebuild_analyses_without_repeats_unless_elasticsearch_is_written():
    from django.db import connection

    from search.engines.database import DatabaseEngine

    sqlite = connection.vendor == "sqlite"
    assert DatabaseEngine.analysis_options(elasticsearch=False) == {
        "repeats": not sqlite,
        "once": sqlite,
    }
    assert DatabaseEngine.analysis_options(elasticsearch=True) == {"repeats": True, "once": sqlite}
