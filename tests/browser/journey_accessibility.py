"""What axe-core at desktop width does not find (issue 19), in Czech and in English:

* focus is visible in forced-colours (high-contrast) mode: an outline, not a box-shadow;
* after a failed submit of sign-up, certificate verification, article feedback and a quiz:
  "Chyba:" title, a focused error summary linking to fields marked aria-invalid and described
  by their error (conftest.check_error_page);
* sign-up name fields carry autocomplete, the "Moje kurzy" progress bar has a name;
* the case-study and search filters: "Přeskočit na výsledky" leads past them on large screens,
  and they are collapsed on small ones.

Reflow and axe at 320 px run on every page through check_accessibility(); the Nu Html Checker
over all pages at the end of test_journeys (check_html_validity).
"""

import io
import re
import uuid

from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    NARROW,
    check_accessibility,
    check_error_page,
    check_focus_visible,
    sign_in_as,
    visit,
)

MAX_TABS_TO_SKIP_LINK = 20


def _error_prefix(prefix):
    """ "Chyba:" as the page's language says it (English once the catalogue has it)."""
    with translation.override("en" if prefix == "/en" else "cs"):
        return translation.gettext("Chyba:")


def _submit(page, button):
    button.click()
    page.wait_for_load_state("load")
    check_accessibility(page)


def _skip_filters_and_collapse_on_small_screens(live_server, page, path):
    """Tab from the top to the skip link (few presses), follow it, and the next Tab reaches
    the first result; at 320 px the filters start collapsed."""
    visit(page, live_server, path)
    skip = page.locator("a.filters-skip")
    expect(skip).to_have_count(1)
    skip_text = skip.inner_text().strip()
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _presses in range(1, MAX_TABS_TO_SKIP_LINK + 1):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('filters-skip')"):
            break
    else:
        raise AssertionError(
            f"{path}: '{skip_text}' not reached in {MAX_TABS_TO_SKIP_LINK} Tab presses"
        )
    expect(skip).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.closest('#results') !== null")
    assert focused, f"{path}: the Tab after '{skip_text}' does not land in the results"
    expect(page.locator("details.filters-disclosure")).to_have_attribute("open", "")

    page.set_viewport_size(NARROW)
    try:
        page.reload()
        page.wait_for_load_state("load")
        assert not page.locator("details.filters-disclosure").evaluate("(d) => d.open"), (
            f"{path}: the filters are not collapsed at {NARROW['width']} px"
        )
    finally:
        page.set_viewport_size(DESKTOP)


def journey_accessibility_beyond_axe(live_server, page, prefix):
    from courses import services
    from courses.models import CoursePage, LessonPage
    from tests.factories import UserFactory

    call_command("load_demo", stdout=io.StringIO())
    error_prefix = _error_prefix(prefix)

    # Focus visible in forced-colours mode (and in the normal one) on the header, a list with
    # filters, and a form.
    visit(page, live_server, f"{prefix}/")
    check_focus_visible(page)
    check_focus_visible(page, forced_colors=False)
    visit(page, live_server, f"{prefix}/pripadove-studie/")
    check_focus_visible(page, presses=20)

    # Filters: skipped on large screens, collapsed on small ones.
    _skip_filters_and_collapse_on_small_screens(live_server, page, f"{prefix}/pripadove-studie/")
    _skip_filters_and_collapse_on_small_screens(live_server, page, f"{prefix}/search/?q=bydleni")

    # Sign-up: autocomplete on the names; an empty submit is an error page.
    visit(page, live_server, f"{prefix}/ucet/signup/")
    expect(page.locator('input[name="first_name"]')).to_have_attribute("autocomplete", "given-name")
    expect(page.locator('input[name="last_name"]')).to_have_attribute("autocomplete", "family-name")
    check_focus_visible(page, presses=20)
    _submit(page, page.locator("main form button[type=submit]"))
    check_error_page(page, title_prefix=error_prefix)

    # Certificate verification: an unknown code marks the field invalid.
    response = page.goto(f"{live_server.url}{prefix}/studium/overeni/NENI-TAKOVY-1/")
    assert response.status == 404
    check_accessibility(page)
    check_error_page(page, title_prefix=error_prefix)
    visit(page, live_server, f"{prefix}/studium/overeni/")
    assert not page.title().startswith(error_prefix)
    _submit(page, page.locator("main form button[type=submit]"))
    check_error_page(page, title_prefix=error_prefix)

    # Article feedback without a choice (the form is at the bottom of a long article).
    visit(page, live_server, f"{prefix}/znalosti/")
    page.locator("a.card__link", has_text="Krizové, sociální a dostupné bydlení").click()
    page.wait_for_load_state("load")
    page.locator("a.card__link", has_text="Krizové bydlení").click()
    page.wait_for_load_state("load")
    _submit(page, page.locator(".feedback__form button[type=submit]"))
    check_error_page(page, title_prefix=error_prefix)

    # A quiz sent without answers; "Moje kurzy" names its progress bar.
    learner = UserFactory(email=f"a11y{prefix.strip('/')}-{uuid.uuid4().hex[:6]}@example.org")
    course = CoursePage.objects.get(slug="housing-first-v-obci")
    services.enrolment_create(user=learner, course=course)
    lesson = LessonPage.objects.live().descendant_of(course).filter(quiz_questions__isnull=False)
    lesson = lesson.distinct().first()
    sign_in_as(page, live_server, learner)
    visit(page, live_server, f"{prefix}{lesson.url}")
    _submit(page, page.locator(".quiz__form button[type=submit]"))
    check_error_page(page, title_prefix=error_prefix)
    visit(page, live_server, f"{prefix}/studium/")
    expect(page.get_by_role("progressbar").first).to_have_accessible_name(re.compile(r"\d+ %"))
    page.context.clear_cookies()
