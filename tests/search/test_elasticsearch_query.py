"""The Elasticsearch engine's requests per answer: one multi-search (the page of hits, and
the total with the facets) when every word is found as written; otherwise the term checks in
one multi-search, which for a single word also carries the search with typos and its "did
you mean" (answers the same as asked one by one)."""

import json
import re
from dataclasses import replace

import pytest
from elasticsearch.dsl import Search

import search.engines.elasticsearch as elasticsearch_engine
from search.documents import FACETS, PARTNERS, PUBLIC, SIGNED_IN, SearchDocument
from search.engines.base import SearchEngine, SearchEngineUnavailable
from search.engines.elasticsearch import (
    _MATCHED_WORD,
    RARE_WORD_DOCUMENTS,
    STEMS_FIELD,
    WORD_COUNTS_SECONDS,
    ElasticsearchEngine,
    _descriptions,
    _marked,
    alias_name,
)
from search.models import SearchWord
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
    # The alias's index is made anew: its version read now (once a minute on a site), so
    # that the requests of an answer are its own.
    elasticsearch_engine._mapping_versions.clear()
    engine.mapping_version()
    elasticsearch_engine._word_counts.clear()
    return engine


@pytest.fixture
def requests(engine, monkeypatch):
    """The requests the engine sends to the node."""
    sent = []
    run = ElasticsearchEngine._run

    def counted(self, search):
        sent.append("MultiSearch" if isinstance(search, list) else "Search")
        return run(self, search)

    monkeypatch.setattr(ElasticsearchEngine, "_run", counted)
    return sent


def _query(text, **options) -> SearchQuery:
    terms = parse_terms(clean_query(text), SYNONYMS)
    return SearchQuery(text=text, terms=terms, audiences=frozenset({PUBLIC}), **options)


def _as_written(query: SearchQuery) -> SearchQuery:
    """The query answer() searches when every word is found as written."""
    return replace(query, terms=tuple(replace(term, typo_tolerant=False) for term in query.terms))


def _same_answer(answer, expected) -> bool:
    """The same answer, its hits in the same order with the same scores up to the last
    digits of a float (the node adds a document's clause scores in another order when the
    words are one disjunction rather than one query each)."""
    return (
        replace(answer, hits=[replace(hit, score=0.0) for hit in answer.hits])
        == replace(expected, hits=[replace(hit, score=0.0) for hit in expected.hits])
    ) and [hit.score for hit in answer.hits] == pytest.approx(
        [hit.score for hit in expected.hits], rel=1e-6
    )


def test_term_counts_say_whether_a_readable_document_matches_as_written_or_with_typos(engine):
    assert engine.term_counts(_query("rodiny obec")) == [(1, 1), (1, 1)]
    assert engine.term_counts(_query("krizovy zirafa")) == [(1, 1), (0, 0)]
    assert engine.term_counts(_query("krizvy")) == [(0, 1)]
    # Counted within the person's documents and filters.
    assert engine.term_counts(_query("krizovy", filters={"kind": ("nic",)})) == [(0, 0)]


def test_a_query_found_as_written_is_answered_in_one_request(engine, requests):
    query = _query("krizový byt")
    results = answer(engine, query)
    assert requests == ["MultiSearch"]
    fresh = ElasticsearchEngine().search(_as_written(query))
    assert keys(results) == keys(fresh) and results.total == fresh.total > 0
    assert results.facets == fresh.facets


def test_a_typo_is_searched_again_with_typo_tolerance(engine, requests):
    """As written nothing is found; the term checks go in one multi-search; the word found
    only with typos is searched again with typo tolerance."""
    results = answer(engine, _query("krizvy byt"), suggest=False)
    assert requests == ["MultiSearch", "MultiSearch", "MultiSearch"]
    assert "kb.articlepage:1" in keys(results)


class OneByOne(ElasticsearchEngine):
    """The engine asking what answer() needs one request at a time (the default
    `term_counts_ahead`): the answers to compare with."""

    term_counts_ahead = SearchEngine.term_counts_ahead


def test_one_word_with_a_typo_is_answered_in_two_round_trips(engine, requests, sent):
    """For one word not found as written, the search with typos and its "did you mean" go
    with the term checks in one multi-search: two round trips in all (no expansion check,
    `_validate/query`, before it)."""
    results = answer(engine, _query("krizvy"))
    assert requests == ["MultiSearch", "MultiSearch"]
    assert [path.rsplit("/", 1)[-1] for path, _body in sent] == ["_msearch", "_msearch"]
    assert "kb.articlepage:1" in keys(results) and results.suggestion
    requests.clear()
    assert answer(engine, _query("krizvy"), suggest=False).total == results.total
    assert requests == ["MultiSearch", "MultiSearch"]


def test_one_word_with_a_typo_is_checked_with_typos_by_its_search_with_typos(engine, sent):
    """The second multi-search of one misspelt word carries the check as written, the
    search with typos (its page and its counts) and "did you mean", not the check with
    typos: that check's query is the search with typos' own, so its total says it."""
    results = answer(engine, _query("krizvy"))
    searches = sent[1][1][1::2]
    fuzzy = [body for body in searches if '"fuzzy"' in json.dumps(body)]
    # The page, the counts and "did you mean" use typos; the one check does not.
    assert len(searches) == 4 and len(fuzzy) == 3
    assert results.total and results.suggestion
    # Found nowhere, not even with typos: the same answer as the checks asked one by one.
    assert answer(engine, _query("zzqxwv")) == answer(OneByOne(), _query("zzqxwv"))


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


def _highlighted(engine, query: SearchQuery, word: str) -> list[list[str]]:
    """Per hit of the similar words' search, the words Elasticsearch's highlighter marks
    given the fuzzy query itself (five fragments of one word): how "did you mean" read them
    before, the reference for `_marked`."""
    body = engine._similar_request(query, word)
    del body["explain"]
    body["highlight"] = {
        "fields": {"words": {}},
        "number_of_fragments": 5,
        "fragment_size": 1,
        "pre_tags": ["["],
        "post_tags": ["]"],
    }
    response = engine._run([body])["responses"][0]
    return [
        [
            marked
            for fragment in hit.get("highlight", {}).get("words", [])
            for marked in re.findall(r"\[([^\]]+)\]", fragment)
        ]
        for hit in response["hits"]["hits"]
    ]


def _marked_per_hit(engine, query: SearchQuery, word: str) -> list[list[str]]:
    response = engine._run([engine._similar_request(query, word)])["responses"][0]
    return [
        _marked(
            hit["_source"]["words"],
            set(_MATCHED_WORD.findall(_descriptions(hit["_explanation"]))),
        )
        for hit in response["hits"]["hits"]
    ]


@pytest.mark.parametrize("word", ["krizvy", "bydleni", "podpra", "rodyny", "obcim", "zzqxwv"])
def test_similar_words_are_the_words_the_highlighter_marks(engine, word):
    """The words the fuzzy query matched in each document (from the explanation of its
    score), five per document picked as the highlighter's passage scorer picks them, are
    the words the highlighter itself marks, in the same order of the documents."""
    query = _query(word)
    assert _marked_per_hit(engine, query, word) == _highlighted(engine, query, word)


def test_five_words_per_document_shorter_then_earlier_ones_as_the_highlighter(engine):
    """A document with more than five words close to the typo: the highlighter marks five,
    the shorter ones first, then the earlier ones; `_marked` picks the same five."""
    engine.index(
        [
            SearchDocument(
                key="kb.articlepage:900",
                kind="article",
                title="Bydlením bydlení",
                url="/znalosti/900/",
                summary="Bydlí bydleni bydlet, bydlením a bydlení; bydlím bydlení bydlením.",
                body="Bydlením bydlet bydlí bydlení bydlím.",
            )
        ]
    )
    engine.refresh()
    query = _query("bydelni")
    highlighted = _highlighted(engine, query, "bydelni")
    marked = _marked_per_hit(engine, query, "bydelni")
    assert any(len(words) == 5 for words in highlighted)
    assert marked == highlighted


def test_similar_words_ask_one_search(engine, requests, sent):
    assert engine.similar_words(_query("krizvy"), "krizvy")[0] == "krizový"
    assert requests == ["MultiSearch"] and len(sent) == 1


def test_a_missing_index_is_an_unavailable_engine_for_every_request(engine):
    """The node's answers are read as plain dicts: an error of the search, of one search of
    a multi-search or of the similar words' search is still SearchEngineUnavailable (the service
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


@pytest.fixture
def sent(engine, monkeypatch):
    """The HTTP requests the client sends to the node: (path, body)."""
    calls = []
    perform = engine.client.perform_request

    def counted(method, path, **options):
        calls.append((path, options.get("body")))
        return perform(method, path, **options)

    monkeypatch.setattr(engine.client, "perform_request", counted)
    return calls


def test_the_page_and_its_counts_are_two_searches_of_one_multi_search(engine, sent):
    """One round trip: the page of hits, scored with no total (the node may skip documents
    that cannot make the page), the person's audiences and the filters applied after the
    scoring (`post_filter`: checked only for documents that could make the page); the exact
    total and the facets in a search of their own, its words in filter context."""
    query = _query("krizový byt", filters={"kind": ("article",)})  # one term: a phrase
    results = answer(engine, query)
    assert results.total == len(results.hits) == 2
    assert [path.rsplit("/", 1)[-1] for path, _body in sent] == ["_msearch"]
    _header, hits, _header, counts = sent[0][1]
    assert hits["track_total_hits"] is False and hits["size"] == 10 and "aggs" not in hits
    assert hits["query"] == engine._matching(_as_written(query)).to_dict()
    assert hits["post_filter"]["bool"]["filter"] == [
        {"terms": {"audiences": [PUBLIC]}},
        {"terms": {"kind": ["article"]}},
    ]
    assert counts["size"] == 0 and counts["track_total_hits"] is True
    assert "must" not in counts["query"]["bool"] and set(counts["aggs"]) == set(FACETS)


@pytest.mark.parametrize(
    "text, options", [("podpora rodiny", {}), ("rodiny obec zirafa", {"minimum_match": 2})]
)
def test_the_page_scores_several_words_as_one_disjunction_and_requires_them_after(
    engine, sent, text, options
):
    """With several words the page's query is one disjunction of every word's clauses (the
    node skips what cannot make the page over all of them at once) and its `post_filter`
    requires the words as the counts do: the page of the words required one by one."""
    query = _as_written(_query(text, **options))
    results = engine.search(query)
    _header, hits, _header, counts = sent[-1][1]
    assert set(hits["query"]["bool"]) == {"should"}
    clauses = [json.dumps(clause, sort_keys=True) for clause in hits["query"]["bool"]["should"]]
    assert len(clauses) > len(query.terms)
    words, audiences = hits["post_filter"]["bool"]["filter"]
    assert words == counts["query"]["bool"]["filter"][0]
    assert audiences == {"terms": {"audiences": [PUBLIC]}}
    one = engine._results(query, [_one_request(engine, query)] * 2)
    assert _same_answer(results, one) and results.total > 0


def test_a_rare_word_makes_the_page_require_the_words_one_by_one(
    engine, sent, django_assert_num_queries
):
    """When the typo vocabulary says a word, as typed, is in few documents the person may
    read, the page's query requires the words one by one (the node starts from that word's
    few documents: fewer than ten may match them all, and a disjunction would then score
    every document with any of the words). The same answer; the count is read once."""
    SearchWord.objects.create(word="rodiny", audience=PUBLIC, documents=RARE_WORD_DOCUMENTS)
    query = _as_written(_query("podpora rodiny"))
    with django_assert_num_queries(1):
        results = engine.search(query)
    _header, hits, _header, _counts = sent[-1][1]
    assert hits["query"] == engine._matching(query).to_dict()
    assert hits["post_filter"]["bool"]["filter"] == [{"terms": {"audiences": [PUBLIC]}}]
    one = engine._results(query, [_one_request(engine, query)] * 2)
    assert _same_answer(results, one) and results.total > 0
    with django_assert_num_queries(0):
        assert _same_answer(engine.search(query), results)


@pytest.mark.parametrize(
    "vocabulary",
    [
        [("rodiny", PUBLIC, RARE_WORD_DOCUMENTS + 1)],
        # Readable through either audience: the counts add up.
        [("rodiny", PUBLIC, RARE_WORD_DOCUMENTS // 2), ("rodiny", PARTNERS, RARE_WORD_DOCUMENTS)],
        [("rodiny", SIGNED_IN, 1)],  # in few documents, but none the person may read
        [],  # words the vocabulary lacks are not taken for rare
    ],
)
def test_common_or_unknown_words_keep_the_disjunction(engine, sent, vocabulary):
    SearchWord.objects.bulk_create(
        SearchWord(word=word, audience=audience, documents=documents)
        for word, audience, documents in vocabulary
    )
    query = replace(_as_written(_query("podpora rodiny")), audiences=frozenset({PUBLIC, PARTNERS}))
    engine.search(query)
    _header, hits, _header, _counts = sent[-1][1]
    assert set(hits["query"]["bool"]) == {"should"}


def test_word_counts_are_read_again_after_a_while(engine, sent, monkeypatch):
    query = _as_written(_query("podpora rodiny"))
    engine.search(query)
    SearchWord.objects.create(word="rodiny", audience=PUBLIC, documents=2)
    engine.search(query)
    assert set(sent[-1][1][1]["query"]["bool"]) == {"should"}  # the count kept
    later = elasticsearch_engine.time.monotonic() + WORD_COUNTS_SECONDS + 1
    monkeypatch.setattr(elasticsearch_engine.time, "monotonic", lambda: later)
    engine.search(query)
    assert sent[-1][1][1]["query"] == engine._matching(query).to_dict()


@pytest.mark.parametrize(
    "text, options",
    [
        ("krizový byt", {}),
        ("housing first", {}),  # a glossary phrase: its synonyms as phrases
        ("bydleni podpo", {}),  # the last word also as a prefix
        ("rodiny obec zirafa", {"minimum_match": 2}),
        ("byt", {"filters": {"kind": ("article",)}}),
    ],
)
def test_the_counts_look_each_stem_up_in_the_copied_field(engine, sent, text, options):
    """The exact total and the facets (filter context: nothing scored) ask each stem and
    phrase of the stem fields in their copy, one postings list instead of three, and so
    does the page's `post_filter`: the same documents as the words required one by one over
    the weighted fields (the one-request form counts with those)."""
    query = _query(text, **options)
    split = engine.search(query)
    _header, hits, _header, counts = sent[-1][1]
    assert STEMS_FIELD in json.dumps(counts["query"])
    assert STEMS_FIELD not in json.dumps(hits["query"])  # scored over the weighted fields
    assert not any(field in json.dumps(counts["query"]) for field in ("title_terms", "body_terms"))
    one = engine._results(query, [_one_request(engine, query)] * 2)
    assert _same_answer(split, one) and split.total > 0


def test_a_phrase_does_not_run_from_one_stem_field_into_the_next(engine):
    """In the copied field each field's stems are a value of their own (a position gap
    between them): a title ending in "housing" and a summary starting with "first" are
    no phrase "housing first", as in the fields themselves."""
    engine.index(
        [
            SearchDocument(
                key="kb.articlepage:901",
                kind="article",
                title="Bydlení a housing",
                url="/znalosti/901/",
                summary="First obec napsala.",
            )
        ]
    )
    engine.refresh()
    query = _query("housing first")
    assert "kb.articlepage:901" not in keys(engine.search(query))
    assert (
        engine.search(query).total
        == engine._results(query, [_one_request(engine, query)] * 2).total
    )


@pytest.fixture
def previous_index(engine, monkeypatch):
    """The index behind the alias made by the previous version: no copied stem field, no
    mapping version in `_meta`."""
    mappings = elasticsearch_engine.MAPPINGS
    previous = {
        "dynamic": "strict",
        "properties": {
            name: {key: value for key, value in field.items() if key != "copy_to"}
            for name, field in mappings["properties"].items()
            if name != STEMS_FIELD
        },
    }
    monkeypatch.setattr(elasticsearch_engine, "MAPPINGS", previous)
    engine.clear()
    engine.ensure_index()
    engine.index(CORPUS)
    engine.refresh()
    monkeypatch.setattr(elasticsearch_engine, "MAPPINGS", mappings)
    elasticsearch_engine._mapping_versions.clear()
    return engine


def test_an_index_of_the_previous_version_is_counted_as_before(previous_index, sent):
    """Until `search_rebuild` after deploying, the counts ask the words as the page's
    search does (the index has no copied field): totals and facets stay exact. The
    version behind the alias is read once, not for every search."""
    engine = previous_index
    for text in ("krizový byt", "housing first", "bydleni podpo"):
        query = _query(text)
        results = engine.search(query)
        assert results.total > 0
        assert _same_answer(results, engine._results(query, [_one_request(engine, query)] * 2))
    counts = [body for path, body in sent if path.endswith("_msearch")][-1][3]
    assert STEMS_FIELD not in json.dumps(counts)
    assert [path for path, _body in sent if path.endswith("_mapping")] == [
        f"/{alias_name()}/_mapping"
    ]


def test_the_mapping_version_is_read_again_after_a_while(previous_index, monkeypatch):
    engine = previous_index
    assert engine.mapping_version() == 1
    engine.clear()
    engine.ensure_index()  # search_rebuild's new index behind the alias
    assert engine.mapping_version() == 1  # as read a moment ago
    later = elasticsearch_engine.time.monotonic() + elasticsearch_engine.MAPPING_CHECK_SECONDS + 1
    monkeypatch.setattr(elasticsearch_engine.time, "monotonic", lambda: later)
    assert engine.mapping_version() == elasticsearch_engine.MAPPING_VERSION


def _one_request(engine, query: SearchQuery) -> dict:
    """The answer to `query` as one search (hits, exact total and facets scored together),
    every word required by a query of its own: the form the engine asked before the page
    and its counts were split."""
    hits, counts = engine._search_bodies(query)
    one = {
        "query": {
            "bool": {
                "must": [engine._matching(query).to_dict()],
                "filter": [{"terms": {"audiences": sorted(query.audiences)}}],
            }
        },
        "aggs": counts["aggs"],
        "track_total_hits": True,
        **{name: hits[name] for name in ("from", "size", "_source", "sort") if name in hits},
    }
    if "post_filter" in counts:
        one["post_filter"] = counts["post_filter"]
    return engine._run(Search(index=alias_name()).update_from_dict(one))


@pytest.mark.parametrize(
    "text, options",
    [
        ("krizový byt", {}),
        ("bydlení", {"filters": {"kind": ("case_study",)}}),
        ("byt", {"filters": {"topic": ("krizove-bydleni",), "kind": ("article",)}}),
        ("byt", {"sort": "date"}),
        ("byt", {"page": 2, "page_size": 1}),
        ("rodiny obec", {"minimum_match": 1}),
        ("krizovy", {"audiences": frozenset({PUBLIC, SIGNED_IN, PARTNERS})}),
    ],
)
def test_the_split_answer_is_the_one_request_answer(engine, text, options):
    audiences = options.pop("audiences", frozenset({PUBLIC}))
    query = replace(_query(text, **options), audiences=audiences)
    split = engine.search(query)
    one = engine._results(query, [_one_request(engine, query)] * 2)
    assert _same_answer(split, one) and split.total > 0


def test_totals_and_facets_stay_exact_beyond_ten_thousand_matches(engine):
    """The node counts at most 10,000 matches unless asked for an exact total."""
    many = 10_005
    engine.index(
        SearchDocument(
            key=f"kb.articlepage:{1000 + number}",
            kind="article",
            title=f"Sociální práce {number}",
            url=f"/znalosti/{number}/",
            topics=("socialni-prace",),
        )
        for number in range(many)
    )
    engine.refresh()
    results = answer(engine, _query("sociální práce"))
    assert results.total == many and len(results.hits) == 10
    assert results.facets["kind"] == {"article": many}
    assert results.facets["topic"] == {"socialni-prace": many}
