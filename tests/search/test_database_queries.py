"""How the database engine executes a search: a fixed number of statements driven by the
full-text index, exact totals and facet counts, the ranking rule kept by the shortcut that
reads the page from the title matches, and the service asking for per-word counts only
when they matter."""

import dataclasses
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.documents import PUBLIC, SearchDocument
from search.engines import database
from search.engines.database import DatabaseEngine, _Matching
from search.query import SearchQuery, clean_query, parse_terms
from search.service import answer

pytestmark = pytest.mark.django_db

GROUP = "forum-category:7"


def _query(text, audiences=(PUBLIC,), **options):
    return SearchQuery(
        text=text,
        terms=parse_terms(clean_query(text)),
        audiences=frozenset(audiences),
        **options,
    )


def _document(number, *, title, body="", topics=("mapovani",), audiences=(PUBLIC,), kind="article"):
    return SearchDocument(
        key=f"kb.articlepage:{number}",
        kind=kind,
        title=title,
        url=f"/a/{number}/",
        summary="",
        body=body,
        date=date(2020 + number % 6, 1 + number % 12, 1),
        topics=topics,
        audiences=audiences,
    )


def _corpus(count, start=0):
    """Articles on housing: every third has the word in its title, the rest in the body."""
    return [
        _document(
            number,
            title=f"Krizové bydlení {number}" if number % 3 == 0 else f"Zpráva číslo {number}",
            body="Obec nabízí krizové bydlení rodinám." if number % 3 else "Zápis.",
            topics=("krizove-bydleni",) if number % 2 else ("mapovani",),
        )
        for number in range(start, start + count)
    ]


def _statements(function) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        function()
    return [query["sql"] for query in queries.captured_queries]


def test_a_search_runs_the_same_statements_whatever_the_corpus_size():
    engine = DatabaseEngine()
    engine.index(_corpus(4))
    few = _statements(lambda: answer(engine, _query("krizové bydlení")))
    engine.index(_corpus(60, start=4))
    many = _statements(lambda: answer(engine, _query("krizové bydlení")))
    # The words as written find documents: the page and the facets with the total, nothing
    # else (no per-word counts, no vocabulary lookup).
    # (three when the page cannot be read from the title matches alone: see below)
    assert len(few) <= 3 and len(many) <= 3
    # A filtered facet adds a part to the facet statement, not a statement.
    filtered = _statements(
        lambda: answer(engine, _query("krizové bydlení", filters={"topic": ("mapovani",)}))
    )
    assert len(filtered) <= 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans")
def test_sqlite_statements_start_from_the_full_text_index():
    engine = DatabaseEngine()
    engine.index(_corpus(30))
    statements = _statements(lambda: engine.search(_query("krizové bydlení", sort="date")))
    statements += _statements(lambda: engine.search(_query("krizové bydlení")))
    statements += _statements(lambda: engine.term_counts(_query("krizové bydlení")))
    assert statements
    for sql in statements:
        if "search_entry_fts" not in sql:
            continue  # the typo vocabulary
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = [row[-1] for row in cursor.fetchall()]
        # (a constant row: the one-row SELECT of the per-word counts, one subquery each)
        scans = [step for step in plan if step.startswith("SCAN") and step != "SCAN CONSTANT ROW"]
        # The first table read is the FTS5 table's matches; every other full scan is of a
        # small intermediate result, never of all the entries or all the facet rows, and
        # facet rows are read by entry (the unique (entry, name, value) index) or, for the
        # counts over many matches, by name from the (name, value, entry) index alone.
        assert scans[0].startswith("SCAN search_entry_fts VIRTUAL TABLE"), plan
        for step in scans:
            assert not step.startswith(("SCAN search_searchentry ", "SCAN r", "SCAN e")), plan
            assert "search_searchentryfacet" not in step and not step.startswith("SCAN f"), plan
        facet_reads = [step for step in plan if step.startswith("SEARCH f ")]
        assert all(
            "(entry_id=?" in step or "COVERING INDEX search_facet_value_entry (name=?)" in step
            for step in facet_reads
        ), plan


@pytest.mark.parametrize("scan_from", [0, 10**9])
def test_facet_counts_are_the_same_read_by_entry_or_from_the_value_index(monkeypatch, scan_from):
    """SQLite counts the facets of few matches by entry and of many from the (name, value,
    entry) index (`_SCAN_FACETS_FROM`): forced either way, the counts are exact."""
    monkeypatch.setattr(database, "_SCAN_FACETS_FROM", scan_from)
    engine = DatabaseEngine()
    documents = _corpus(12)
    documents.append(_document(100, title="Krizové bydlení ve skupině", audiences=(GROUP,)))
    documents.append(_document(101, title="Krizové bydlení všem", kind="case_study"))
    engine.index(documents)
    results = engine.search(_query("krizové bydlení"))
    assert results.total == 13  # not document 100: another audience
    assert results.facets["kind"] == {"article": 12, "case_study": 1}
    assert results.facets["topic"] == {"krizove-bydleni": 6, "mapovani": 7}
    few = engine.search(_query("zápis", filters={"kind": ("article",)}))
    assert few.total == 4
    assert few.facets["kind"] == {"article": 4}
    assert few.facets["topic"] == {"krizove-bydleni": 2, "mapovani": 2}


def test_totals_and_facet_counts_are_exact_with_several_audiences_and_filters():
    engine = DatabaseEngine()
    documents = _corpus(12)
    documents += [
        _document(
            100, title="Krizové bydlení ve skupině", audiences=(GROUP,), topics=("mapovani",)
        ),
        _document(101, title="Krizové bydlení všem", audiences=(PUBLIC, GROUP), kind="case_study"),
    ]
    engine.index(documents)
    public = engine.search(_query("krizové bydlení"))
    both = engine.search(_query("krizové bydlení", audiences=(PUBLIC, GROUP)))
    assert public.total == 13 and both.total == 14  # document 101 counted once
    assert both.facets["kind"] == {"article": 13, "case_study": 1}
    assert both.facets["topic"] == {"krizove-bydleni": 6, "mapovani": 8}
    # A filtered facet counts its values without its own filter (several can be chosen);
    # the other facets count within it.
    filtered = engine.search(
        _query("krizové bydlení", audiences=(PUBLIC, GROUP), filters={"topic": ("mapovani",)})
    )
    assert filtered.total == 8
    assert filtered.facets["topic"] == {"krizove-bydleni": 6, "mapovani": 8}
    assert filtered.facets["kind"] == {"article": 7, "case_study": 1}
    both_filters = engine.search(
        _query(
            "krizové bydlení",
            audiences=(PUBLIC, GROUP),
            filters={"topic": ("mapovani",), "kind": ("case_study",)},
        )
    )
    assert both_filters.total == 1
    assert both_filters.facets["kind"] == {"article": 7, "case_study": 1}
    assert both_filters.facets["topic"] == {"mapovani": 1}
    assert [hit.key for hit in both_filters.hits] == ["kb.articlepage:101"]
    # Nobody sees what their audiences may not read.
    assert engine.search(_query("skupině")).total == 0


def _full_page(engine, query):
    """The page by scoring every candidate (what the title shortcut must equal)."""
    matching = engine._matching(query)
    return [(*row[:3], row[-1]) for row in matching.page()]


@pytest.mark.parametrize("page", [1, 2, 3])
def test_the_page_read_from_the_title_matches_equals_scoring_every_candidate(page):
    engine = DatabaseEngine()
    engine.index(_corpus(75))
    query = _query("krizové bydlení", page=page, page_size=5)
    matching = engine._matching(query)
    shortcut = matching.top_page()
    assert shortcut is not None  # 25 titles with both words: enough for three pages
    assert [(*row[:3], row[-1]) for row in shortcut] == _full_page(engine, query)
    results = engine.search(query)
    assert [hit.key for hit in results.hits] == [row[0] for row in shortcut]
    assert results.total == 75


def test_the_page_scores_every_candidate_when_title_matches_could_be_outranked():
    engine = DatabaseEngine()
    # Two titles with the word, many bodies: too few title matches for a page of ten.
    engine.index(_corpus(6))
    query = _query("krizové bydlení")
    assert engine._matching(query).top_page() is None
    results = engine.search(query)
    assert [(hit.key, hit.score) for hit in results.hits] == [
        (row[0], float(row[-1])) for row in _full_page(engine, query)
    ]
    # Title matches rank first, then by date (newest first), then by title.
    assert [hit.key for hit in results.hits[:2]] == ["kb.articlepage:3", "kb.articlepage:0"]


def test_a_shortcut_page_ends_above_what_other_candidates_can_score():
    engine = DatabaseEngine()
    engine.index(_corpus(75))
    matching = engine._matching(_query("krizové bydlení", page_size=5))
    rows = matching.top_page()
    # Without a title match a candidate scores at most lemma 5 + summary 4 per word.
    assert rows is not None and rows[-1][-1] > 2 * (5 + 4)


class CountingEngine(DatabaseEngine):
    def __init__(self):
        super().__init__()
        self.calls = []

    def term_counts(self, query):
        self.calls.append("term_counts")
        return super().term_counts(query)

    def search(self, query):
        self.calls.append("search")
        return super().search(query)


def test_per_word_counts_are_asked_for_only_when_the_words_as_written_find_nothing():
    engine = CountingEngine()
    engine.index(_corpus(6))
    results = answer(engine, _query("krizové bydlení"))
    assert results.total == 6 and engine.calls == ["search"]
    assert not results.left_out and not results.suggestion and not results.partial
    engine.calls.clear()
    typo = answer(engine, _query("krizové bydlenj"))
    assert engine.calls[:3] == ["search", "term_counts", "search"]
    assert typo.total == 6  # the typo tolerated once the word is not found as written
    engine.calls.clear()
    missing = answer(engine, _query("krizové žirafa"))
    assert missing.left_out == ("žirafa",) and missing.total == 6
    assert "term_counts" in engine.calls


def test_one_word_with_a_typo_is_searched_again_after_its_checks():
    """The database engine asks nothing ahead (the default `term_counts_ahead`): the checks,
    then the search with typo tolerance."""
    engine = CountingEngine()
    engine.index(_corpus(6))
    typo = answer(engine, _query("bydlenj"), suggest=False)
    assert engine.calls == ["search", "term_counts", "search"]
    assert typo.total == 6


def test_matching_keeps_its_query():
    engine = DatabaseEngine()
    engine.index(_corpus(3))
    matching = engine._matching(_query("krizové"))
    assert isinstance(matching, _Matching) and matching.query.text == "krizové"


@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_pages_of_entries_alike_in_score_date_and_title_show_each_entry_once(sort):
    """Twelve entries with the same title, date and words: whatever order the database
    picks for ties, consecutive pages together show every one of them exactly once."""
    engine = DatabaseEngine()
    engine.index(
        [
            SearchDocument(
                key=f"kb.articlepage:{number}",
                kind="article",
                title="Krizové bydlení",
                url=f"/a/{number}/",
                body="Obec nabízí krizové bydlení rodinám.",
                date=date(2024, 5, 1),
                topics=("mapovani",),
                audiences=(PUBLIC,),
            )
            for number in range(12)
        ]
    )
    shown = [
        hit.key
        for page in (1, 2, 3)
        for hit in engine.search(_query("krizové bydlení", page=page, page_size=5, sort=sort)).hits
    ]
    assert sorted(shown) == sorted(f"kb.articlepage:{number}" for number in range(12))


def test_fts5_reads_a_phrase_once_for_all_the_fields_it_is_looked_for_in():
    """An alternative of one phrase in several fields is one FTS5 column set (its postings
    read once), and it finds exactly what the alternatives one field at a time find."""
    match = database.Match
    node = database.AnyOf(
        (
            match(("lemmas",), (("krizový",),)),
            match(("title_terms",), (("krih",),)),
            match(("summary_terms",), (("krih",),)),
            match(("body_terms",), (("krih",),)),
            match(("words",), (("kri",),), prefix=True),
        )
    )
    assert database._fts5(node) == (
        '({lemmas} : ("krizový") OR {title_terms summary_terms body_terms} : ("krih") '
        'OR {words} : ("kri"*))'
    )


def _mixed_corpus():
    """Entries with the query's words in every mix of title, summary and body (and in
    other forms, which only the stems match), on dates that tie some of them."""
    titles = ["Krizové bydlení {}", "Krizové centrum {}", "Zpráva {}", "Bydlení v krizi {}"]
    summaries = ["", "O krizovém bydlení.", "Krizová pomoc."]
    bodies = ["Zápis.", "Obec nabízí krizové bydlení rodinám.", "Bydlením se zabývá obec."]
    documents = []
    for number in range(72):
        document = _document(
            number,
            title=titles[number % 4].format(number),
            body=bodies[number // 12 % 3],
            topics=("krizove-bydleni",) if number % 5 else ("mapovani",),
        )
        documents.append(
            dataclasses.replace(
                document, summary=summaries[number // 4 % 3], date=date(2020 + number % 3, 1, 1)
            )
        )
    return documents


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page by score levels")
@pytest.mark.parametrize("combinations", [database.MAX_SQLITE_LEVEL_COMBINATIONS, 1])
@pytest.mark.parametrize(
    "text, filters",
    [
        ("krizové bydlení", {}),
        ("krizové bydlení", {"topic": ("mapovani",)}),
        ("krizi", {}),
        # Five words: 10^5 combinations, visited best first.
        ("obec nabízí krizové bydlení rodinám", {}),
    ],
)
def test_the_sqlite_page_by_score_levels_equals_scoring_every_candidate(
    monkeypatch, combinations, text, filters
):
    """Level by level (and, past `combinations` combinations, the last part scoring the
    other candidates), every page has the rows and scores of scoring every candidate."""
    monkeypatch.setattr(database, "MAX_SQLITE_LEVEL_COMBINATIONS", combinations)
    engine = DatabaseEngine()
    engine.index(_mixed_corpus())
    for page in range(1, 12):
        query = _query(text, page=page, page_size=7, filters=filters)
        levels = engine._matching(query).sqlite_level_page()
        assert [(*row[:3], row[-1]) for row in levels] == _full_page(engine, query)
    assert levels == []  # the pages ran past the last match


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page by score levels")
def test_the_sqlite_page_by_score_levels_reads_no_part_below_a_full_page(monkeypatch):
    """When the top levels hold the page, the part scoring every other candidate is never
    run: here it would fail (`json('')` is an error in SQLite)."""
    monkeypatch.setattr(database, "MAX_SQLITE_LEVEL_COMBINATIONS", 1)
    engine = DatabaseEngine()
    engine.index(_corpus(75))
    matching = engine._matching(_query("krizové bydlení", page_size=5))
    monkeypatch.setattr(_Matching, "score", lambda self, column: ("json('')", []))
    rows = matching.sqlite_level_page()
    assert len(rows) == 5 and {row[-1] for row in rows} == {30}  # both words, title and lemma
    with pytest.raises(Exception, match="JSON"):
        engine._matching(_query("krizové bydlení", page=10, page_size=5)).sqlite_level_page()


def test_per_word_counts_count_each_word_among_what_the_person_may_read():
    engine = DatabaseEngine()
    engine.index(
        [
            _document(1, title="Krizové bydlení"),
            _document(2, title="Zpráva", body="Krizové centrum obce."),
            _document(3, title="Zápis", body="Bydlení v obci.", kind="case_study"),
            _document(4, title="Bydlení ve skupině", audiences=(GROUP,)),
            _document(5, title="Krizové byty", audiences=(GROUP,)),
        ]
    )
    # As written, and with the close words of a typo (not those of document 4 or 5:
    # another audience).
    assert engine.term_counts(_query("krizové bydlenj")) == [(2, 2), (0, 2)]
    assert engine.term_counts(_query("krizové bydlenj", audiences=(PUBLIC, GROUP))) == [
        (3, 3),
        (0, 3),
    ]
    filtered = _query("krizové bydlení", filters={"kind": ("case_study",)})
    assert engine.term_counts(filtered) == [(0, 0), (1, 1)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page by score levels")
def test_past_its_visits_the_sqlite_page_falls_back_to_the_other_ways(monkeypatch):
    """A query whose first level is not found within MAX_SQLITE_LEVEL_VISITS combinations
    is read as before (title matches, or scoring every candidate), with the same rows."""
    engine = DatabaseEngine()
    engine.index(_mixed_corpus())
    query = _query("krizové bydlení", page_size=7)
    expected = _full_page(engine, query)
    monkeypatch.setattr(database, "MAX_SQLITE_LEVEL_VISITS", 0)
    assert engine._matching(query).sqlite_level_page() is None
    results = engine.search(query)
    assert [(hit.key, hit.score) for hit in results.hits] == [
        (row[0], float(row[-1])) for row in expected
    ]
