"""Czech content in the English interface is marked lang="cs", and the page says it has no
English version (WCAG 3.1.2)."""

import datetime

import pytest
from django.utils import translation

from core.content_language import content_language, differs_from_interface
from legal.models import LegalPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy_page(home_page):
    return home_page.add_child(
        instance=LegalPage(
            title="Zásady ochrany osobních údajů",
            slug="ochrana",
            body="<p>Správcem je provozovatel.</p>",
            last_updated=datetime.date(2026, 1, 1),
            live=True,
        )
    )


def test_czech_page_in_english_interface_marks_its_content_and_says_so(client, privacy_page):
    body = client.get("/en" + privacy_page.url).content.decode()
    assert '<html lang="en">' in body
    assert '<h1 lang="cs">Zásady ochrany osobních údajů</h1>' in body
    assert '<div class="legal-text__body" lang="cs">' in body
    assert "content-language-notice" in body


def test_czech_page_in_czech_interface_has_no_extra_marks(client, privacy_page):
    body = client.get(privacy_page.url).content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    assert 'lang="cs"' not in main
    assert "content-language-notice" not in body


def test_navigation_labels_written_by_editors_are_marked_in_english(client, home_page):
    from home.models import HomePageSection

    HomePageSection.objects.create(
        page=home_page, title="Fórum", description="Diskuse.", link_url_name="forum:index"
    )
    body = client.get("/en/").content.decode()
    assert '<a class="main-nav__link" href="/en/forum/" lang="cs">Fórum</a>' in body


def test_home_page_content_is_marked_in_english(client, home_page):
    body = client.get("/en/").content.decode()
    assert f'<h1 id="hero-title" class="hero__title" lang="cs">{home_page.title}</h1>' in body


def test_content_language_follows_the_page_locale(home_page):
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    assert content_language(home_page) == "cs"
    home_page.locale = english
    assert content_language(home_page) == "en"
    with translation.override("en"):
        assert differs_from_interface(home_page) is None
        assert differs_from_interface(None) == "cs"
