"""Query terms and highlighting: what a query matches in a text, and what it lacks."""

from search.query import MAX_TERMS, highlight, highlight_title, missing_words, parse_terms


def test_a_title_is_highlighted_whole_however_late_the_match():
    title = "Trutnov: od mapování bytové nouze ke krizovému bytu a dál"
    marked = highlight_title(title, parse_terms("krizovy"))
    assert marked == "Trutnov: od mapování bytové nouze ke <mark>krizovému</mark> bytu a dál"


def test_snippets_and_titles_are_escaped():
    assert highlight_title("<b>Byt</b> & dům", parse_terms("byt")) == (
        "&lt;b&gt;<mark>Byt</mark>&lt;/b&gt; &amp; dům"
    )


def test_lemmas_are_highlighted_as_well_as_stems():
    assert "<mark>dětmi</mark>" in highlight("Rodiny s dětmi.", parse_terms("dítě"))


def test_missing_words_are_the_query_words_a_text_lacks():
    terms = parse_terms("nádraží Trutnov odborů")
    assert missing_words(("Trutnov", "Spolupráce odborů"), terms) == ("nádraží",)
    assert missing_words(("Nádraží v Trutnově, odbory",), terms) == ()


def test_query_words_are_capped():
    assert len(parse_terms(" ".join(f"slovo{number}" for number in range(1000)))) == MAX_TERMS
    assert parse_terms("a v na být") == ()
