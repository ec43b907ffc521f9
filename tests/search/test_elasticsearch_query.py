"""The Elasticsearch engine's requests per answer: one search when every word is found as
written; otherwise the term checks in one multi-search, which for a single word also carries
the search with typos and its "did you mean" (answers the same as asked one by one)."""

from dataclasses import replace

import pytest
from elasticsearch.dsl import Q

from search.documents import PUBLIC
from search.engines.base import SearchEngine, SearchEngineUnavailable
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchQuery, clean_query, parse_terms
from search.service import answer
from tests.search.test_contract import CORPUS, SYNONYMS, keys

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def engine(es_client):
    engine = ElasticsearchEngine()
    engine.ensure_index()
    engine.index(CORPUS)
    engine.refresh()
    return engine


@pytest.fixture
def requests(engine, monkeypatch):
    """The requests the engine sends to the node."""
    sent = []
    run = ElasticsearchEngine._run

    def counted(self, search):
        sent.append(type(search).__name__)
        return run(self, search)

    monkeypatch.setattr(ElasticsearchEngine, "_run", counted)
    return sent


@pytest.fixture
def validated(engine, monkeypatch):
    """The expansion checks (`_validate/query`) the engine sends to the node."""
    sent = []
    validate = engine.client.indices.validate_query

    def counted(**options):
        sent.append(options["query"])
        return validate(**options)

    monkeypatch.setattr(engine.client.indices, "validate_query", counted)
    return sent


def _query(text, **options) -> SearchQuery:
    terms = parse_terms(clean_query(text), SYNONYMS)
    return SearchQuery(text=text, terms=terms, audiences=frozenset({PUBLIC}), **options)


def _as_written(query: SearchQuery) -> SearchQuery:
    """The query answer() searches when every word is found as written."""
    return replace(query, terms=tuple(replace(term, typo_tolerant=False) for term in query.terms))


def test_term_counts_say_whether_a_readable_document_matches_as_written_or_with_typos(engine):
    assert engine.term_counts(_query("rodiny obec")) == [(1, 1), (1, 1)]
    assert engine.term_counts(_query("krizovy zirafa")) == [(1, 1), (0, 0)]
    assert engine.term_counts(_query("krizvy")) == [(0, 1)]
    # Counted within the person's documents and filters.
    assert engine.term_counts(_query("krizovy", filters={"kind": ("nic",)})) == [(0, 0)]


def test_a_query_found_as_written_is_answered_in_one_request(engine, requests):
    query = _query("krizový byt")
    results = answer(engine, query)
    assert requests == ["Search"]
    fresh = ElasticsearchEngine().search(_as_written(query))
    assert keys(results) == keys(fresh) and results.total == fresh.total > 0
    assert results.facets == fresh.facets


def test_a_typo_is_searched_again_with_typo_tolerance(engine, requests):
    """As written nothing is found; the term checks go in one multi-search; the word found
    only with typos is searched again with typo tolerance."""
    results = answer(engine, _query("krizvy byt"), suggest=False)
    assert requests == ["Search", "MultiSearch", "Search"]
    assert "kb.articlepage:1" in keys(results)


class OneByOne(ElasticsearchEngine):
    """The engine asking what answer() needs one request at a time (the default
    `term_counts_ahead`): the answers to compare with."""

    term_counts_ahead = SearchEngine.term_counts_ahead


def test_one_word_with_a_typo_is_answered_with_its_checks(engine, requests, validated):
    """For one word not found as written, the search with typos and its "did you mean" go
    with the term checks in one multi-search, after the word's expansions."""
    results = answer(engine, _query("krizvy"))
    assert requests == ["Search", "MultiSearch"] and len(validated) == 1
    assert "kb.articlepage:1" in keys(results) and results.suggestion
    requests.clear()
    assert answer(engine, _query("krizvy"), suggest=False).total == results.total
    assert requests == ["Search", "MultiSearch"]


# "métod" and "pamá": found by the checks as prefixes ("metodika", "pamatky"), not as
# written, so the search asked ahead (with the prefix) is not the answer.
@pytest.mark.parametrize(
    "text", ["krizvy", "bydleni", "podpra", "rodyny", "zzqxwv", "kříž", "ob", "métod", "pamá"]
)
@pytest.mark.parametrize("suggest", [True, False])
def test_answers_asked_together_are_the_answers_asked_one_by_one(engine, text, suggest):
    together = answer(engine, _query(text), suggest=suggest)
    one_by_one = answer(OneByOne(), _query(text), suggest=suggest)
    assert together == one_by_one


def test_the_node_says_which_words_a_typo_expands_to(engine):
    assert "krizovy" in engine._fuzzy_words(
        Q("fuzzy", words={"value": "krizvy", "fuzziness": "AUTO", "prefix_length": 1})
    )
    # Nothing close: the node leaves the fuzzy query as it is ("words:zzqxwv~2").
    assert engine._fuzzy_words(Q("fuzzy", words={"value": "zzqxwv", "fuzziness": "AUTO"})) == []


@pytest.mark.parametrize("word", ["krizvy", "bydleni", "podpra", "rodyny", "obcim", "zzqxwv"])
def test_similar_words_mark_what_the_fuzzy_query_itself_would_mark(engine, monkeypatch, word):
    """The highlighter is given the words the fuzzy query expands to (cheap to mark) instead
    of the fuzzy query (its typo automaton built again for every document); the words it
    marks, and so the suggestions, are the same."""
    query = _query(word)
    expanded = engine.similar_words(query, word)
    monkeypatch.setattr(ElasticsearchEngine, "_fuzzy_words", lambda self, fuzzy: [])
    assert expanded == engine.similar_words(query, word)


def test_similar_words_ask_the_expansion_and_one_search(engine, requests, validated):
    assert engine.similar_words(_query("krizvy"), "krizvy")
    assert len(validated) == 1 and requests == ["Search"]


def test_a_missing_index_is_an_unavailable_engine_for_every_request(engine):
    """The node's answers are read as plain dicts: an error of the search, of one search of
    a multi-search, or of the expansion check is still SearchEngineUnavailable (the service
    then answers from the database)."""
    engine.clear()
    query = _query("krizvy")
    for ask in (
        lambda: engine.search(query),
        lambda: engine.term_counts(query),
        lambda: engine.similar_words(query, "krizvy"),
    ):
        with pytest.raises(SearchEngineUnavailable):
            ask()
