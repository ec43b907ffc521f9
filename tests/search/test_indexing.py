"""Content reaches the search index through the outbox, and only what may be read."""

import pytest
from django.db import transaction
from wagtail.models import Page, PageViewRestriction

from search.models import SearchEntry, SearchOutbox
from search.outbox import outbox_drain
from tests.factories import case_study_create
from tests.kb.factories import (
    article_create,
    glossary_page_create,
    kb_index_create,
    pdf_document_create,
    section_create,
    term_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_page):
    return section_create(kb_index_create(home_page))


def _indexed(key_prefix=""):
    return set(SearchEntry.objects.filter(key__startswith=key_prefix).values_list("key", flat=True))


def test_publishing_writes_the_outbox_and_the_index_follows(
    section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(section, title="Krizové bydlení")
    key = f"kb.articlepage:{article.pk}"
    assert SearchOutbox.objects.filter(key=key).exists()
    assert key in _indexed()
    assert not SearchOutbox.objects.pending().exists()


def test_drafts_are_never_indexed_and_unpublishing_removes(
    section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = article_create(section, slug="koncept", live=False)
        article = article_create(section, slug="zivy")
    assert f"kb.articlepage:{draft.pk}" not in _indexed()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert f"kb.articlepage:{article.pk}" not in _indexed()


def test_deleting_and_moving_update_the_index(home_page, django_capture_on_commit_callbacks):
    index = kb_index_create(home_page)
    first = section_create(index, slug="prvni")
    second = section_create(index, slug="druhy", title="Druhý")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(first, slug="clanek")
    key = f"kb.articlepage:{article.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).move(second, pos="last-child")
    assert SearchEntry.objects.get(key=key).url.startswith("/znalosti/druhy/")
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=article.pk).delete()
    assert key not in _indexed()


def test_a_rolled_back_change_leaves_no_outbox_row(section):
    with pytest.raises(RuntimeError), transaction.atomic():
        article_create(section, slug="zruseny")
        raise RuntimeError("rolled back")
    assert not SearchOutbox.objects.exists()


def test_view_restrictions_change_the_audience_and_passwords_remove(
    section, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(section)
    key = f"kb.articlepage:{article.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
    # An untranslated Czech page is found in both interface languages.
    assert SearchEntry.objects.get(key=key).audiences.split() == ["signed-in@cs", "signed-in@en"]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.restriction_type = "password"
        restriction.password = "tajne"
        restriction.save()
    assert key not in _indexed()


def test_glossary_terms_documents_and_case_studies_are_indexed(
    home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        glossary_page_create(kb_index_create(home_page))
        term = term_create("Krizové bydlení", synonyms="krizový byt")
        document = pdf_document_create(
            ["Slovo jen v souboru: nájemník."], document_type="methodology", title="Metodika"
        )
        hidden = pdf_document_create(title="Bez druhu")
        case_study = case_study_create(
            slug="trutnov", values=[("households-housed", 3, "2024-01-01")]
        )
    entry = SearchEntry.objects.get(key=f"kb.glossaryterm:{term.pk}")
    assert entry.url == f"/znalosti/slovnik/#{term.anchor}"
    assert "najemnik" in SearchEntry.objects.get(key=f"kb.librarydocument:{document.pk}").words
    assert f"kb.librarydocument:{hidden.pk}" not in _indexed()
    assert "3" in SearchEntry.objects.get(key=f"casestudies.casestudypage:{case_study.pk}").body
    with django_capture_on_commit_callbacks(execute=True):
        term.delete()
    assert f"kb.glossaryterm:{term.pk}" not in _indexed()


def test_drain_applies_each_key_once_with_the_latest_state(section):
    article = article_create(section)
    key = f"kb.articlepage:{article.pk}"
    SearchOutbox.objects.bulk_create(
        [SearchOutbox(key=key, action="index"), SearchOutbox(key=key, action="remove")]
    )
    # Three rows (publishing queued one) for one key: applied together, all marked done.
    assert outbox_drain() == {"applied": 3, "failed": 0}
    assert not SearchOutbox.objects.pending().exists()
    assert key in _indexed()  # the article is live, whatever the queued actions said


def test_group_restrictions_give_the_groups_audiences(section, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(section)
    group = Group.objects.create(name="Pracovní skupina")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(page=article, restriction_type="groups")
        restriction.groups.add(group)
    assert SearchEntry.objects.get(key=f"kb.articlepage:{article.pk}").audiences.split() == [
        f"group:{group.pk}@cs",
        f"group:{group.pk}@en",
    ]
