"""One language at a time: once editors make English versions of pages (simple_translation's
copy), every list, total, dashboard, the open data API, search and the sitemap show each
thing once, in the interface's language, with the Czech page standing in where there is no
English version."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale

from casestudies.dashboard import outcomes_dashboard_data
from casestudies.queries import HOUSEHOLDS_HOUSED, CaseStudyFilters, listing_queryset
from core import locales
from kb.queries import knowledge_base_overview
from search.indexing import rebuild
from search.service import SearchRequest, search
from tests.courses.factories import course_create
from tests.factories import OrganisationFactory, case_study_create, home_page_create
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db


def translate(page, **fields):
    """What an editor does with Stránka → Přeložit (simple_translation), then publishes."""
    english = Locale.objects.get(language_code="en")
    CopyPageForTranslationAction(page=page, locale=english).execute(skip_permission_checks=True)
    version = page.get_translation(english).specific
    for name, value in fields.items():
        setattr(version, name, value)
    version.save_revision().publish()
    version.refresh_from_db()
    return version


@pytest.fixture(scope="module")
def world(module_db):
    with module_db():
        yield _build_world()


def _build_world():
    home_page = home_page_create()
    pisek = OrganisationFactory(name="Město Písek", short_name="Písek", slug="pisek")
    trutnov = OrganisationFactory(name="Město Trutnov", short_name="Trutnov", slug="trutnov")
    case_pisek = case_study_create(
        organisation=pisek,
        title="Písek zabydluje rodiny",
        slug="pisek",
        values=[(HOUSEHOLDS_HOUSED, 4, "2024-06-30")],
    )
    case_trutnov = case_study_create(
        organisation=trutnov,
        title="Trutnov mapuje bytovou nouzi",
        slug="trutnov",
        values=[(HOUSEHOLDS_HOUSED, 3, "2024-06-30")],
    )
    kb_index = kb_index_create(home_page)
    section = section_create(kb_index)
    principles = article_create(section, slug="principy", title="Principy zabydlování")
    article_create(section, slug="registracni-tyden", title="Registrační týden")
    course = course_create(slug="kurz", title="Zabydlování v obci").course
    course_create(slug="druhy-kurz", title="Krizové bydlení pro obce")

    english_home = translate(home_page, title="Housing in practice")
    translate(case_pisek.get_parent().specific, title="Good practice")
    english_case = translate(case_pisek, title="Písek houses families", slug="pisek-houses")
    translate(kb_index, title="Knowledge base")
    translate(section, title="Housing First section")
    english_article = translate(principles, title="Principles of housing people")
    translate(course.get_parent().specific, title="Courses")
    english_course = translate(course, title="Housing people in a municipality")
    return {
        "home": home_page,
        "english_home": english_home,
        "case": case_pisek,
        "english_case": english_case,
        "case_trutnov": case_trutnov,
        "kb_index": kb_index,
        "article": principles,
        "english_article": english_article,
        "course": course,
        "english_course": english_course,
    }


@pytest.mark.parametrize("language", ["cs", "en"])
def test_case_study_list_and_totals_count_each_case_study_once(world, language):
    with translation.override(language):
        titles = sorted(listing_queryset(CaseStudyFilters()).values_list("title", flat=True))
        dashboard = outcomes_dashboard_data("/pripadove-studie/")
    expected = {
        "cs": ["Písek zabydluje rodiny", "Trutnov mapuje bytovou nouzi"],
        "en": ["Písek houses families", "Trutnov mapuje bytovou nouzi"],
    }
    assert titles == expected[language]
    assert dashboard.case_study_count == 2
    assert dashboard.municipality_count == 2
    assert dashboard.households_housed.value == Decimal("7")


def test_case_study_list_page_in_english_shows_the_english_version(client, world):
    body = client.get("/en/pripadove-studie/").content.decode()
    assert "2 case studies of good practice" in body
    assert body.count('<li class="card case-study-card"') == 2
    assert "Písek houses families" in body
    assert "Písek zabydluje rodiny" not in body
    czech = client.get("/pripadove-studie/").content.decode()
    assert "Písek zabydluje rodiny" in czech
    assert "Písek houses families" not in czech


@pytest.mark.parametrize("language", ["cs", "en"])
def test_open_data_api_lists_each_case_study_once(client, world, language):
    response = client.get("/api/v1/case-studies/", HTTP_ACCEPT_LANGUAGE=language)
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == 2
    municipalities = client.get("/api/v1/municipalities/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert sorted(item["case_study_count"] for item in municipalities["results"]) == [1, 1]


def test_course_list_shows_each_course_once_in_each_language(client, world):
    czech = client.get("/kurzy/").content.decode()
    english = client.get("/en/kurzy/").content.decode()
    assert czech.count("Zabydlování v obci") == 1
    assert "Housing people in a municipality" not in czech
    assert "Housing people in a municipality" in english
    assert "Zabydlování v obci" not in english
    # The untranslated course is there once, marked as Czech; the English one is not.
    assert english.count("Krizové bydlení pro obce") == 1
    assert re.search(r'<[^>]* lang="cs"[^>]*>(<a [^>]*>)?Krizové bydlení pro obce', english)
    assert not re.search(r'<[^>]* lang="cs"[^>]*>(<a [^>]*>)?Housing people', english)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_knowledge_base_overview_counts_each_article_once(world, language):
    with translation.override(language):
        index = locales.translation_for_language(world["kb_index"], language).specific
        overview = knowledge_base_overview(index)
    assert [section.article_count for section in overview["sections"]] == [2]
    titles = sorted(article.title for article in overview["recent_articles"])
    expected = {
        "cs": ["Principy zabydlování", "Registrační týden"],
        "en": ["Principles of housing people", "Registrační týden"],
    }
    assert titles == expected[language]


def test_article_section_lists_czech_and_english_articles_once(client, world):
    english = client.get("/en/znalosti/housing-first/").content.decode()
    assert "Principles of housing people" in english
    assert "Principy zabydlování" not in english
    assert english.count("Registrační týden") == 1


@pytest.mark.parametrize("language", ["cs", "en"])
def test_search_finds_each_page_once_in_each_language(world, language):
    rebuild()
    with translation.override(language):
        results = search(SearchRequest(text="Písek", filters={}), None, suggest=False)
    case_studies = [hit for hit in results.hits if hit.kind == "case_study"]
    assert len(case_studies) == 1
    expected = {"cs": "Písek zabydluje rodiny", "en": "Písek houses families"}
    assert case_studies[0].title == expected[language]


def test_search_finds_the_czech_page_in_english_while_it_has_no_english_version(world):
    rebuild()
    with translation.override("en"):
        results = search(SearchRequest(text="Trutnov", filters={}), None, suggest=False)
    assert [hit.title for hit in results.hits if hit.kind == "case_study"] == [
        "Trutnov mapuje bytovou nouzi"
    ]


def test_sitemap_lists_each_page_once_per_language(client, world):
    body = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>https?://[^/]+([^<]*)</loc>", body)
    assert len(locations) == len(set(locations))
    assert locations.count("/pripadove-studie/pisek/") == 1
    assert locations.count("/en/pripadove-studie/pisek-houses/") == 1
    # The English interface of a translated page is its English version, not the Czech page.
    assert "/en/pripadove-studie/pisek/" not in locations
    # An untranslated page is in the English interface at its Czech path.
    assert locations.count("/en/pripadove-studie/trutnov/") == 1
    czech = [location for location in locations if not location.startswith("/en/")]
    assert len(locations) == 2 * len(czech)


def test_english_version_is_served_at_its_own_address(client, world):
    response = client.get("/en/pripadove-studie/pisek-houses/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Písek houses families" in body
    assert "content-language-notice" not in body
    main = body[body.index("<main") : body.index("</main>")]
    assert '<h1 lang="cs"' not in main


def test_czech_page_without_english_version_is_shown_marked_in_english(client, world):
    response = client.get("/en/pripadove-studie/trutnov/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "content-language-notice" in body
    assert 'lang="cs">Trutnov mapuje bytovou nouzi</h1>' in body


def test_czech_page_in_english_costs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.get("/en/znalosti/housing-first/registracni-tyden/")
    with django_assert_max_num_queries(40) as captured:
        client.get("/en/znalosti/housing-first/registracni-tyden/")
    first = len(captured.captured_queries)
    for number in range(5):
        article_create(
            world["article"].get_parent(), slug=f"dalsi-{number}", title=f"Další {number}"
        )
    with django_assert_max_num_queries(first):
        response = client.get("/en/znalosti/housing-first/registracni-tyden/")
    assert "content-language-notice" in response.content.decode()


def test_links_in_english_lists_lead_to_english_addresses(client, world):
    body = client.get("/en/kurzy/").content.decode()
    assert 'href="/en/kurzy/kurz/"' in body
    assert 'href="/en/kurzy/druhy-kurz/"' in body
    assert 'href="/kurzy/' not in body


@pytest.mark.parametrize(
    ("next_url", "language", "expected"),
    [
        ("/pripadove-studie/pisek/", "en", "/en/pripadove-studie/pisek-houses/"),
        ("/en/pripadove-studie/pisek-houses/", "cs", "/pripadove-studie/pisek/"),
        ("/pripadove-studie/trutnov/", "en", "/en/pripadove-studie/trutnov/"),
        ("/en/pripadove-studie/trutnov/", "cs", "/pripadove-studie/trutnov/"),
        ("/en/pripadove-studie/pisek-houses/pdf/", "cs", "/pripadove-studie/pisek/pdf/"),
    ],
)
def test_language_switch_leads_to_the_page_version(client, world, next_url, language, expected):
    response = client.post(reverse("set_language"), {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response.url == expected


def test_english_course_version_shares_the_czech_course_lessons(client, world):
    body = client.get("/en/kurzy/kurz/").content.decode()
    assert "Housing people in a municipality" in body
    assert "Lekce 1" in body


def test_navigation_comes_from_the_english_home_page(client, world):
    from home.models import HomePageSection

    HomePageSection.objects.create(
        page=world["english_home"], title="Forum", description="Talk.", link_url_name="forum:index"
    )
    body = client.get("/en/").content.decode()
    assert '<a class="main-nav__link" href="/en/forum/">Forum</a>' in body


def test_translated_world_has_no_aliases(world):
    """simple_translation's copy (parents translated first) leaves no alias pages, which
    would count as pages of their own."""
    from wagtail.models import Page

    assert not Page.objects.filter(alias_of__isnull=False).exists()
