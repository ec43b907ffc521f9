"""Contact page, privacy notice, accessibility statement and terms: pages and footer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from legal.models import AccessibilityStatementPage, ContactMessage, ContactPage, LegalPage
from tests.factories import user_with_role
from tests.legal.factories import contact_page_create, legal_page_create, statement_create

pytestmark = pytest.mark.django_db


def test_footer_links_every_live_public_legal_page_in_tree_order(client, home_page):
    privacy = legal_page_create(home_page, footer_label="Ochrana osobních údajů")
    statement = statement_create(home_page)
    draft = legal_page_create(home_page, title="Pravidla fóra", slug="pravidla-fora", live=False)
    restricted = legal_page_create(home_page, title="Interní zásady", slug="interni")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")

    body = client.get("/").content.decode()
    footer = body[body.index('class="site-footer"') :]

    assert f'<a href="{privacy.url}">Ochrana osobních údajů</a>' in footer
    assert f'<a href="{statement.url}">Prohlášení o přístupnosti</a>' in footer
    assert footer.index(privacy.url) < footer.index(statement.url)
    assert draft.url is None or draft.title not in footer
    assert "Interní zásady" not in footer


def test_footer_costs_the_same_queries_whatever_the_number_of_pages(client, home_page):
    legal_page_create(home_page)
    client.get("/")  # warms Wagtail's site root paths cache
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for number in range(4):
        legal_page_create(home_page, title=f"Podmínky {number}", slug=f"podminky-{number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(many) == len(few)


def test_legal_page_shows_its_date_with_the_genitive_month(client, home_page):
    page = legal_page_create(home_page)
    response = client.get(page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Zásady ochrany osobních údajů</h1>" in body
    assert '<time datetime="2025-06-30">30. června 2025</time>' in body
    assert "<h2>Kdo údaje zpracovává</h2>" in body


def test_accessibility_statement_has_every_section_the_law_prescribes(client, home_page):
    statement = statement_create(home_page)
    contact = contact_page_create(home_page)
    response = client.get(statement.url, HTTP_HOST="obce.example.cz")
    body = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Stav souladu",
        "Nepřístupný obsah",
        "Vypracování prohlášení o přístupnosti",
        "Zpětná vazba a kontaktní údaje",
        "Postupy pro vymáhání",
    ):
        assert f"<h2>{heading}</h2>" in body
    assert "zákonem č. 99/2019 Sb." in body
    assert "částečně v souladu s normou ČSN EN 301 549 V3.2.1" in body
    assert '<a href="http://obce.example.cz/">http://obce.example.cz/</a>' in body
    assert "Grafy bez popisu." in body and "Starší dokumenty." in body
    assert '<time datetime="2026-11-02">2. listopadu 2026</time>' in body
    assert 'href="mailto:pristupnost@example.org"' in body
    assert f'href="{contact.url}"' in body


def test_accessibility_statement_fully_compliant_omits_the_inaccessible_content_section(
    client, home_page
):
    statement = statement_create(
        home_page,
        compliance=AccessibilityStatementPage.Compliance.FULL,
        non_compliant_content="",
        out_of_scope="",
    )
    body = client.get(statement.url).content.decode()
    assert "plně v souladu" in body
    assert "Nepřístupný obsah" not in body


def test_accessibility_statement_in_english_translates_its_frame(client, home_page):
    statement = statement_create(home_page)
    body = client.get("/en" + statement.url).content.decode()
    assert "<h2>Compliance status</h2>" in body


def test_the_site_has_one_contact_page_and_one_accessibility_statement(home_page):
    contact_page_create(home_page)
    statement_create(home_page)
    assert not ContactPage.can_create_at(home_page)
    assert not AccessibilityStatementPage.can_create_at(home_page)
    assert LegalPage.can_create_at(home_page)


def test_contact_messages_are_listed_for_administrators_only(client, home_page):
    page = contact_page_create(home_page)
    ContactMessage.objects.create(
        page=page, name="Jan Novák", email="jan@example.org", body="Dobrý den."
    )
    admin = user_with_role("admin")
    adviser = user_with_role("adviser")
    url = "/admin/snippets/legal/contactmessage/"

    client.force_login(adviser)
    assert client.get(url).status_code == 302
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "Jan Novák" in response.content.decode()


def test_anonymous_visitors_do_not_reach_contact_messages(client, home_page):
    contact_page_create(home_page)
    response = client.get("/admin/snippets/legal/contactmessage/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
