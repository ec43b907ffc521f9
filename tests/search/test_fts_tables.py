"""The database engine's full-text index (an FTS5 table kept by triggers on SQLite, generated
tsvector columns on PostgreSQL: migration search.0005) follows every write of the entries:
lemma, prefix, typo and stem matches of replaced and deleted entries are gone from the index
itself, not only hidden by the join to the entries."""

import re
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection

from search.documents import PUBLIC, SearchDocument
from search.engines.database import (
    FTS_REBUILD_SETTINGS,
    FTS_SETTINGS,
    FTS_TABLE,
    DatabaseEngine,
    Match,
    _match_rows,
)
from search.query import SearchQuery, clean_query, parse_terms


def _query(text):
    return SearchQuery(
        text=text, terms=parse_terms(clean_query(text)), audiences=frozenset((PUBLIC,))
    )


def _document(number, title, body):
    return SearchDocument(
        key=f"kb.articlepage:{number}",
        kind="article",
        title=title,
        url=f"/a/{number}/",
        summary="",
        body=body,
        date=date(2024, 1, 1 + number),
        topics=("mapovani",),
        audiences=(PUBLIC,),
    )


def _found(engine, text):
    return [hit.key for hit in engine.search(_query(text)).hits]


def _index_ids(field, token, *, prefix=False):
    """The ids the full-text index itself holds for a token of `field` (a stale index entry
    of a deleted row would be hidden from search results by the join to the entries)."""
    sql, params = _match_rows(Match((field,), ((token,),), prefix))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _index_is_consistent():
    """SQLite: FTS5's integrity check of the table against the entries (raises if not)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )


# The lemma "rodina" of "rodinám", the prefix "sociál" of "sociální", the typo "rodnám" of
# "rodinám" (one letter missing), and the stems of "krizové".
LEMMA, PREFIX, TYPO, STEM = "rodina", "sociál", "rodnám", "krizového"


@pytest.mark.django_db
def test_lemma_prefix_and_typo_matches_follow_updates_and_deletes():
    engine = DatabaseEngine()
    first = _document(1, "Krizové bydlení", "Obec nabízí sociální byty rodinám.")
    other = _document(2, "Zápis z jednání", "Rada schválila rozpočet.")
    engine.index([first, other])
    for text in (LEMMA, PREFIX, TYPO, STEM):
        assert _found(engine, text) == [first.key], text
    # The entry replaced by other words: the old words find nothing, the new ones find it.
    engine.index([_document(1, "Krizové bydlení", "Město pomáhá seniorům s nájmem.")])
    for text in (LEMMA, PREFIX, TYPO):
        assert _found(engine, text) == [], text
    assert _index_ids("lemmas", LEMMA) == []
    assert _index_ids("words", "socialni") == _index_ids("words", "soc", prefix=True) == []
    _index_is_consistent()
    assert _found(engine, "senior") == [first.key]
    assert _found(engine, "nájm") == [first.key]  # a prefix of the new words
    assert _found(engine, STEM) == [first.key]
    engine.remove([first.key])
    for text in ("senior", "nájm", STEM):
        assert _found(engine, text) == [], text
    assert _index_ids("lemmas", "senior") == _index_ids("words", "najm", prefix=True) == []
    _index_is_consistent()
    assert _found(engine, "rozpočet") == [other.key]


@pytest.mark.django_db
def test_a_changed_entry_is_rewritten_in_place_with_its_terms_and_facets():
    """SQLite: a changed entry keeps its row and id (an UPDATE, whose trigger hands FTS5 the
    old and the new terms of the row together), its facets are replaced; new entries of the
    same batch are inserted. The old words are gone from the index itself, FTS5's integrity
    check against the entries passes."""
    from django.test.utils import CaptureQueriesContext

    from search.models import SearchEntry, SearchEntryFacet

    engine = DatabaseEngine()
    first = _document(1, "Krizové bydlení", "Obec nabízí sociální byty rodinám.")
    other = _document(2, "Zápis z jednání", "Rada schválila rozpočet.")
    engine.index([first, other])
    engine.compact()
    ids = dict(SearchEntry.objects.values_list("key", "pk"))
    changed = replace(first, body="Město pomáhá seniorům s nájmem.", topics=("najem",))
    added = _document(3, "Nová výzva", "Dotace na sociální byty.")
    with CaptureQueriesContext(connection) as queries:
        engine.index([changed, replace(other, body="Rada schválila závěrečný účet."), added])
    writes = [
        found.group(0).split(") ")[-1]
        for query in queries.captured_queries
        if (found := re.match(r"(WITH .*\) )?(INSERT INTO|DELETE FROM|UPDATE) \w+", query["sql"]))
    ]
    entry = SearchEntry.objects.get(key=first.key)
    facets = sorted(SearchEntryFacet.objects.filter(entry=entry).values_list("name", "value"))
    assert ("topic", "najem") in facets and ("topic", "mapovani") not in facets
    assert entry.body == changed.body
    if connection.vendor == "sqlite":
        assert entry.pk == ids[first.key]
        assert writes == [
            "DELETE FROM search_searchentryfacet",
            "UPDATE search_searchentry",  # one statement for the batch (not one per row)
            "INSERT INTO search_searchentry",
            "INSERT INTO search_searchentryfacet",
            "INSERT INTO search_searchword",  # the typo vocabulary's changes
        ]
        # FTS5 writes a segment per statement that changes it: the merged one, the two
        # changed entries' (one UPDATE), the new entry's. One UPDATE per row wrote one each.
        assert _segments() == 3
    assert _index_ids("lemmas", LEMMA) == []
    assert _index_ids("words", "rodinam") == []
    assert _index_ids("words", "senior", prefix=True) == [entry.pk]
    _index_is_consistent()
    assert _found(engine, "senior") == [first.key]
    assert _found(engine, "sociální byty") == [added.key]


def _fts_settings() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT k, v FROM {FTS_TABLE}_config WHERE k != 'version'")
        return dict(cursor.fetchall())


def _segments() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT segid) FROM {FTS_TABLE}_idx")
        return cursor.fetchone()[0]


def _documents():
    return [
        _document(number, f"Krizové bydlení {number}", "Obec nabízí byty.")
        for number in range(1, 8)
    ]


@pytest.mark.django_db
@pytest.mark.postgres
def test_a_rebuild_on_postgresql_leaves_its_indexes_merged_and_statistics_fresh(monkeypatch):
    """PostgreSQL: no GIN index of the search tables keeps a pending list (which every
    search would read in full), and the planner's row counts are the rebuilt ones (a table
    never analysed has reltuples -1; autovacuum cannot see the test's rows)."""
    import search.indexing

    documents = _documents()
    monkeypatch.setattr(search.indexing, "all_documents", lambda: iter(documents))
    search.indexing.rebuild(batch_size=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('search_searchentry', 'search_entry_terms')"
        )
        assert dict(cursor.fetchall()) == {
            "search_searchentry": len(documents),
            "search_entry_terms": len(documents),
        }
        cursor.execute(
            "SELECT c.relname, gin_clean_pending_list(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE a.amname = 'gin' AND i.indrelid IN "
            "('search_searchentry'::regclass, 'search_entry_terms'::regclass)"
        )
        pending = dict(cursor.fetchall())
    assert pending and set(pending.values()) == {0}


@pytest.mark.django_db
def test_a_rebuild_leaves_the_full_text_index_in_one_segment(monkeypatch):
    """SQLite: every write transaction adds a segment and a replaced entry leaves its old
    terms behind a deletion marker; the rebuild merges them into one segment at the end."""
    import search.engines.database
    import search.indexing

    if connection.vendor != "sqlite":
        assert DatabaseEngine().compact() == 0
        return
    documents = _documents()
    monkeypatch.setattr(search.indexing, "all_documents", lambda: iter(documents))
    monkeypatch.setattr(search.engines.database, "FTS_MERGE_PAGES", 1)  # several steps
    engine = DatabaseEngine()
    # Other text than the content's: the rebuild replaces every entry (it keeps unchanged ones).
    engine.index([replace(document, body="Starší text.") for document in documents])
    settings = []
    real_configure = DatabaseEngine._configure_fts
    monkeypatch.setattr(
        DatabaseEngine,
        "_configure_fts",
        staticmethod(lambda values: settings.append(values) or real_configure(values)),
    )
    search.indexing.rebuild(batch_size=2)  # every entry replaced, four transactions
    assert _segments() == 1
    # The rebuild's merge settings while it wrote, FTS5's own again afterwards.
    assert settings == [FTS_REBUILD_SETTINGS, FTS_SETTINGS]
    assert _fts_settings() == {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}
    _index_is_consistent()
    assert _found(engine, "krizové bydlení 3")[0] == documents[2].key
    # Written once more after the rebuild: new segments beside the merged one.
    engine.index([replace(documents[0], body="Novější text.")])
    assert _segments() > 1
    assert engine.compact() >= 2 and _segments() == 1


# Quotation marks, dashes, an emoji, a no-break space, Arabic-Indic digits, CJK, letters
# SQLite's own Unicode tables do not know (New Tai Lue vowels: `unicode61` split words at
# them), letters whose compatibility forms are capitals ("ᴬᴮ" -> "AB", "ℕ" -> "N", "ᴭ" ->
# "Æ", "ϒ" -> "Υ"), Cherokee (folded to its capitals), a combining caron, Roman numerals
# and fractions.
HOSTILE = (
    "„Uvozovky“ – pomlčky — 😀 no\u00a0break ٣٤٥ 住宅政策 ᦵᦰᦱᦲ ᴬᴮ ℕ ᴭ ϒ ꭰꭱ ǰ ǅ "
    "snake_case Ⅻ ½ x² İstanbul ΣΟΦΊΑ straße"
)


@pytest.mark.django_db
def test_the_full_text_index_holds_exactly_the_analysed_terms():
    """SQLite: FTS5's `ascii` tokenizer (migration search.0011) splits the analysed columns
    at the spaces the analysis put there and changes nothing else, whatever the text; the
    lemmas and folded words (of title and body: each word twice here) are stored once."""
    from search.engines.base import analyse

    document = _document(1, f"Název {HOSTILE}", f"Text {HOSTILE} konec.")
    engine = DatabaseEngine()
    engine.index([document])
    if connection.vendor == "sqlite":
        analysed = analyse(document, once=True)
        fields = {**analysed.fields}
        fields["lemmas"], fields["words"] = analysed.distinct_terms
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, {FTS_TABLE}, instance)"
            )
            cursor.execute("SELECT col, term FROM temp.fts_terms ORDER BY col, offset")
            indexed = {}
            for column, term in cursor.fetchall():
                indexed.setdefault(column, []).append(term)
            cursor.execute("DROP TABLE temp.fts_terms")
        assert indexed == {name: text.split() for name, text in fields.items() if text}
        assert any(not term.isascii() for term in indexed["words"])
        for name in ("lemmas", "words"):
            assert len(indexed[name]) == len(set(indexed[name])) > 10, name
            assert len(analysed.fields[name].split()) > len(indexed[name]), name
    for text in ("住宅政策", "٣٤٥", "ᦵᦰᦱᦲ", "straße"):
        assert _found(engine, text) == [document.key], text


@pytest.mark.django_db
def test_clearing_the_index_empties_the_full_text_index():
    """SQLite: no segment and no deletion marker of the removed entries is left for the next
    rebuild's merge to read and write again."""
    engine = DatabaseEngine()
    engine.index(_documents())
    engine.clear()
    if connection.vendor == "sqlite":
        assert _segments() == 0
        _index_is_consistent()
    assert _found(engine, "krizové bydlení") == []
    engine.index(_documents()[:2])
    assert sorted(_found(engine, "krizové bydlení")) == [d.key for d in _documents()[:2]]


# Each lemma and folded word is stored once on SQLite: the body repeats "rodina" (rodinám,
# rodiny, rodinu) and the title's "krizové"; "rakouskouherský" has the lemma
# "rakousko-uherský", which FTS5 splits into a phrase of two tokens ("rakousko" stands
# before it, alone: a dedup of FTS5's tokens instead of the analysis's would tear it apart).
REPEATS = (
    _document(1, "Krizové bydlení", "Rodinám s dětmi. Krizové byty pro rodiny, sociální byty."),
    _document(2, "Rakousko", "Rakousko hledá byty. Rakouskouherský úřad, krizové bydlení rodinu."),
    _document(3, "Sociální práce", "Sociální pracovnice navštěvuje rodiny a sociální byty."),
)
QUERIES = (
    "rodina",
    "rodinám",
    "rodiny",
    "krizové bydlení",
    "krizov",
    "soc",
    "sociálni",
    "rodnám",
    "rakouskouherský",
    "rakousko",
    "byty sociální",
    "housing first",
)


def _answers(engine):
    answers = {}
    for text in QUERIES:
        results = engine.search(_query(text))
        answers[text] = (
            results.total,
            [(hit.key, hit.score) for hit in results.hits],
            results.facets,
            results.partial,
        )
    return answers


@pytest.mark.django_db
def test_sqlite_stores_each_lemma_and_folded_word_once_in_first_seen_order():
    """SQLite: the `lemmas` and `words` columns (and so FTS5) hold each distinct term once;
    the stem columns keep every word (glossary phrases need their positions); PostgreSQL
    stores the analysed fields, and Elasticsearch is given them, with repeats."""
    from search.engines.base import analyse
    from search.models import SearchEntry

    DatabaseEngine().index(REPEATS)
    analysed = analyse(REPEATS[0], once=True)
    stored = SearchEntry.objects.get(key=REPEATS[0].key)
    lemmas, words = analysed.fields["lemmas"].split(), analysed.fields["words"].split()
    assert lemmas.count("rodina") == 2 and words.count("krizove") == 2
    if connection.vendor == "sqlite":
        assert stored.lemmas.split() == list(dict.fromkeys(lemmas))
        assert stored.words.split() == list(dict.fromkeys(words))
    else:
        assert (stored.lemmas, stored.words) == (
            analysed.fields["lemmas"],
            analysed.fields["words"],
        )
    assert stored.title_terms == analysed.fields["title_terms"]
    assert stored.body_terms == analysed.fields["body_terms"]
    assert stored.body_terms.split().count("byt") == 2
    _index_is_consistent()


@pytest.mark.django_db
def test_lemmas_and_words_without_repeats_match_and_rank_as_with_them(monkeypatch):
    """The same totals, hits, scores and facets for lemma, prefix, typo, stem, phrase and a
    lemma FTS5 splits in two, whether the entries hold each lemma and word once or repeated
    (as written before; an index built then answers the same without a rebuild)."""
    import search.engines.database as database
    from search.engines.base import analyse

    engine = DatabaseEngine()
    engine.index(REPEATS)
    once = _answers(engine)
    assert once["rakouskouherský"][1][0][0] == REPEATS[1].key
    assert sorted(hit for hit, _score in once["rodina"][1]) == [d.key for d in REPEATS]
    engine.clear()
    monkeypatch.setattr(
        database,
        "_distinct_terms",
        lambda analysed: (analysed.fields["lemmas"], analysed.fields["words"]),
    )
    engine.index([analyse(document) for document in REPEATS])
    assert _answers(engine) == once


@pytest.mark.django_db
def test_an_entry_stored_with_repeats_is_replaced_and_its_vocabulary_counted_right(monkeypatch):
    """An index written before the columns lost their repeats needs no rebuild: a changed
    entry replaces its old words (with repeats) and the typo vocabulary counts each word of
    a document once, as after a fresh build."""
    import search.engines.database as database
    from search.engines.base import analyse
    from search.models import SearchWord

    def vocabulary():
        return set(SearchWord.objects.filter(documents__gt=0).values_list("word", "documents"))

    engine = DatabaseEngine()
    with monkeypatch.context() as patched:
        patched.setattr(
            database,
            "_distinct_terms",
            lambda analysed: (analysed.fields["lemmas"], analysed.fields["words"]),
        )
        engine.index([analyse(document) for document in REPEATS])
    changed = replace(REPEATS[0], body="Rodinám s dětmi pomáhá město, rodinám i seniorům.")
    engine.index([changed, *REPEATS[1:]])
    counted = vocabulary()
    assert {("rodinam", 1), ("socialni", 1), ("krizove", 2), ("seniorum", 1)} <= counted
    engine.clear()
    engine.index([changed, *REPEATS[1:]])
    assert vocabulary() == counted
