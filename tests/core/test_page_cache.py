"""The anonymous page cache (core.page_cache): what it keeps, for whom, and that a change is
visible at once."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import Client
from wagtail.models import Page

from tests.factories import case_study_create

PAGE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.CACHES = PAGE_CACHE
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def demo_cached(demo_site, page_cache):
    return demo_site


def _signed_in(email="poradce@demo.example"):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


KEY_PAGES = ["/", "/pripadove-studie/", "/pripadove-studie/vysledky/", "/znalosti/", "/forum/"]


@pytest.mark.parametrize("path", KEY_PAGES)
def test_anonymous_key_page_is_served_from_the_cache(demo_cached, path, django_assert_num_queries):
    first = Client().get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_signed_in_person_never_gets_a_cached_page(demo_cached):
    anonymous = Client().get("/forum/")
    assert anonymous["X-Page-Cache"] == "miss"
    signed_in = _signed_in().get("/forum/")
    assert "X-Page-Cache" not in signed_in
    assert "Odhlásit se" in signed_in.content.decode()


def test_a_cached_anonymous_page_never_shows_a_signed_in_persons_content(demo_cached):
    from accounts.models import User

    adviser = User.objects.get(email="poradce@demo.example")
    for path in KEY_PAGES:
        _signed_in().get(path)  # signed in first: must not be what visitors get
        for _ in range(2):
            page = Client().get(path).content.decode()
            assert "Odhlásit se" not in page
            assert adviser.email not in page
            assert adviser.get_full_name() not in page


def test_publishing_a_page_is_visible_at_once(demo_cached):
    assert Client().get("/pripadove-studie/")["X-Page-Cache"] == "miss"
    assert Client().get("/pripadove-studie/")["X-Page-Cache"] == "hit"
    case_study_create(title="Zcela nový příklad z Kocourkova")
    response = Client().get("/pripadove-studie/")
    assert response["X-Page-Cache"] == "miss"
    assert "Zcela nový příklad z Kocourkova" in response.content.decode()


def test_unpublishing_and_deleting_a_page_is_visible_at_once(demo_cached):
    from casestudies.models import CaseStudyPage

    page = CaseStudyPage.objects.live().order_by("path").first()
    assert page.title in Client().get("/pripadove-studie/").content.decode()
    page.unpublish()
    assert page.title not in Client().get("/pripadove-studie/").content.decode()
    Page.objects.get(pk=page.pk).delete()
    assert page.title not in Client().get("/pripadove-studie/").content.decode()


def test_a_forum_post_appears_at_once(demo_cached):
    from forum.models import Topic
    from forum.services import post_create

    topic = Topic.objects.visible_to(AnonymousUser()).order_by("pk").first()
    url = topic.get_absolute_url()
    assert Client().get(url)["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    from accounts.models import User

    post_create(
        user=User.objects.get(email="partner@demo.example"),
        topic=topic,
        source="Odpověď, která se musí ukázat hned: kocourkovský postup.",
    )
    assert "kocourkovský postup" in Client().get(url).content.decode()


def test_a_snippet_change_is_visible_at_once(demo_cached):
    from core.models import Topic

    topic = Topic.objects.order_by("pk").first()
    Client().get("/pripadove-studie/")
    topic.name = "Téma přejmenované právě teď"
    topic.save()
    assert "Téma přejmenované právě teď" in Client().get("/pripadove-studie/").content.decode()


def test_languages_and_query_strings_are_cached_apart(demo_cached):
    czech = Client().get("/")
    english = Client().get("/en/")
    assert english["X-Page-Cache"] == "miss"
    assert Client().get("/en/").content == english.content
    assert english.content != czech.content
    assert Client().get("/?x=1")["X-Page-Cache"] == "miss"
    assert Client().get("/?x=1")["X-Page-Cache"] == "hit"


def test_pages_with_a_form_or_a_pending_message_are_not_cached(demo_cached):
    signup = Client().get("/ucet/signup/")
    assert signup.status_code == 200
    assert "X-Page-Cache" not in signup
    assert "X-Page-Cache" not in Client().get("/ucet/signup/")
    Client().get("/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in visitor.get("/")


def test_the_search_page_is_not_cached_and_every_query_is_logged(demo_cached):
    from search.models import SearchQueryLog

    before = SearchQueryLog.objects.count()
    for _ in range(2):
        response = Client().get("/search/?q=bydleni")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    assert SearchQueryLog.objects.count() == before + 2


def test_the_cache_can_be_turned_off(demo_cached, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert "X-Page-Cache" not in Client().get("/")


def test_the_language_switch_needs_no_token_from_this_site():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/"},
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 302
    assert response.url == "/en/"


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://jiny-web.example", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://jiny-web.example"},
    ],
)
def test_the_language_switch_refuses_what_another_site_sends(headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, headers=headers)
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page).group(1)


def test_an_article_is_cached_and_each_visitor_gets_a_token_of_their_own(demo_cached):
    from kb.models import ArticlePage

    article = ArticlePage.objects.live().public().order_by("path").first()
    url = article.get_url()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(url)["X-Page-Cache"] == "miss"
    response = second.get(url)
    assert response["X-Page-Cache"] == "hit"
    page = response.content.decode()
    assert "page-cache-csrf-token" not in page
    assert response["Content-Length"] == str(len(response.content))
    token = _token(page)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    # Someone else's token does not pass; one's own does.
    refused = second.post(
        f"{url}zpetna-vazba/",
        {"helpful": "ano", "csrfmiddlewaretoken": _token(first.get(url).content.decode())},
    )
    assert refused.status_code == 403
    accepted = second.post(f"{url}zpetna-vazba/", {"helpful": "ano", "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    # Now they have a session: their own page, with their own thank-you, never the cache.
    after = second.get(url)
    assert "X-Page-Cache" not in after
    assert "Děkujeme" in after.content.decode()
    assert "Děkujeme" not in Client().get(url).content.decode()


def test_a_form_page_not_listed_keeps_its_token_out_of_the_cache(demo_cached):
    from legal.models import ContactPage

    contact = ContactPage.objects.live().first()
    Client().get(contact.get_url())
    assert "X-Page-Cache" not in Client().get(contact.get_url())


def test_navigation_and_footer_follow_a_change_at_once_also_for_signed_in_people(demo_cached):
    from home.models import HomePageSection
    from legal.models import LegalPage

    client = _signed_in("studujici@demo.example")
    client.get("/forum/")
    # The Czech home page's section and legal page: the Czech interface shows those (the
    # demo also has English versions).
    section = (
        HomePageSection.objects.filter(page__locale__language_code="cs")
        .order_by("sort_order")
        .first()
    )
    section.title = "Sekce přejmenovaná teď"
    section.save()
    legal = LegalPage.objects.live().filter(locale__language_code="cs").first()
    legal.footer_label = "Patička přejmenovaná teď"
    legal.save_revision().publish()
    page = client.get("/forum/").content.decode()
    assert "Sekce přejmenovaná teď" in page
    assert "Patička přejmenovaná teď" in page


def test_signing_in_and_reading_the_forum_keep_the_cache(demo_cached):
    assert Client().get("/forum/")["X-Page-Cache"] == "miss"
    # force_login saves last_login; the forum visit saves the reader's visit times.
    _signed_in("studujici@demo.example").get("/forum/")
    assert Client().get("/forum/")["X-Page-Cache"] == "hit"
