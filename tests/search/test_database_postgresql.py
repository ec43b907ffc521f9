"""PostgreSQL: the total and the facet counts come from the narrow table `search_entry_terms`
(migration search.0007), and equal those counted over the candidates of the entry table; its
rows follow every write, and survive the migration's reverse and forward."""

from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from search.documents import PUBLIC, SearchDocument
from search.engines import database
from search.engines.database import DatabaseEngine
from search.query import SearchQuery, clean_query, parse_terms

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search_entry_terms is PostgreSQL's"
)

MEMBERS = "forum-category:7"
TOPICS = ("krizove-bydleni", "mapovani", "housing-first")


def _document(number):
    return SearchDocument(
        key=f"kb.articlepage:{number}",
        kind="article" if number % 4 else "case",
        title=[
            "Krizové bydlení pro rodiny",
            "Housing first v obci",
            "Zpráva o bydlení",
            "Sociální práce",
        ][number % 4]
        + f" {number}",
        url=f"/a/{number}/",
        summary="Obec nabízí krizové bydlení." if number % 3 == 0 else "",
        body="Sociální bydlení a sociální práce v obcích." if number % 2 else "Zápis ze schůze.",
        date=date(2020 + number % 5, 1 + number % 12, 1),
        topics=(TOPICS[number % 3],) + ((TOPICS[(number + 1) % 3],) if number % 5 == 0 else ()),
        audiences=(PUBLIC,) if number % 3 else (MEMBERS,),
    )


def _query(text, audiences=(PUBLIC,), **options):
    return SearchQuery(
        text=text, terms=parse_terms(clean_query(text)), audiences=frozenset(audiences), **options
    )


QUERIES = [
    ("krizové bydlení", (PUBLIC,), {}),
    ("bydlení", (PUBLIC, MEMBERS), {}),
    ("bydlení", (MEMBERS,), {"filters": {"topic": ("mapovani", "housing-first")}}),
    ("soc", (PUBLIC,), {}),  # a prefix of words
    ("sociální práce", (PUBLIC, MEMBERS), {"filters": {"kind": ("article", "case")}}),
    ("housing first", (PUBLIC,), {"filters": {"topic": ("housing-first",), "kind": ("article",)}}),
    ("", (PUBLIC, MEMBERS), {}),  # no words: every entry the person may read
    ("neexistujícíslovo", (PUBLIC,), {}),
]


def _rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_id, facets, terms::text FROM search_entry_terms ORDER BY 1")
        return cursor.fetchall()


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "audiences", "options"), QUERIES)
def test_the_total_and_facets_of_the_narrow_table_equal_those_of_the_candidates(
    text, audiences, options
):
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(60))
    matching = engine._matching(_query(text, audiences, **options))
    if matching is None:
        pytest.skip("nothing to match")
    facets, total = engine._facets(matching)
    assert (facets, total) == engine._facets_of_candidates(matching)
    # Not vacuous: the narrow table was read and the query finds something (but the last).
    if text != "neexistujícíslovo":
        assert total > 0 and any(facets.values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "audiences", "options"),
    [
        ("bydleni krizovy", (PUBLIC,), {}),  # words found only as typos or without diacritics
        ("bydlení sociálni", (PUBLIC, MEMBERS), {"filters": {"topic": ("mapovani",)}}),
        ("krizové rodiny", (MEMBERS,), {}),
        ("neexistujícíslovo bydlení", (PUBLIC,), {}),
    ],
)
def test_per_word_counts_of_the_narrow_table_equal_those_of_the_candidates(
    monkeypatch, text, audiences, options
):
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(60))
    query = _query(text, audiences, **options)
    narrow = engine.term_counts(query)
    monkeypatch.setattr(database, "_narrow", lambda query: False)
    assert narrow == engine.term_counts(query)
    assert any(exact or found for exact, found in narrow)  # not vacuous


@pytest.mark.django_db
def test_a_search_counts_and_reads_its_page_from_the_narrow_table():
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(12))
    assert engine.search(_query("soc")).hits
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_entry_terms")
    results = engine.search(_query("soc"))
    assert results.total == 0 and results.hits == []


def _twins(number):
    """Entries alike in title and date (only the id orders them), some with the words in
    the title, some only in the body."""
    return replace(
        _document(number),
        key=f"kb.articlepage:twin-{number}",
        title="Sociální bydlení" if number % 2 else "Zápis",
        date=None if number % 3 == 0 else date(2024, 1, 1),
    )


LEVEL_QUERIES = [
    *QUERIES,
    ("sociální bydlení v obcích", (PUBLIC,), {}),  # three words: 1,200 combinations
    ("krizové bydlení rodiny", (PUBLIC, MEMBERS), {"filters": {"topic": ("mapovani",)}}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "audiences", "options"), LEVEL_QUERIES)
@pytest.mark.parametrize("page", [1, 2, 4])
@pytest.mark.parametrize("total", [0, 10**9])  # few matches; most entries (first rows first)
def test_the_page_by_score_levels_equals_the_page_scoring_every_candidate(
    text, audiences, options, page, total
):
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(60))
    engine.index(_twins(number) for number in range(12))
    with connection.cursor() as cursor:  # half the rows move to the heap's end: no id order
        cursor.execute("UPDATE search_entry_terms SET title = title WHERE entry_id % 2 = 0")
        cursor.execute("ANALYZE search_entry_terms")
    matching = engine._matching(_query(text, audiences, page=page, page_size=7, **options))
    if matching is None or matching.node is None:
        pytest.skip("nothing to match, or no words (no score levels)")
    rows = matching.level_page(total)
    assert rows == matching.page()
    if page == 1 and text != "neexistujícíslovo":
        assert rows  # not vacuous


def _lookups() -> int:
    """The index scans of `search_entry_terms` in this transaction so far."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(SUM(idx_scan), 0) FROM pg_stat_xact_user_tables "
            "WHERE relname = 'search_entry_terms'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_levels_are_read_until_the_page_is_full_and_no_further():
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(60))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry_terms")
    query = _query("sociální práce", page_size=3)
    matching = engine._matching(query)
    levels = database._level_queries(matching.score_groups)[3]
    assert len(levels) > 10
    total = engine.search(query).total
    before = _lookups()
    rows = matching.level_page(0)  # as if few entries matched: GIN lookups, level by level
    # The best level ("Sociální práce" in the title, both lemmas) fills the page of three:
    # one lookup, not one per level.
    assert len(rows) == 3 and {row[-1] for row in rows} == {levels[0]}
    assert _lookups() - before == 1
    before = _lookups()
    everything = engine._matching(replace(query, page_size=100)).level_page(0)
    assert len(everything) == total  # fewer matches than the page: every level is read
    assert _lookups() - before == len(levels)
    # As if most entries matched: the first rows in the page's order hold the page, found
    # without a GIN lookup (which would now fail; the test's transaction undoes this).
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE OR REPLACE FUNCTION search_entry_first(query tsquery, wanted text[], names integer, "
            "keep integer) "
            "RETURNS TABLE (entry_id integer, date date, title varchar) LANGUAGE plpgsql "
            "AS $$ BEGIN RAISE EXCEPTION 'a GIN lookup'; END $$"
        )
    assert matching.level_page(10**9) == rows


@pytest.mark.django_db
def test_words_read_their_page_by_levels_up_to_max_score_levels(monkeypatch):
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(20))
    for text in ("soc", "sociální práce", "sociální bydlení v obcích"):
        assert engine._matching(_query(text)).level_page(0)
    monkeypatch.setattr(database, "MAX_SCORE_LEVELS", 100)
    assert engine._matching(_query("soc")).level_page(0)
    assert engine._matching(_query("sociální bydlení v obcích")).level_page(0) is None


@pytest.mark.django_db
def test_a_search_of_several_words_does_not_score_every_candidate(monkeypatch):
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(60))
    expected = engine.search(_query("sociální bydlení v obcích"))

    def scoring_every_candidate(self, node=None):
        raise AssertionError("the page scored every candidate")

    monkeypatch.setattr(database._Matching, "page", scoring_every_candidate)
    monkeypatch.setattr(database._Matching, "top_page", scoring_every_candidate)
    assert engine.search(_query("sociální bydlení v obcích")) == expected
    assert expected.hits


@pytest.mark.django_db
def test_the_narrow_table_follows_writes_and_removals():
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(10))
    assert [row[0] for row in _rows()] == sorted(_entry_ids().values())
    # Rewritten entries replace their rows; removed ones take theirs with them.
    engine.index([replace(_document(1), topics=("mapovani",))])
    engine.remove(["kb.articlepage:2"])
    ids = _entry_ids()
    assert [row[0] for row in _rows()] == sorted(ids.values())
    facets = {row[0]: row[1] for row in _rows()}
    assert facets[ids["kb.articlepage:1"]] == ["kind=article", "topic=mapovani"]
    assert "kb.articlepage:2" not in ids
    engine.clear()
    assert _rows() == []


def _entry_ids():
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, id FROM search_searchentry")
        return dict(cursor.fetchall())


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)


def _tables():
    return set(connection.introspection.table_names())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_reverses_and_rebuilds_the_rows_from_the_entries():
    engine = DatabaseEngine()
    engine.index(_document(number) for number in range(20))
    written = _rows()
    assert len(written) == 20
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([("search", "0006_entry_rank_index")])
    try:
        assert "search_entry_terms" not in _tables()
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM search_searchentry")
            assert cursor.fetchone()[0] == 20  # the entries themselves are untouched
    finally:
        _migrate(latest)
    assert _rows() == written
    matching = engine._matching(_query("bydlení", (PUBLIC, MEMBERS)))
    assert engine._facets(matching) == engine._facets_of_candidates(matching)
