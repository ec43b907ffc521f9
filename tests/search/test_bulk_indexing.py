"""The database engine on its full-text index (no LIKE), its incremental typo vocabulary, and
bulk indexing with a fixed number of queries per batch."""

import re
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.models import ArticlePage
from search import registry
from search.documents import PUBLIC, SearchDocument
from search.engines.database import DatabaseEngine
from search.indexing import rebuild
from search.models import SearchEntry, SearchOutbox, SearchWord
from search.outbox import outbox_drain
from search.permissions import in_language
from search.query import SearchQuery, clean_query, parse_terms
from tests.factories import case_study_create
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db

DOCUMENTS = [
    SearchDocument(
        key="kb.articlepage:1",
        kind="article",
        title="Krizové bydlení pro rodiny",
        url="/a/",
        summary="Krizový byt hned.",
        body="Obec uzavře smlouvy o dodávce energií.",
        date=date(2026, 1, 1),
        topics=("krizove-bydleni",),
    ),
    SearchDocument(
        key="forum.topic:2",
        kind="forum_topic",
        title="Tajná porada skupiny",
        url="/f/",
        summary="Zápis z porady.",
        audiences=("forum-category:9",),
    ),
]


def _query(text, audiences=(PUBLIC,), **options):
    return SearchQuery(
        text=text,
        terms=parse_terms(clean_query(text)),
        audiences=frozenset(audiences),
        **options,
    )


def _words(audience=PUBLIC):
    return dict(
        SearchWord.objects.filter(audience=audience, documents__gt=0).values_list(
            "word", "documents"
        )
    )


def test_searches_match_on_the_full_text_index_never_with_like():
    engine = DatabaseEngine()
    engine.index(DOCUMENTS)
    with CaptureQueriesContext(connection) as queries:
        for text in ["krizový byt", "krizvé bydlení", "registrační tý", "byt žirafa", "krize"]:
            engine.search(_query(text))
            engine.term_counts(_query(text))
        engine.search(_query("byt", filters={"kind": ("article",)}, sort="date"))
        engine.similar_words(_query("enrgií"), "energii")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert not re.search(r"\bLIKE\b", sql, re.IGNORECASE)
    index_lookup = (
        "@@ to_tsquery" if connection.vendor == "postgresql" else "search_entry_fts MATCH"
    )
    assert index_lookup in sql


def test_a_search_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    engine = DatabaseEngine()
    engine.index(DOCUMENTS)
    # count, page, facets; plus one vocabulary lookup for the typo-tolerant word
    with django_assert_max_num_queries(4):
        engine.search(_query("krizové bydlení"))
    with django_assert_max_num_queries(5):  # one more for the one filtered facet
        engine.search(_query("krizový", filters={"kind": ("article",)}))


def test_the_typo_vocabulary_follows_each_write_per_audience():
    engine = DatabaseEngine()
    engine.index(DOCUMENTS)
    assert _words()["krizove"] == 1
    assert "tajna" not in _words() and _words("forum-category:9")["tajna"] == 1
    second = SearchDocument(
        key="kb.articlepage:3", kind="article", title="Krizové centrum", url="/c/"
    )
    engine.index([second])
    assert _words()["krizove"] == 2
    # A new version of the first document without the word counts it out; removal too.
    engine.index(
        [SearchDocument(key="kb.articlepage:1", kind="article", title="Podpora", url="/a/")]
    )
    assert _words()["krizove"] == 1 and "energii" not in _words()
    engine.remove(["kb.articlepage:3"])
    assert "krizove" not in _words()
    assert engine.similar_words(_query("krizve"), "krizve") == []
    # The vocabulary is read from SearchWord, never rebuilt from every entry.
    with CaptureQueriesContext(connection) as queries:
        assert engine.similar_words(_query("podpra"), "podpra") == ["podpora"]
    assert "search_searchword" in queries.captured_queries[0]["sql"]


@pytest.fixture
def section(home_page):
    return section_create(kb_index_create(home_page))


def _articles(section, count, start=0):
    return [
        article_create(
            section,
            slug=f"clanek-{index}",
            title=f"Krizové bydlení {index}",
            topics=("krizove-bydleni",),
        )
        for index in range(start, start + count)
    ]


def _queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries.captured_queries)


def test_documents_are_built_with_a_fixed_number_of_queries_per_batch(
    section, django_assert_max_num_queries
):
    source = registry.source_for_key("kb.articlepage:1")
    _articles(section, 2)
    list(source.documents())  # warm the site root paths cache
    few = _queries(lambda: list(source.documents()))
    _articles(section, 9, start=2)
    with django_assert_max_num_queries(few):
        assert len(list(source.documents())) == 11
    pks = list(ArticlePage.objects.values_list("pk", flat=True))
    with django_assert_max_num_queries(few):
        assert len(list(source.documents_for(pks))) == 11


def test_case_studies_are_built_with_a_fixed_number_of_queries_per_batch(
    django_assert_max_num_queries,
):
    source = registry.source_for_key("casestudies.casestudypage:1")
    case_study_create(slug="prvni", values=[("households-housed", 3, "2024-01-01")])
    list(source.documents())
    few = _queries(lambda: list(source.documents()))
    for index in range(4):
        case_study_create(slug=f"dalsi-{index}", values=[("households-housed", 4, "2024-02-01")])
    with django_assert_max_num_queries(few):
        assert len(list(source.documents())) == 5


def test_the_drain_writes_a_batch_with_a_fixed_number_of_queries(
    section, django_assert_max_num_queries
):
    def queue(articles):
        SearchOutbox.objects.bulk_create(
            SearchOutbox(key=f"kb.articlepage:{article.pk}", action="index") for article in articles
        )

    first = _articles(section, 1)
    outbox_drain()
    # A batch with new documents and a replaced one (every write path)...
    second = _articles(section, 2, start=1)
    queue(first)
    few = _queries(outbox_drain)
    # ...and one five times larger: no more queries.
    _articles(section, 12, start=3)
    queue(first + second)
    with django_assert_max_num_queries(few):
        assert outbox_drain()["applied"] == 12 + 3  # the publishing rows and ours
    assert SearchEntry.objects.filter(key__startswith="kb.articlepage:").count() == 15


def test_rebuild_replaces_entries_in_batches_and_removes_what_is_gone(section):
    _articles(section, 5)
    outbox_drain()
    SearchEntry.objects.create(key="kb.articlepage:999999", kind="article", title="Pryč", url="/x/")
    result = rebuild(batch_size=2)
    assert result["documents"] == 5
    keys = set(SearchEntry.objects.values_list("key", flat=True))
    assert len(keys) == 5 and "kb.articlepage:999999" not in keys
    # Articles are pages: found in the interface of each language (search.pages).
    assert _words(in_language(PUBLIC, "cs"))["krizove"] == 5


def _document(index: int, *, body: str = "", audiences=(PUBLIC,)) -> SearchDocument:
    return SearchDocument(
        key=f"kb.articlepage:{1000 + index}",
        kind="article",
        title=f"Krizové bydlení číslo {index}",
        url=f"/a/{index}/",
        summary="Podpora rodin v bytové nouzi.",
        body=body or f"Obec {index} uzavřela smlouvu o nájmu městského bytu.",
        topics=("krizove-bydleni",),
        audiences=audiences,
    )


def test_the_database_engine_writes_a_batch_with_a_fixed_number_of_statements():
    engine = DatabaseEngine()

    def write(count, start=0):
        return _queries(lambda: engine.index([_document(i) for i in range(start, start + count)]))

    write(2)
    # Batches replacing entries and adding new ones (every write path), small and large.
    few = write(3, start=1)
    many = write(150, start=3)
    assert many == few
    assert SearchEntry.objects.filter(key__startswith="kb.articlepage:1").count() == 153


@pytest.mark.postgres
def test_on_postgresql_a_batch_goes_in_by_copy_not_by_placeholders():
    """The entries, their facets and the vocabulary changes are COPYed (the driver formats the
    rows in C); a multi-row INSERT's thousands of placeholders were parsed in Python, a third
    of a rebuild's client CPU. The COPYs are in Django's query log, counted as statements."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    engine = DatabaseEngine()
    engine.index([_document(0, body="Jiný text.")])  # replaced below (an unchanged one is kept)
    # COPY's own escapes in the text: tab, new line, backslash, "\N" (its NULL).
    awkward = "Obec\tuzavřela smlouvu\na C:\\data\\N o nájmu \\N bytu."
    documents = [_document(index) for index in range(39)] + [_document(39, body=awkward)]
    with CaptureQueriesContext(connection) as queries:
        engine.index(documents)  # one replaced, 39 new
    statements = [query["sql"] for query in queries.captured_queries]
    copied = [sql.split(" (")[0] for sql in statements if sql.startswith("COPY ")]
    assert copied == [
        "COPY search_searchentry",
        "COPY search_searchentryfacet",
        "COPY search_word_changes",
    ]
    assert not [sql for sql in statements if sql.startswith("INSERT INTO search_searchentry")]
    assert any(
        sql.startswith("COPY search_searchentry ") and sql.endswith("(40 rows)")
        for sql in statements
    )
    stored = SearchEntry.objects.get(key=_document(7).key)
    assert stored.title == _document(7).title and stored.date is None
    assert SearchEntry.objects.get(key=_document(39).key).body == awkward
    assert _words()["smlouvu"] == 40 and _words()["krizove"] == 40


def _recounted_vocabulary() -> dict[tuple[str, str], int]:
    """(audience, word): documents, counted again from every entry."""
    counts: dict[tuple[str, str], int] = {}
    for words, audiences in SearchEntry.objects.values_list("words", "audiences"):
        for word in {word for word in words.split() if 4 <= len(word) <= 40}:
            for audience in audiences.split():
                counts[(audience, word)] = counts.get((audience, word), 0) + 1
    return counts


def _stored_vocabulary() -> dict[tuple[str, str], int]:
    return {
        (audience, word): documents
        for audience, word, documents in SearchWord.objects.filter(documents__gt=0).values_list(
            "audience", "word", "documents"
        )
    }


@pytest.mark.parametrize("flush", [1, 200_000])
def test_the_vocabulary_is_exact_after_a_rebuild_an_update_and_a_removal(
    section, monkeypatch, flush
):
    import search.indexing

    # A rebuild keeps vocabulary changes in memory up to VOCABULARY_FLUSH pairs: written
    # after every batch (1) or once at the end.
    monkeypatch.setattr(search.indexing, "VOCABULARY_FLUSH", flush)
    engine = DatabaseEngine()
    _articles(section, 5)
    outbox_drain()
    assert _stored_vocabulary() == _recounted_vocabulary()
    # An entry no source gives (removed by the rebuild), a changed article, a replaced one.
    engine.index([_document(1, audiences=(PUBLIC, "forum-category:9"))])
    ArticlePage.objects.filter(slug="clanek-0").update(title="Nájemní smlouvy pro seniory")
    rebuild(batch_size=2)
    assert SearchEntry.objects.count() == 5
    assert _stored_vocabulary() == _recounted_vocabulary()
    assert _words(in_language(PUBLIC, "cs"))["seniory"] == 1
    # Updates and removals between rebuilds.
    engine.index([_document(2, body="Senioři v obecních bytech.", audiences=("staff",))])
    engine.index([_document(2, body="Noví nájemníci.", audiences=(PUBLIC, "staff"))])
    assert _stored_vocabulary() == _recounted_vocabulary()
    engine.remove([_document(2).key])
    rebuild(batch_size=3)
    assert _stored_vocabulary() == _recounted_vocabulary()
    assert ("staff", "najemnici") not in _stored_vocabulary()


def _entries() -> list[tuple]:
    return list(
        SearchEntry.objects.order_by("key").values_list(
            "key", "title_terms", "summary_terms", "body_terms", "lemmas", "words", "content_hash"
        )
    )


@pytest.fixture
def analysis_pools(monkeypatch) -> list[int]:
    """The size of each pool of analysing processes a rebuild starts, in order."""
    import search.indexing

    pools = []
    real_pool = search.indexing.ProcessPoolExecutor

    def pool(*, max_workers, mp_context):
        pools.append(max_workers)
        return real_pool(max_workers=max_workers, mp_context=mp_context)

    monkeypatch.setattr(search.indexing, "ProcessPoolExecutor", pool)
    return pools


def test_a_rebuild_with_two_processes_writes_what_one_process_writes(section, analysis_pools):
    _articles(section, 5)
    rebuild(batch_size=2, workers=1)
    alone, vocabulary = _entries(), _stored_vocabulary()
    DatabaseEngine().clear()
    rebuild(batch_size=2, workers=2)
    # Two processes in all: this one reads and writes, one other analyses.
    assert analysis_pools == [1]
    assert _entries() == alone and len(alone) == 5
    assert _stored_vocabulary() == vocabulary == _recounted_vocabulary()


def test_the_search_rebuild_command_uses_one_process_unless_asked(section, analysis_pools):
    import io

    from django.core.management import call_command

    _articles(section, 2)
    call_command("search_rebuild", stdout=io.StringIO())
    assert analysis_pools == []  # one process: no analysing process beside it
    call_command("search_rebuild", workers=2, stdout=io.StringIO())
    assert analysis_pools == [1]


def test_a_rebuild_forgets_cached_pages_once(section, monkeypatch):
    from core import page_cache

    _articles(section, 3)
    outbox_drain()
    rebuild()  # every entry exists: the next rebuild replaces (deletes) them all
    new_generations = []
    monkeypatch.setattr(
        page_cache, "_new_generation", lambda: new_generations.append(page_cache.generation())
    )
    rebuild(batch_size=2)
    # Once, at the end: deleting and writing entries sends no per-row signals.
    assert len(new_generations) == 1


def test_the_search_rebuild_command_forgets_cached_pages(section, monkeypatch):
    import io

    from django.core.management import call_command

    from core import page_cache

    _articles(section, 2)
    outbox_drain()
    new_generations = []
    monkeypatch.setattr(page_cache, "_new_generation", lambda: new_generations.append(1))
    output = io.StringIO()
    call_command("search_rebuild", workers=1, stdout=output)
    assert "Indexed 2 documents" in output.getvalue()
    assert new_generations == [1]


# --- a rebuild keeps the entries that did not change -------------------------------------


def _ids() -> dict[str, int]:
    return dict(SearchEntry.objects.values_list("key", "pk"))


def _written() -> dict[str, object]:
    return dict(SearchEntry.objects.values_list("key", "updated_at"))


def _hashes() -> dict[str, str]:
    return dict(SearchEntry.objects.values_list("key", "content_hash"))


def _entry_writes(queries) -> list[str]:
    """The statements that wrote entries (the full-text index follows them by triggers),
    without the "N times: " Django's log puts before an executemany."""
    return [
        re.sub(r"^\d+ times: ", "", query["sql"])
        for query in queries.captured_queries
        if re.match(
            r"(\d+ times: )?\s*(INSERT INTO|DELETE FROM|UPDATE|COPY) search_searchentry\b",
            query["sql"],
        )
    ]


@pytest.fixture
def content(monkeypatch) -> list[SearchDocument]:
    """What the sources give a rebuild: a list the test may change."""
    import search.indexing

    documents = [_document(index) for index in range(5)]
    monkeypatch.setattr(search.indexing, "all_documents", lambda: iter(list(documents)))
    return documents


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The keys of the documents a rebuild analyses, in order."""
    import search.indexing

    keys = []
    real = search.indexing.analyse_all

    def analyse_all(documents, **options):
        keys.extend(document.key for document in documents)
        return real(documents, **options)

    monkeypatch.setattr(search.indexing, "analyse_all", analyse_all)
    return keys


def test_a_rebuild_over_an_unchanged_index_analyses_and_writes_no_entry(content, analysed):
    rebuild(batch_size=2)
    before, vocabulary, analysed[:] = _ids(), _stored_vocabulary(), []
    SearchEntry.objects.create(key="kb.articlepage:999999", kind="article", title="Pryč", url="/x/")
    with CaptureQueriesContext(connection) as queries:
        result = rebuild(batch_size=2)
    assert result["documents"] == 5
    assert analysed == []
    # Only the entry no source gives any more is deleted; the others are the same rows.
    writes = _entry_writes(queries)
    assert len(writes) == 1 and writes[0].startswith("DELETE FROM")
    assert _ids() == before
    assert _stored_vocabulary() == vocabulary == _recounted_vocabulary()


def test_a_rebuild_rewrites_a_changed_document_and_only_it(content, analysed):
    engine = DatabaseEngine()
    rebuild(batch_size=2)
    before, analysed[:] = _ids(), []
    content[3] = replace(content[3], body="Město pronajímá ubytovnu seniorům.")
    rebuild(batch_size=2)
    assert analysed == [content[3].key]
    after = _ids()
    # SQLite rewrites the changed entry in place (search.engines.database._update_in_place),
    # PostgreSQL deletes it and COPYs it in again under a new id.
    assert (after[content[3].key] == before[content[3].key]) == (connection.vendor == "sqlite")
    assert {key: pk for key, pk in after.items() if key != content[3].key} == {
        key: pk for key, pk in before.items() if key != content[3].key
    }
    assert SearchEntry.objects.get(key=content[3].key).body == content[3].body
    assert [hit.key for hit in engine.search(_query("ubytovna")).hits] == [content[3].key]
    assert _stored_vocabulary() == _recounted_vocabulary()


def test_another_analysis_makes_a_rebuild_rewrite_every_entry(content, analysed, monkeypatch):
    import search.fingerprint

    rebuild(batch_size=2)
    before, hashes, analysed[:] = _ids(), _hashes(), []
    monkeypatch.setattr(search.fingerprint, "ANALYSIS_FINGERPRINT", "another analysis")
    rebuild(batch_size=2)
    assert sorted(analysed) == sorted(document.key for document in content)
    assert set(_ids()) == set(before)
    assert not set(_hashes().values()) & set(hashes.values())  # every entry written again


def test_the_content_hash_covers_the_analysis(monkeypatch):
    import search.fingerprint
    from search.fingerprint import content_hash

    document = _document(1)
    first = content_hash(document)
    monkeypatch.setattr(search.fingerprint, "ANALYSIS_FINGERPRINT", "another analysis")
    assert content_hash(document) != first


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Krizové bydlení číslo 1 "},
        {"summary": "Podpora rodin v bytové nouzi"},
        {"body": "Obec 1 uzavřela smlouvu o nájmu městského bytu"},
        # The same characters, one moved from the title to the summary.
        {"title": "Krizové bydlení číslo ", "summary": "1Podpora rodin v bytové nouzi."},
        {"url": "/b/1/"},
        {"kind": "document"},
        {"date": date(2026, 1, 2)},
        {"place": "Brno"},
    ],
)
def test_the_content_hash_covers_every_stored_value(change):
    from search.fingerprint import content_hash

    assert content_hash(_document(1)) == content_hash(_document(1))
    assert content_hash(replace(_document(1), **change)) != content_hash(_document(1))


def test_an_unchanged_document_of_a_newer_version_keeps_its_entry(content):
    """Its version is set (a later, older write is still refused); the entry and its
    full-text terms stay as they are."""
    engine = DatabaseEngine()
    document = content[0]
    engine.index([document], versions={document.key: 1})
    before = _ids()
    sqlite = connection.vendor == "sqlite"
    changes = connection.connection.total_changes if sqlite else 0
    with CaptureQueriesContext(connection) as queries:
        engine.index([document], versions={document.key: 3})
    assert [sql.split()[0] for sql in _entry_writes(queries)] == ["UPDATE"]
    if sqlite:
        # One row changed: the update trigger of the full-text table did not fire
        # (migration search.0011: it fires on an update of the analysed columns only).
        assert connection.connection.total_changes - changes == 1
    assert _ids() == before
    assert SearchEntry.objects.get(key=document.key).version == 3
    engine.index([replace(document, title="Starší název")], versions={document.key: 2})
    assert SearchEntry.objects.get(key=document.key).title == document.title


def test_the_search_rebuild_command_rewrites_every_entry_when_asked(content, analysed):
    import io

    from django.core.management import call_command

    rebuild(batch_size=2)
    before, analysed[:] = _ids(), []
    call_command("search_rebuild", stdout=io.StringIO())
    assert _ids() == before and analysed == []
    written = _written()
    call_command("search_rebuild", "--rewrite", stdout=io.StringIO())
    assert sorted(analysed) == sorted(document.key for document in content)
    assert set(_ids()) == set(before)
    after = _written()
    assert all(after[key] > time for key, time in written.items())  # every entry written again
    assert _stored_vocabulary() == _recounted_vocabulary()
