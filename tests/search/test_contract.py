"""One contract, two engines: the database engine and Elasticsearch (a real node) must give
the same answers to the same Czech queries, facets, permissions and pages."""

from datetime import date

import pytest

from search.documents import PARTNERS, PUBLIC, SIGNED_IN, SearchDocument
from search.engines.database import DatabaseEngine
from search.engines.elasticsearch import ElasticsearchEngine
from search.query import SearchQuery, clean_query, parse_terms
from search.service import answer

pytestmark = pytest.mark.django_db

SYNONYMS = [["Housing First", "HF", "Bydlení především"], ["krizové bydlení", "krizový byt"]]

CORPUS = [
    SearchDocument(
        key="kb.articlepage:1",
        kind="article",
        title="Krizové bydlení: byt hned a podpora na šest měsíců",
        url="/znalosti/krizove-bydleni/",
        summary="Jak připravit krizový byt, aby se rodina mohla nastěhovat ještě ten den.",
        body="Obec uzavře smlouvy o dodávce energií a byt vybaví nábytkem.",
        date=date(2026, 9, 1),
        topics=("krizove-bydleni",),
    ),
    SearchDocument(
        key="casestudies.casestudypage:2",
        kind="case_study",
        title="Trutnov: od mapování bytové nouze ke krizovému bytu",
        url="/pripadove-studie/trutnov/",
        summary="Město zmapovalo bytovou nouzi a zřídilo krizový byt.",
        body="Spolupráce odborů úřadu se zlepšila.",
        date=date(2025, 5, 1),
        place="Trutnov",
        topics=("krizove-bydleni", "mapovani-bytove-nouze"),
        region="CZ052",
        municipality="trutnov",
    ),
    SearchDocument(
        key="casestudies.casestudypage:3",
        kind="case_study",
        title="Praha: žádné dítě na ubytovně",
        url="/pripadove-studie/praha/",
        summary="Bydlení rodin s dětmi, které žily na ubytovnách.",
        body="Program Housing First pro rodiny. Třicet bytů.",
        date=date(2024, 3, 1),
        place="Praha",
        topics=("housing-first",),
        region="CZ010",
        municipality="praha",
    ),
    SearchDocument(
        key="kb.articlepage:4",
        kind="article",
        title="Principy přístupu",
        url="/znalosti/principy/",
        summary="Byt jako první krok.",
        body="Housing First znamená bydlení bez podmínek a podporu podle potřeby.",
        date=date(2026, 1, 10),
        topics=("housing-first",),
    ),
    SearchDocument(
        key="kb.librarydocument:5",
        kind="document",
        title="Metodika registračního týdne",
        url="/documents/5/metodika.pdf",
        summary="",
        body="Registrační týden: dotazník, tým, ochrana údajů, ubytovny a nádraží.",
        date=date(2024, 6, 1),
        topics=("registracni-tyden",),
        year=2024,
        document_type="methodology",
    ),
    SearchDocument(
        key="forum.topic:6",
        kind="forum_topic",
        title="Krizový byt v naší pracovní skupině",
        url="/forum/pracovni-skupina/6/",
        summary="Tajné: jak jsme vybrali krizový byt.",
        date=date(2026, 10, 1),
        place="Pracovní skupina",
        audiences=("forum-category:9",),
    ),
    SearchDocument(
        key="forum.topic:7",
        kind="forum_topic",
        title="Krizový byt pro partnerské obce",
        url="/forum/partneri/7/",
        summary="Zkušenosti partnerských obcí s krizovým bytem.",
        date=date(2026, 10, 2),
        place="Partneři",
        audiences=(PARTNERS,),
    ),
    SearchDocument(
        key="kb.articlepage:8",
        kind="article",
        title="Lepší podmínky pro rodiny",
        url="/znalosti/podminky/",
        summary="Kde rodiny bydlely, než se nastěhovaly, a kde chtějí být.",
        body="Krize bydlení dopadá na děti nejvíc.",
        date=date(2023, 2, 1),
    ),
    SearchDocument(
        key="kb.articlepage:9",
        kind="article",
        title="Drobné památky obce",
        url="/znalosti/pamatky/",
        summary="Kříž na návsi opravila obec.",
        date=date(2023, 1, 1),
    ),
]


@pytest.fixture(params=["database", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)])
def engine(request):
    if request.param == "database":
        engine = DatabaseEngine()
        engine.index(CORPUS)
        yield engine
        return
    request.getfixturevalue("es_client")
    engine = ElasticsearchEngine()
    engine.ensure_index()  # writes never create the index (search_rebuild does)
    engine.index(CORPUS)
    engine.refresh()
    yield engine


def run(engine, text, *, audiences=(PUBLIC,), **options):
    query = SearchQuery(
        text=text,
        terms=parse_terms(clean_query(text), SYNONYMS),
        audiences=frozenset(audiences),
        **options,
    )
    return engine.search(query)


def ask(engine, text, *, audiences=(PUBLIC,), **options):
    """The service's answer: the fallbacks for partly matching queries and "did you mean"."""
    query = SearchQuery(
        text=text,
        terms=parse_terms(clean_query(text), SYNONYMS),
        audiences=frozenset(audiences),
        **options,
    )
    return answer(engine, query)


def keys(results):
    return [hit.key for hit in results.hits]


def test_title_matches_rank_above_body_matches(engine):
    results = run(engine, "krizový byt")
    assert keys(results)[:2] == ["kb.articlepage:1", "casestudies.casestudypage:2"]


def test_without_diacritics_finds_the_same(engine):
    assert keys(run(engine, "krizovy byt")) == keys(run(engine, "krizový byt"))
    assert "casestudies.casestudypage:3" in keys(run(engine, "bydleni rodin s detmi"))


def test_word_forms_meet(engine):
    assert keys(run(engine, "krizového bytu"))[:2] == [
        "kb.articlepage:1",
        "casestudies.casestudypage:2",
    ]
    assert "casestudies.casestudypage:3" in keys(run(engine, "ubytovna"))


def test_synonyms_find_each_other(engine):
    found = keys(run(engine, "HF"))
    assert "kb.articlepage:4" in found and "casestudies.casestudypage:3" in found


def test_the_last_word_matches_as_a_prefix(engine):
    assert "kb.librarydocument:5" in keys(run(engine, "registrační tý"))


def test_a_typo_still_finds(engine):
    assert "kb.articlepage:1" in keys(run(engine, "krizvé bydlení"))


def test_closed_and_partner_content_never_reaches_others(engine):
    public = run(engine, "krizový byt")
    assert "forum.topic:6" not in keys(public) and "forum.topic:7" not in keys(public)
    assert public.facets["kind"].get("forum_topic", 0) == 0
    partners = run(engine, "krizový byt", audiences=(PUBLIC, SIGNED_IN, PARTNERS))
    assert "forum.topic:7" in keys(partners) and "forum.topic:6" not in keys(partners)
    group = run(engine, "krizový byt", audiences=(PUBLIC, "forum-category:9"))
    assert "forum.topic:6" in keys(group)


def test_facets_count_matches_and_filters_narrow(engine):
    results = run(engine, "byt")
    assert results.facets["kind"] == {"article": 2, "case_study": 2}
    assert results.facets["topic"]["krizove-bydleni"] == 2
    narrowed = run(engine, "byt", filters={"kind": ("case_study",)})
    assert narrowed.total == 2
    # The kind facet keeps its other values while it is filtered (several can be chosen).
    assert narrowed.facets["kind"] == {"article": 2, "case_study": 2}
    assert narrowed.facets["region"] == {"CZ052": 1, "CZ010": 1}
    assert keys(run(engine, "byt", filters={"region": ("CZ010",)})) == [
        "casestudies.casestudypage:3"
    ]


def test_pages_and_date_order(engine):
    first = run(engine, "byt", page_size=2, page=1, sort="date")
    second = run(engine, "byt", page_size=2, page=2, sort="date")
    assert first.total == second.total == 4
    assert keys(first) == ["kb.articlepage:1", "kb.articlepage:4"]
    assert keys(second) == ["casestudies.casestudypage:2", "casestudies.casestudypage:3"]
    assert keys(run(engine, "byt", page_size=2, page=9)) == []


def test_snippets_mark_the_matching_words(engine):
    hit = run(engine, "krizovy byt").hits[0]
    assert "<mark>krizový byt</mark>" in hit.snippet or "<mark>krizový</mark>" in hit.snippet


def test_query_syntax_is_only_text(engine):
    for text in ["title:x AND (", '"unclosed', "*:*", "krizový OR 1=1", "\x00\x1f byt"]:
        results = run(engine, text)
        assert results.total >= 0
    assert "forum.topic:6" not in keys(run(engine, "*:*"))


def test_removed_documents_are_gone(engine):
    engine.remove(["kb.articlepage:1"])
    if hasattr(engine, "refresh"):
        engine.refresh()
    assert "kb.articlepage:1" not in keys(run(engine, "krizový byt"))
    assert "kb.articlepage:1" not in engine.indexed_keys()


def test_a_verb_form_finds_the_others(engine):
    assert keys(run(engine, "bydlet"))[0] == "kb.articlepage:8"


def test_an_adjective_degree_finds_the_positive(engine):
    assert keys(run(engine, "dobré podmínky")) == ["kb.articlepage:8"]


def test_a_query_without_diacritics_prefers_the_word_typed(engine):
    found = keys(ask(engine, "krize"))
    assert found.index("kb.articlepage:8") < found.index("kb.articlepage:9")
    assert keys(ask(engine, "kříž")) == ["kb.articlepage:9"]
    assert "kb.articlepage:8" in keys(run(engine, "podminky pro deti"))


def test_exact_and_lemma_matches_rank_above_stem_only_matches(engine):
    # "podmínky" (title of 8) and its lemma; nothing else has the word at all.
    scores = {hit.key: hit.score for hit in run(engine, "rodiny").hits}
    assert keys(run(engine, "rodiny"))[0] == "kb.articlepage:8"
    assert scores["kb.articlepage:8"] > scores["casestudies.casestudypage:3"]


def test_flats_are_not_found_by_the_verb_to_be(engine):
    assert parse_terms("být") == ()
    assert "kb.articlepage:8" not in keys(run(engine, "byt"))


def test_a_word_nothing_contains_is_left_out_with_a_notice(engine):
    results = ask(engine, "krizový byt žirafa")
    assert results.left_out == ("žirafa",) and not results.partial
    assert keys(results)[:2] == ["kb.articlepage:1", "casestudies.casestudypage:2"]
    assert run(engine, "krizový byt žirafa").total == 0


def test_words_that_never_meet_return_the_documents_matching_most_of_them(engine):
    results = ask(engine, "nádraží Trutnov odborů")
    assert results.partial and results.left_out == ()
    assert keys(results)[0] == "casestudies.casestudypage:2"  # Trutnov and odborů
    assert results.hits[0].missing == ("nádraží",)
    assert run(engine, "nádraží Trutnov odborů").total == 0


def test_did_you_mean_comes_from_titles_and_bodies(engine):
    assert ask(engine, "krizvé bydlení").suggestion == "krizové bydlení"
    assert ask(engine, "dodávka enrgií").suggestion == "dodávka energií"  # body only
    assert ask(engine, "krizové bydlení").suggestion == ""


def test_did_you_mean_never_offers_words_of_documents_one_may_not_read(engine):
    assert ask(engine, "tajne").total == 0
    assert ask(engine, "tajnne").suggestion == ""
    assert ask(engine, "tajnne", audiences=(PUBLIC, "forum-category:9")).suggestion == "tajné"


def test_titles_are_highlighted(engine):
    hit = run(engine, "podminky rodin").hits[0]
    assert hit.title_html == "Lepší <mark>podmínky</mark> pro <mark>rodiny</mark>"
