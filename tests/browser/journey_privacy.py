"""A person uses their rights over their data: signs in with the log-in form, downloads
everything the platform holds about them (a ZIP whose data.json names them), then deletes
the account (confirmed with the password), is signed out, cannot sign in again, and their
forum post stays, signed "smazaný uživatel"."""

import io
import json
import zipfile

from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, visit

EMAIL = "mazani-uctu@example.org"
ACCOUNT_MENU = 'ul.account-menu[aria-label="Účet"]'


def _person_with_a_forum_post():
    from accounts.roles import Role
    from forum.models import Category
    from forum.services import topic_create
    from tests.factories import TEST_PASSWORD, MembershipFactory, UserFactory

    person = UserFactory(email=EMAIL, first_name="Alžběta", last_name="Zapomenutá")
    MembershipFactory(user=person, role=Role.LEARNER)
    category = Category.objects.filter(visibility=Category.Visibility.PUBLIC).first()
    topic = topic_create(
        user=person,
        category=category,
        title="Zkušenost s nájemními smlouvami na dobu určitou",
        source="Smlouvy na rok nám pomohly zabydlené domácnosti podpořit.",
    )
    return person, TEST_PASSWORD, topic


def _sign_in(page, live_server, password):
    visit(page, live_server, "/ucet/login/")
    page.locator('input[name="login"]').fill(EMAIL)
    page.locator('input[name="password"]').fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def journey_download_then_delete_my_data(live_server, page):
    from accounts.models import User

    _person, password, topic = _person_with_a_forum_post()

    _sign_in(page, live_server, password)
    expect(page.locator(ACCOUNT_MENU)).not_to_contain_text("Přihlásit se")
    visit(page, live_server, "/ucet/moje-data/")

    # The archive arrives: a ZIP whose data.json names the person.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Stáhnout moje data").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        data = json.loads(archive.read("data.json"))
    dumped = json.dumps(data, ensure_ascii=False)
    assert EMAIL in dumped
    assert "Zapomenutá" in dumped
    assert "Zkušenost s nájemními smlouvami" in dumped

    # Deleting the account: a wrong password is refused, the right one deletes.
    page.get_by_role("link", name="Pokračovat ke smazání účtu").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    page.locator('input[name="password"]').fill(password)
    page.locator('input[name="confirm"]').check()
    page.get_by_role("button", name="Smazat účet natrvalo").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator(".messages")).to_contain_text("Váš účet a osobní údaje jsme smazali")
    # Signed out.
    expect(page.locator(ACCOUNT_MENU)).to_contain_text("Přihlásit se")
    assert not User.objects.filter(email=EMAIL).exists()

    # Cannot sign in again.
    _sign_in(page, live_server, password)
    assert "/ucet/login/" in page.url
    expect(page.locator(ACCOUNT_MENU)).to_contain_text("Přihlásit se")

    # The forum post stays, signed by nobody in particular.
    visit(page, live_server, topic.get_absolute_url())
    expect(page.locator(".post").first).to_contain_text("smazaný uživatel")
    expect(page.locator("main")).not_to_contain_text("Zapomenutá")
