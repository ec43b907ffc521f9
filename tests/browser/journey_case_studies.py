"""A partner looks for towns like theirs: list, filter, case study, comparison, dashboard,
municipality page; in Czech and in English, each page checked with axe-core."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit


def _load_demo():
    call_command("load_demo", stdout=io.StringIO())


def journey_find_filter_compare_and_see_results(live_server, page, prefix):
    _load_demo()

    visit(page, live_server, f"{prefix}/pripadove-studie/")
    expect(page.locator("h1")).to_have_count(1)

    # Filter by region with the checkbox form (works without JavaScript).
    page.locator("input[name=kraj][value=CZ010]").check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "kraj=CZ010" in page.url
    check_accessibility(page)
    cards = page.locator(".case-study-card")
    expect(cards).to_have_count(2)

    # Open a case study.
    cards.first.locator("a.card__link").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator(".indicator").first).to_be_visible()

    # Compare two municipalities.
    visit(page, live_server, f"{prefix}/pripadove-studie/porovnani/?obec=jihlava&obec=liberec")
    expect(page.locator("table")).to_be_visible()

    # Dashboard and a municipality page.
    visit(page, live_server, f"{prefix}/pripadove-studie/vysledky/")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    visit(page, live_server, f"{prefix}/pripadove-studie/obce/trutnov/")
