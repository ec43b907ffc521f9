"""The roadmap: the demo adviser records Trutnov's allocation rules as met with a council
resolution (after the form refused a file that is not what it says); a visitor reads Jihlava's
roadmap, follows the recommended course module and then a peer town's case study. Pages
checked with axe-core."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, check_error_page, sign_in_as, visit


def journey_adviser_records_a_milestone_and_a_visitor_follows_the_roadmap(live_server, page):
    from accounts.models import User
    from roadmap.models import MilestoneRecord

    call_command("load_demo", stdout=io.StringIO())
    adviser = User.objects.get(email="poradce@demo.example")

    # The adviser opens Trutnov's roadmap: the planned step and its note are visible to her.
    sign_in_as(page, live_server, adviser)
    visit(page, live_server, "/pripadove-studie/obce/trutnov/cesta/")
    step = page.locator("#krok-progressive-allocation-rules")
    expect(step).to_contain_text("Plánováno na:")
    step.get_by_role("link", name="Zapsat pokrok").click()
    page.wait_for_load_state("load")
    check_accessibility(page)

    # A "PDF" that is not one is refused, with the error summary and nothing saved.
    page.get_by_role("radio", name="splněno").check()
    page.get_by_label("Splněno dne").fill("2025-03-20")
    page.get_by_label("Doklad", exact=True).fill("Usnesení rady č. 112/2025 o pravidlech nájmu.")
    page.get_by_label("Soubor s dokladem").set_input_files(
        files=[{"name": "usneseni.pdf", "mimeType": "application/pdf", "buffer": b"<html></html>"}]
    )
    page.get_by_role("button", name="Uložit záznam").click()
    page.wait_for_load_state("load")
    check_error_page(page)
    expect(page.locator(".error-summary")).to_contain_text(
        "není tím, za co se podle přípony vydává"
    )
    assert (
        MilestoneRecord.objects.get(
            organisation__slug="trutnov", milestone__slug="progressive-allocation-rules"
        ).status
        == "planned"
    )

    # The real resolution is accepted: the roadmap lists the step as met with its evidence.
    page.get_by_label("Doklad", exact=True).fill("Usnesení rady č. 112/2025 o pravidlech nájmu.")
    page.get_by_label("Soubor s dokladem").set_input_files(
        files=[
            {
                "name": "usneseni.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Uložit záznam").click()
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("je u obce Trutnov zapsaný")
    met = page.locator(".roadmap__met")
    expect(met).to_contain_text("Progresivní pravidla přidělování bytů")
    expect(met).to_contain_text("Usnesení rady č. 112/2025")
    expect(met.get_by_role("link", name="Soubor s dokladem: usneseni.pdf")).to_be_visible()
    check_accessibility(page)

    # A visitor reads Jihlava's roadmap: no notes, a recommended step, then its course module.
    page.context.clear_cookies()
    visit(page, live_server, "/pripadove-studie/obce/jihlava/")
    page.get_by_role("link", name="Cesta obce Jihlava: splněné milníky a další kroky").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator("h1")).to_have_text("Cesta: Statutární město Jihlava")
    expect(page.locator("main")).not_to_contain_text("Město hledá vhodný byt")
    crisis = page.locator("#krok-crisis-flat")
    expect(crisis).to_contain_text("Tým připraven")
    crisis.get_by_role("link", name="Byty a podpora").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Byty a podpora")
    check_accessibility(page)

    # Back on the roadmap, the most similar town that has a crisis flat: Trutnov's case study.
    page.go_back()
    page.wait_for_load_state("load")
    page.locator("#krok-crisis-flat .roadmap-step__peers").get_by_role("link").first.click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_contain_text("Trutnov")
    check_accessibility(page)
