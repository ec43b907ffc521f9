"""The first journey: a visitor signs up, confirms the e-mail, sees the profile, reads in English.

Every page on the way is checked with axe-core (see conftest.check_accessibility).
"""

import io
import re

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit

EMAIL = "jana.novakova@example.cz"
FIRST_NAME = "Jana"
LAST_NAME = "Nováková"
PASSWORD = "Bydleni-v-praxi-2025!"
CONFIRM_URL = re.compile(r"https?://\S+/ucet/confirm-email/[^\s/]+/")


def _load_home_page():
    from home.demo import load as load_home

    load_home(stdout=io.StringIO())


def _after_navigation(page, url_pattern):
    """Wait for the page the last action led to, then check its accessibility."""
    page.wait_for_url(url_pattern)
    page.wait_for_load_state("load")
    check_accessibility(page)


def journey_sign_up_confirm_profile_and_english(live_server, page, mailoutbox):
    _load_home_page()

    # Home page, in Czech.
    visit(page, live_server, "/")
    expect(page.locator("html")).to_have_attribute("lang", "cs")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Bydlení v praxi")

    # Sign-up link in the header.
    page.get_by_role("link", name="Registrovat se", exact=True).click()
    _after_navigation(page, re.compile(r"/ucet/signup/$"))
    expect(page.locator("h1")).to_be_visible()

    # Sign-up form: our name fields next to allauth's e-mail and passwords.
    page.locator('input[name="email"]').fill(EMAIL)
    page.locator('input[name="first_name"]').fill(FIRST_NAME)
    page.locator('input[name="last_name"]').fill(LAST_NAME)
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.get_by_role("button", name="Zaregistrovat se").click()

    # "Verification sent" page; the e-mail is in the outbox (tasks run immediately and the live
    # server is a thread of this process).
    _after_navigation(page, re.compile(r"/ucet/confirm-email/$"))
    expect(page.locator("h1")).to_be_visible()
    assert len(mailoutbox) == 1, [message.subject for message in mailoutbox]
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    match = CONFIRM_URL.search(message.body)
    assert match, f"no confirmation link in the e-mail:\n{message.body}"
    confirm_path = re.sub(r"^https?://[^/]+", "", match.group(0))

    # Confirmation page: confirming needs a press of the button (no confirmation on GET).
    visit(page, live_server, confirm_path)
    expect(page.locator("h1")).to_be_visible()
    page.locator("main form button[type=submit]").click()

    # Confirming logs the new user in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION) and leads to the
    # profile; should it lead to the log-in page instead, log in with e-mail and password.
    _after_navigation(page, re.compile(r"/ucet/(profil|login)/$"))
    if page.url.endswith("/ucet/login/"):
        page.locator('input[name="login"]').fill(EMAIL)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        _after_navigation(page, re.compile(r"/ucet/profil/$"))
    expect(page.get_by_role("link", name="Odhlásit se")).to_be_visible()

    # Profile: the name and the e-mail.
    visit(page, live_server, "/ucet/profil/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Můj profil")
    expect(main).to_contain_text(f"{FIRST_NAME} {LAST_NAME}")
    expect(main).to_contain_text(EMAIL)

    # Language switch in the header: a POST form, one button per language.
    page.locator("header").get_by_role("button", name="English").click()
    _after_navigation(page, re.compile(r"^https?://[^/]+/en/ucet/profil/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("header").get_by_role("button", name="English")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(main).to_contain_text(f"{FIRST_NAME} {LAST_NAME}")
    expect(main).to_contain_text(EMAIL)

    # English home page.
    visit(page, live_server, "/en/")
    assert page.url.startswith(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_be_visible()
