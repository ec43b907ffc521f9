"""The Czech analysis both search engines share: folding, stop words, light stemming."""

import pytest

from search.analysis import analyze, analyzed_text, fold, stem, tokens


def test_fold_removes_case_and_diacritics():
    assert fold("Krizové BYDLENÍ v Písku, Žďár") == "krizove bydleni v pisku, zdar"


@pytest.mark.parametrize(
    "forms",
    [
        ["byt", "bytu", "bytech", "byty", "bytem"],
        ["rodina", "rodiny", "rodinami", "rodin", "rodinám"],
        ["krizový", "krizového", "krizových", "krizové", "krizovým"],
        ["týden", "týdne", "týdnem", "týdny"],
        ["děti", "dětmi", "detmi", "dětí"],
        ["obec", "obce", "obcí", "obcemi"],
        ["ubytovna", "ubytovně", "ubytovnách", "ubytoven"],
        ["Jihlava", "Jihlavě", "Jihlavy", "jihlavou"],
        ["bydlení", "bydleni", "bydlením"],
    ],
)
def test_word_forms_share_one_stem(forms):
    assert len({stem(word) for form in forms for word in tokens(form)}) == 1


@pytest.mark.parametrize(
    ("one", "other"), [("byt", "bydlení"), ("obec", "obchod"), ("dluh", "dlouhý")]
)
def test_different_words_keep_different_stems(one, other):
    assert analyze(one) != analyze(other)


def test_query_without_diacritics_equals_query_with_them():
    assert (
        analyze("bydleni rodin s detmi")
        == analyze("Bydlení rodin s dětmi")
        == ["bydln", "rodin", "det"]
    )


def test_stop_words_go_but_the_word_for_a_flat_stays():
    assert analyze("byt pro rodinu a na ubytovně") == ["byt", "rodin", "ubytovn"]


def test_numbers_and_abbreviations_stay():
    assert analyzed_text("HF 2024 KCB") == "hf 2024 kcb"
