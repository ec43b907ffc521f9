"""A social worker reads the knowledge base: section, article with contents and glossary,
feedback (first without a choice), glossary A–Z and the document library; in Czech and in
English, each key page checked with axe-core."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def journey_read_an_article_give_feedback_and_find_a_document(live_server, page, prefix):
    call_command("load_demo", stdout=io.StringIO())

    visit(page, live_server, f"{prefix}/znalosti/")
    page.locator("a.card__link", has_text="Krizové, sociální a dostupné bydlení").click()
    page.wait_for_load_state("load")
    check_accessibility(page)

    page.locator("a.card__link", has_text="Krizové bydlení").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator("h1")).to_contain_text("Krizové bydlení")

    # The table of contents leads to its section; a marked term to its definition.
    page.locator(".toc a").nth(1).click()
    assert "#" in page.url
    term = page.locator("a.glossary-term").first
    anchor = term.get_attribute("href")
    term.click()
    expect(page.locator(anchor)).to_be_visible()

    # Feedback without a choice is refused with a message; with a choice it is thanked.
    page.locator(".feedback__form button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator(".error-summary")).to_be_visible()
    check_accessibility(page)
    page.locator(".feedback__form input[type=radio]").first.check()
    page.locator(".feedback__form button[type=submit]").click()
    page.wait_for_load_state("load")
    expect(page.locator(".message--success")).to_be_visible()

    visit(page, live_server, f"{prefix}/znalosti/slovnik/")
    expect(page.locator(".glossary__entry").first).to_be_visible()

    visit(page, live_server, f"{prefix}/znalosti/dokumenty/")
    page.locator("input[name=druh][value=template]").check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "druh=template" in page.url
    check_accessibility(page)
    items = page.locator(".document-list__item")
    expect(items).to_have_count(2)
