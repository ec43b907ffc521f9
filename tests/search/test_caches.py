"""What search keeps between requests (synonyms, facet labels, answers) and that a change to
what they come from is visible at once."""

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import Client

from search import service
from search.models import SearchQueryLog
from tests.factories import UserFactory, topic
from tests.kb.factories import article_create, kb_index_create, section_create, term_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def search_caches(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
        },
    }
    caches["default"].clear()
    caches["pages"].clear()
    yield
    caches["default"].clear()
    caches["pages"].clear()


@pytest.fixture
def section(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return section_create(kb_index_create(home_page))


def _titles(text, user=None):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict

    request = service.search_request_from(QueryDict(urlencode({"q": text})))

    return [hit.title for hit in service.search(request, user or AnonymousUser()).hits]


def test_a_new_synonym_is_used_at_once(section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article_create(section, slug="hf", title="Housing First v praxi")
    assert _titles("bydlení především") == []
    term_create("Housing First", synonyms="Bydlení především")
    assert "Housing First v praxi" in _titles("bydlení především")


def test_synonym_sets_are_read_once_until_the_glossary_changes(db, django_assert_num_queries):
    term_create("Housing First", synonyms="HF")
    assert service.synonym_sets() == [["Housing First", "HF"]]
    with django_assert_num_queries(0):
        service.synonym_sets()
    term_create("Krizový byt", synonyms="krizové bydlení")
    assert len(service.synonym_sets()) == 2


def test_a_renamed_topic_label_is_shown_at_once(db):
    renamed = topic("krizove-bydleni")
    assert service.facet_labels()["topic"]["krizove-bydleni"] == renamed.name
    renamed.name = "Krize a bydlení"
    renamed.save()
    assert service.facet_labels()["topic"]["krizove-bydleni"] == "Krize a bydlení"


def test_labels_are_kept_per_language(db):
    from django.utils import translation

    with translation.override("en"):
        english = service.facet_labels()["kind"]["article"]
    assert service.facet_labels()["kind"]["article"] == "Článek"
    assert english == "Article"


def test_an_answer_is_reused_until_the_index_changes(
    section, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        article_create(section, slug="pisek", title="Krizový byt v Písku")
    assert _titles("krizový byt") == ["Krizový byt v Písku"]
    with django_assert_num_queries(0):
        _titles("krizový byt")
    with django_capture_on_commit_callbacks(execute=True):
        article_create(section, slug="tabor", title="Krizový byt v Táboře")
    assert sorted(_titles("krizový byt")) == ["Krizový byt v Písku", "Krizový byt v Táboře"]


def test_answers_are_never_shared_between_audiences(section, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(section, title="Krizový byt jen pro přihlášené")
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    member = UserFactory()
    assert _titles("krizový byt", member) == ["Krizový byt jen pro přihlášené"]
    assert _titles("krizový byt") == []
    assert _titles("krizový byt", member) == ["Krizový byt jen pro přihlášené"]


def test_the_search_page_logs_every_query_even_with_a_cached_answer(section):
    for _ in range(3):
        assert Client().get("/search/?q=bydleni").status_code == 200
    assert SearchQueryLog.objects.count() == 3


def test_a_new_promotion_is_shown_at_once(section, django_capture_on_commit_callbacks):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    with django_capture_on_commit_callbacks(execute=True):
        pick = article_create(section, slug="navod", title="Doporučený návod")
    assert "Začněte tady." not in Client().get("/search/?q=krizovy+byt").content.decode()
    SearchPromotion.objects.create(
        query=Query.get("krizový byt"), page=pick, description="Začněte tady."
    )
    assert "Začněte tady." in Client().get("/search/?q=krizovy+byt").content.decode()


# --- the rendered search page for anonymous visitors (search.views.search_page) ----------


@pytest.fixture
def kept_pages(settings):
    settings.PAGE_CACHE_SECONDS = 600


def _log_ids(body: str) -> set[int]:
    return {int(found) for found in re.findall(r"&amp;log=(\d+)", body)}


def test_an_anonymous_search_page_is_kept_and_still_logged_with_its_own_id(
    section, kept_pages, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        article_create(section, slug="pisek", title="Krizový byt v Písku")
    first = Client().get("/search/?q=krizovy+byt").content.decode()
    with django_assert_num_queries(1):  # the query log, nothing else
        second = Client().get("/search/?q=krizovy+byt").content.decode()
    logs = list(SearchQueryLog.objects.order_by("pk"))
    assert [(log.text, log.result_count) for log in logs] == [("krizovy byt", 1)] * 2
    assert _log_ids(first) == {logs[0].pk} and _log_ids(second) == {logs[1].pk}
    assert second.replace(f"log={logs[1].pk}", f"log={logs[0].pk}") == first
    assert "v Písku" in second and not re.search(r"log-[0-9a-f]{16}", second)


def test_a_kept_search_page_shows_new_content_at_once(
    section, kept_pages, django_capture_on_commit_callbacks
):
    assert "v Táboře" not in Client().get("/search/?q=krizovy+byt").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        article_create(section, slug="tabor", title="Krizový byt v Táboře")
    assert "v Táboře" in Client().get("/search/?q=krizovy+byt").content.decode()


def test_a_kept_search_page_is_never_shown_to_a_signed_in_person(
    section, kept_pages, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(section, title="Krizový byt jen pro přihlášené")
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    member = Client()
    member.force_login(UserFactory())  # before: a new user gives a new generation
    for _ in range(2):
        assert "jen pro přihlášené" not in Client().get("/search/?q=krizovy+byt").content.decode()
    assert "jen pro přihlášené" in member.get("/search/?q=krizovy+byt").content.decode()
    assert "jen pro přihlášené" not in Client().get("/search/?q=krizovy+byt").content.decode()
    assert SearchQueryLog.objects.count() == 4


def test_kept_search_pages_are_kept_per_language(section, kept_pages):
    assert '<html lang="cs">' in Client().get("/search/?q=byt").content.decode()
    assert '<html lang="en">' in Client().get("/en/search/?q=byt").content.decode()
    assert '<html lang="cs">' in Client().get("/search/?q=byt").content.decode()


def test_a_later_page_of_results_is_kept_without_a_log(
    section, kept_pages, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            article_create(section, slug=f"byt-{number}", title=f"Krizový byt číslo {number}")
    first = Client().get("/search/?q=krizovy+byt&strana=2").content.decode()
    with django_assert_num_queries(0):
        second = Client().get("/search/?q=krizovy+byt&strana=2").content.decode()
    assert first == second and "číslo" in second and "log=" not in second
    assert not SearchQueryLog.objects.exists()


def test_sqlite_commits_do_not_wait_for_the_disk():
    """Every search writes its query-log row: on SQLite, gunicorn's workers would queue
    behind each other's fsyncs under the file's lock (docs/benchmarks.md)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
