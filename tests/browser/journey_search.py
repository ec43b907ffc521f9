"""A social worker searches: picks a suggestion from the header's combobox with the keyboard,
then types without diacritics, narrows by kind, opens a result; in Czech and in English,
the open combobox and the results page checked with axe-core."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def journey_search_filter_and_open_a_result(live_server, page, prefix):
    call_command("load_demo", stdout=io.StringIO())
    call_command("search_rebuild", stdout=io.StringIO())

    visit(page, live_server, f"{prefix}/")
    box = page.locator("#site-search")
    box.press_sequentially("trutnov", delay=30)
    expect(page.locator("#site-search-listbox")).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-search-listbox-0 mark").first).to_be_visible()
    check_accessibility(page)
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "site-search-listbox-0")
    with page.expect_navigation():
        box.press("Enter")
    expect(page.locator("h1")).to_contain_text("Trutnov")

    visit(page, live_server, f"{prefix}/")
    page.locator("#site-search").fill("krizovy byt")
    page.locator(".search-box button[type=submit]").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    expect(page.locator(".search-result mark").first).to_be_visible()

    page.locator("input[name=kind][value=case_study]").check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "kind=case_study" in page.url
    check_accessibility(page)
    types = page.locator(".search-result__type").all_inner_texts()
    assert types and all(
        kind.startswith(("Příklad dobré praxe", "Case stud", "Good practice")) for kind in types
    )

    title = page.locator(".search-result__title a").first.inner_text()
    page.locator(".search-result__title a").first.click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_contain_text(title.split(":")[0])
