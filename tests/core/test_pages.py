import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from home.models import HomePageSection
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_home_page_is_czech_with_one_h1_and_skip_link(client, home_page):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cs">' in body
    assert body.count("<h1") == 1
    assert 'href="#main-content"' in body and 'id="main-content"' in body
    assert "Přeskočit na obsah" in body
    assert "Přihlásit se" in body


def test_home_page_in_english_keeps_content_and_translates_interface(client, home_page):
    response = client.get("/en/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    assert "Skip to content" in body
    assert "Přeskočit na obsah" not in body
    assert home_page.title in body


def test_home_page_links_sections_that_exist_and_marks_the_rest_as_coming(client, home_page):
    child = Page(title="Znalostní báze", slug="znalosti")
    home_page.add_child(instance=child)
    HomePageSection.objects.create(
        page=home_page, title="Znalostní báze", description="Návody.", link_page=child
    )
    HomePageSection.objects.create(page=home_page, title="Kurzy", description="Školení.")
    body = client.get("/").content.decode()
    assert f'href="{child.url}"' in body
    assert "Připravujeme" in body
    # Only the live section reaches the main navigation.
    navigation = body[body.index("main-nav") : body.index("</nav>")]
    assert "Znalostní báze" in navigation and "Kurzy" not in navigation


def test_a_section_can_lead_to_an_application_address_in_the_visitors_language(client, home_page):
    HomePageSection.objects.create(
        page=home_page, title="Účet", description="Profil.", link_url_name="accounts:profile"
    )
    czech = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert 'href="/ucet/profil/"' in czech
    assert 'href="/en/ucet/profil/"' in english
    assert "Připravujeme" not in czech


def test_a_section_names_either_a_page_or_an_existing_application_address(home_page):
    from django.core.exceptions import ValidationError

    section = HomePageSection(
        page=home_page, title="Fórum", description="…", link_url_name="neexistuje:nic"
    )
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "link_url_name" in error.value.message_dict
    section.link_url_name = "accounts:profile"
    section.link_page = home_page
    with pytest.raises(ValidationError):
        section.full_clean()


def test_home_page_query_count_does_not_grow_with_sections(
    client, home_page, django_assert_max_num_queries
):
    for number in range(12):
        child = Page(title=f"Část {number}", slug=f"cast-{number}")
        home_page.add_child(instance=child)
        HomePageSection.objects.create(
            page=home_page, title=f"Část {number}", description="…", link_page=child
        )
    # 14: with content localisation Wagtail reads the request's locale and the translations
    # of the site's root page (cached in production) once per request.
    with django_assert_max_num_queries(14):
        response = client.get("/")
    assert response.content.decode().count("card__link") == 12


def test_language_switch_redirects_to_the_english_address(client, home_page):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/ucet/login/"})
    assert response.status_code == 302
    assert response.url == "/en/ucet/login/"
    back = client.post(reverse("set_language"), {"language": "cs", "next": "/en/ucet/login/"})
    assert back.url == "/ucet/login/"


def test_dates_and_numbers_are_formatted_the_czech_way():
    from datetime import date

    from django.utils import formats, translation

    with translation.override("cs"):
        assert formats.date_format(date(2026, 11, 23)) == "23. listopadu 2026"
        assert (
            formats.number_format(1234.5, decimal_pos=1, use_l10n=True, force_grouping=True)
            == "1\xa0234,5"
        )


def test_unknown_address_gets_czech_404(client, home_page):
    response = client.get("/tato-stranka-neexistuje/")
    assert response.status_code == 404
    assert "Tuto stránku jsme nenašli" in response.content.decode()


def test_unknown_english_address_gets_english_404(client, home_page):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()


def test_server_error_page_is_czech(client, home_page, settings):
    from core.views import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "něco se pokazilo" in response.content.decode()


def test_sitemap_lists_public_live_pages_only(client, home_page):
    public = Page(title="Veřejná", slug="verejna")
    home_page.add_child(instance=public)
    draft = Page(title="Koncept", slug="koncept", live=False)
    home_page.add_child(instance=draft)
    private = Page(title="Soukromá", slug="soukroma")
    home_page.add_child(instance=private)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/sitemap.xml")
    body = response.content.decode()
    assert response.status_code == 200
    assert "http://testserver/verejna/" in body
    assert 'hreflang="en" href="http://testserver/en/verejna/"' in body
    assert "koncept" not in body and "soukroma" not in body


def test_robots_txt_points_to_sitemap_and_hides_admin(client):
    body = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_logged_in_person_sees_profile_link_not_login(client, home_page):
    client.force_login(UserFactory())
    body = client.get("/").content.decode()
    assert "Můj profil" in body
    assert reverse("account_login") not in body


def test_sitemap_leaves_out_page_types_not_for_everyone(client, home_page):
    from tests.courses.factories import course_create

    built = course_create(quiz=False)
    body = client.get("/sitemap.xml").content.decode()
    assert built.course.url in body
    assert built.lessons[0].url not in body


def test_editors_may_add_each_part_of_the_site_under_the_home_page_once(home_page):
    from casestudies.models import CaseStudyIndexPage
    from courses.models import CourseIndexPage
    from kb.models import KnowledgeBaseIndexPage

    for model in (CaseStudyIndexPage, KnowledgeBaseIndexPage, CourseIndexPage):
        assert model.can_create_at(home_page)
    home_page.add_child(instance=KnowledgeBaseIndexPage(title="Znalosti", slug="znalosti"))
    assert not KnowledgeBaseIndexPage.can_create_at(home_page)


DEV_404 = "core.debug_404.ProjectNotFoundPageMiddleware"


def test_development_settings_serve_the_project_404_page():
    from config.settings import dev

    assert dev.MIDDLEWARE[-1] == DEV_404
    assert dev.DEBUG and not dev.DEBUG_TECHNICAL_404


def test_development_server_shows_the_czech_404_page_not_the_debug_page(
    client, home_page, settings
):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, DEV_404]
    response = client.get("/tato-stranka-neexistuje/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Tuto stránku jsme nenašli" in body and '<html lang="cs">' in body
    assert "URLconf" not in body


def test_development_server_shows_the_debug_404_page_when_asked(client, home_page, settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_404 = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, DEV_404]
    response = client.get("/tato-stranka-neexistuje/")
    assert response.status_code == 404
    assert "Tuto stránku jsme nenašli" not in response.content.decode()
