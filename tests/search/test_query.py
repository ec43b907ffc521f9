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


LONG_BODY = (
    " ".join(["Obec řešila dostupnost nájmů a spolupráci s neziskovými organizacemi."] * 12)
    + " Krizové bydlení pomohlo rodinám s dětmi, které přišly o byt. "
    + " ".join(["Další kroky plánuje rada města."] * 10)
)
HOUSING_FIRST = [["Housing First", "HF", "bydlení především"]]


def test_a_snippet_is_cut_around_the_first_match_deep_in_a_long_body():
    from search.query import best_snippet

    assert best_snippet("Shrnutí o nájmech.", LONG_BODY, parse_terms("krizove bydleni")) == (
        "… organizacemi. Obec řešila dostupnost nájmů a spolupráci s neziskovými organizacemi. "
        "<mark>Krizové</mark> <mark>bydlení</mark> pomohlo rodinám s dětmi, které přišly o byt. "
        "Další kroky plánuje rada města. Další kroky plánuje rada města. Další kroky plánuje "
        "rada …"
    )


def test_the_summary_is_the_snippet_when_it_matches_and_when_nothing_does():
    from search.query import best_snippet

    assert best_snippet("Krizový byt pro rodiny.", LONG_BODY, parse_terms("krizovy byt")) == (
        "<mark>Krizový</mark> <mark>byt</mark> pro rodiny."
    )
    assert best_snippet("Shrnutí o nájmech.", LONG_BODY, parse_terms("žirafa")) == (
        "Shrnutí o nájmech."
    )


def test_phrases_synonyms_and_prefixes_are_marked():
    text = "Město zkouší přístup Housing First a bydlení především pro lidi bez domova; HF funguje."
    assert highlight(text, parse_terms("HF", HOUSING_FIRST)) == (
        "Město zkouší přístup <mark>Housing</mark> <mark>First</mark> a <mark>bydlení</mark> "
        "<mark>především</mark> pro lidi bez domova; <mark>HF</mark> funguje."
    )
    assert highlight("Bytová nouze a bytový fond obce, bytovka.", parse_terms("byto")) == (
        "<mark>Bytová</mark> nouze a <mark>bytový</mark> fond obce, <mark>bytovka</mark>."
    )
    # A phrase is marked only where its words follow each other.
    assert "<mark>" not in highlight(
        "Housing je anglicky, first také.", parse_terms("HF", HOUSING_FIRST)
    )
