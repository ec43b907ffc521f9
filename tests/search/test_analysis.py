"""The Czech analysis both search engines share: folding, stop words, stems and lemmas."""

import pytest

from search.analysis import (
    MAX_EXPANSIONS,
    analyze,
    analyzed_text,
    fold,
    lemma,
    lemmatized_text,
    query_word,
    stem,
    words,
)


def meets(indexed: str, queried: str) -> bool:
    """A document word is found by a query word: by stem, by lemma or by an expansion."""
    document_word, asked = words(indexed)[0], query_word(words(queried)[0])
    return stem(document_word) in asked.stems or lemma(document_word) in {
        *asked.lemmas,
        *asked.loose_lemmas,
    }


def test_fold_removes_case_and_diacritics():
    assert fold("Krizové BYDLENÍ v Písku, Žďár") == "krizove bydleni v pisku, zdar"


def test_fold_leaves_no_capital_of_a_compatibility_form():
    """Letters whose compatibility forms are capitals are folded once more (FTS5's `ascii`
    tokenizer lowers ASCII capitals, so the index would hold other terms than the analysis)."""
    assert fold("ᴬᴮ ℕ ᴭ ϒ") == "ab n æ υ"


@pytest.mark.parametrize(
    "forms",
    [
        ["byt", "bytu", "bytech", "byty", "bytem"],
        ["rodina", "rodiny", "rodinami", "rodin", "rodinám"],
        ["krizový", "krizového", "krizových", "krizové", "krizovým"],
        ["týden", "týdne", "týdnem", "týdny"],
        ["děti", "dětmi", "dětí"],
        ["obec", "obce", "obcí", "obcemi"],
        ["ubytovna", "ubytovně", "ubytovnách", "ubytoven"],
        ["Jihlava", "Jihlavě", "Jihlavy", "jihlavou"],
        ["bydlení", "bydlením"],
        ["domov", "domově", "domovem", "domovy"],
        ["program", "programu", "programem", "programy", "programech"],
        ["hotový", "hotové", "hotového", "hotovým"],
    ],
)
def test_word_forms_share_one_stem(forms):
    assert len({stem(word) for form in forms for word in words(form)}) == 1


@pytest.mark.parametrize(
    ("indexed", "queried"),
    [
        ("dětmi", "detmi"),  # typed without diacritics
        ("krizového", "krizoveho"),
        ("rodinám", "rodinam"),
        ("Jihlavě", "jihlave"),
        ("bydlení", "bydleni"),
        ("dům", "domě"),  # irregular forms meet by lemma
        ("dítě", "dětmi"),
        ("bydlí", "bydlet"),  # verb forms
        ("bydleli", "bydlí"),
        ("lepší", "dobrý"),  # adjective degrees
        ("nejlepší", "dobré"),
        ("exekucí", "exekuce"),  # domain words simplemma lacks
        ("zabydlením", "zabydlení"),
    ],
)
def test_forms_of_one_lemma_meet(indexed, queried):
    assert meets(indexed, queried)


@pytest.mark.parametrize(
    ("indexed", "queried"),
    [
        ("domově", "dům"),  # domov / dům
        ("domů", "domov"),
        ("hotové", "hotel"),
        ("byt", "být"),  # být / byt: "být" is a stop word, never a flat
        ("pas", "pás"),  # pás / pas
        ("krize", "kříž"),  # krize / kříž ("krize" ranks kříž lower: see the contract)
        ("krizi", "kříži"),
        ("byt", "bydlení"),
        ("obec", "obchod"),
        ("dluh", "dlouhý"),
    ],
)
def test_different_words_stay_apart(indexed, queried):
    assert not meets(indexed, queried)


def test_the_verb_to_be_is_a_stop_word_but_the_flat_is_not():
    assert analyze("být v bytě") == ["byt"]
    assert analyze("byt") == ["byt"]


def test_a_word_without_diacritics_prefers_its_own_lemma():
    krize = query_word("krize")
    assert krize.lemmas == ("krize",) and "kříž" in krize.loose_lemmas
    assert query_word("kříž").loose_lemmas == ()


def test_expansions_are_bounded(monkeypatch):
    monkeypatch.setattr("search.analysis.MAX_EXPANSIONS", 2)
    # "peci" folds from six forms: pecí, peči, pečí, péci, péči, péčí.
    assert len(query_word("peci").stems) <= 3 and len(query_word("peci").loose_lemmas) <= 2
    monkeypatch.undo()
    assert all(
        len(query_word(word).loose_lemmas) <= MAX_EXPANSIONS
        and len(query_word(word).stems) <= MAX_EXPANSIONS + 1
        for word in ["pas", "hotove", "krizoveho", "a" * 10_000, "mesto", "cesta"]
    )


def test_query_without_diacritics_finds_what_the_query_with_them_finds():
    assert all(
        meets(indexed, queried)
        for indexed, queried in zip(
            ["Bydlení", "rodin", "dětmi"], ["bydleni", "rodin", "detmi"], strict=True
        )
    )


def test_stop_words_go_but_the_word_for_a_flat_stays():
    assert analyze("byt pro rodinu a na ubytovně") == ["byt", "rodin", "ubytovn"]
    assert lemmatized_text("byt pro rodinu a na ubytovně") == "byt rodina ubytovna"


def test_numbers_and_abbreviations_stay():
    assert analyzed_text("HF 2024 KCB") == "hf 2024 kcb"
    assert lemmatized_text("HF 2024 KCB") == "hf 2024 kcb"
