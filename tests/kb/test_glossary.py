import pytest
from django.db import IntegrityError

from kb.czech import alphabet_initial, collation_key
from kb.models import GlossaryTerm
from kb.rendering import mark_glossary_terms
from tests.kb.factories import glossary_page_create, kb_index_create, term_create


def test_czech_order_puts_ch_after_h_and_hacek_letters_after_their_base():
    words = ["Chudoba", "Housing First", "cena", "Čekatel", "Ďábel", "dům", "Řád", "rok", "Žádost"]
    assert sorted(words, key=collation_key) == [
        "cena",
        "Čekatel",
        "Ďábel",
        "dům",
        "Housing First",
        "Chudoba",
        "rok",
        "Řád",
        "Žádost",
    ]


@pytest.mark.parametrize(
    ("word", "letter"),
    [
        ("Chudoba", "Ch"),
        ("Čekatel", "Č"),
        ("Ďábel", "D"),
        ("Úřad", "U"),
        ("řád", "Ř"),
        ("1. stupeň", "#"),
    ],
)
def test_alphabet_initial(word, letter):
    assert alphabet_initial(word) == letter


@pytest.mark.django_db
def test_glossary_page_lists_terms_a_to_z(client, home_page):
    page = glossary_page_create(kb_index_create(home_page))
    term_create("Ubytovna")
    term_create("Chráněné bydlení")
    term_create("Housing First", synonyms="HF\nBydlení především")
    body = client.get(page.url).content.decode()
    assert body.index(">H</h2>") < body.index("Housing First") < body.index(">Ch</h2>")
    assert body.index("Chráněné bydlení") < body.index("Ubytovna")
    assert "HF, Bydlení především" in body
    assert 'id="pojem-housing-first"' in body
    assert 'alphabet__letter--empty">Ž<' in body  # letters without terms are not links


@pytest.mark.django_db
def test_glossary_page_query_count_does_not_grow(client, home_page, django_assert_max_num_queries):
    page = glossary_page_create(kb_index_create(home_page))
    for number in range(40):
        term_create(f"Pojem {number}")
    with django_assert_max_num_queries(15):
        assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_terms_are_unique_whatever_the_case():
    term_create("Ubytovna")
    with pytest.raises(IntegrityError):
        GlossaryTerm.objects.create(term="ubytovna", slug="ubytovna-2", definition="…")


@pytest.mark.django_db
def test_synonyms_feed_search_as_sets():
    term_create("Housing First", synonyms="HF\nBydlení především\nhousing first")
    term_create("Ubytovna")
    assert GlossaryTerm.objects.synonym_sets() == [["Housing First", "HF", "Bydlení především"]]


@pytest.mark.django_db
def test_marking_leaves_script_free_html_and_escapes_text():
    term = term_create("Krizový byt")
    html, used = mark_glossary_terms("<p>Krizový byt &lt;script&gt; a další text.</p>", [term])
    assert used == [term]
    assert "&lt;script&gt;" in html and "<script>" not in html


@pytest.mark.django_db
def test_longer_term_wins_over_a_shorter_one_at_the_same_place():
    long = term_create("Sociální byt")
    short = term_create("Sociální")
    html, used = mark_glossary_terms("<p>Sociální byt je obecní.</p>", [short, long])
    assert used == [long]
    assert 'href="#pojem-socialni-byt">Sociální byt</a>' in html
