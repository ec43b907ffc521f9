"""The text of search documents: every app's documents keep the words of adjacent blocks
apart, so each word can be found and snippets read as text."""

import io
import re

import pytest
from django.core.management import call_command

from search.documents import html_text, plain_text
from search.indexing import all_documents

pytestmark = pytest.mark.django_db

# A lower-case letter directly followed by an upper-case one inside a word: "bytyStačí".
FUSED = re.compile(r"\b\w*[^\W\d_A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ][A-ZÁČĎÉĚÍŇÓŘŠŤÚŮÝŽ]\w*")


def test_blocks_of_html_stay_separate_words():
    html = "<h2>Krizové byty</h2><p>Stačí&nbsp;jeden <strong>byt</strong>y.</p><ul><li>a</li><li>b</li></ul>"
    assert html_text(html) == "Krizové byty Stačí\xa0jeden byty. a b".replace("\xa0", " ")


def test_inline_tags_do_not_split_a_word():
    assert html_text("<p><em>Bydl</em>ení</p>") == "Bydlení"


def test_plain_text_drops_empty_pieces():
    assert plain_text("Obec.", "", "  dvě   slova ") == "Obec. dvě slova"


def test_no_demo_document_fuses_the_words_of_adjacent_blocks():
    call_command("load_demo", stdout=io.StringIO())
    documents = all_documents()
    kinds = {document.kind for document in documents}
    assert {"article", "case_study", "course", "glossary_term", "forum_topic"} <= kinds
    fused = {
        (document.key, word)
        for document in documents
        for text in (document.title, document.summary, document.body)
        for word in FUSED.findall(text)
    }
    assert fused == set()
