"""A learner goes from the course page to a verified certificate, and the adviser sees it on
the dashboard; key pages checked with axe-core in Czech and under /en/."""

import io

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in_as, visit

COURSE = "/kurzy/housing-first-v-obci/"
FIRST_LESSON = COURSE + "zaklady/principy-housing-first/"


def journey_learn_to_certificate_and_adviser_dashboard(live_server, page):
    import uuid

    from accounts.models import User
    from courses import services
    from courses.models import Certificate, Cohort, CoursePage, Enrolment, LessonPage
    from tests.factories import UserFactory

    call_command("load_demo", stdout=io.StringIO())
    learner = UserFactory(email="kurz.cesta@example.org", first_name="Eva", last_name="Cestová")
    sign_in_as(page, live_server, learner)

    # The course list and the public overview.
    visit(page, live_server, "/kurzy/")
    page.get_by_role("link", name="Housing First v obci: od mapování k bydlení").click()
    page.wait_for_load_state("load")
    check_accessibility(page)

    # Enrol, start the first lesson.
    page.get_by_role("button", name="Zapsat se do kurzu").click()
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("Jste zapsáni do kurzu")
    check_accessibility(page)
    page.get_by_role("link", name="Začít první lekcí").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator("h1")).to_have_text("Principy Housing First")

    # Answer the quiz (the right answers come from the database, not from the page).
    lesson = LessonPage.objects.get(slug="principy-housing-first")
    for question in lesson.quiz_questions.all():
        for option in question.options.filter(is_correct=True):
            page.locator(f"#otazka-{question.pk}-{option.pk}").check()
    page.get_by_role("button", name="Odeslat odpovědi").click()
    page.wait_for_load_state("load")
    expect(page.locator(".quiz__result")).to_contain_text("Splněno")
    check_accessibility(page)
    page.get_by_role("button", name="Označit lekci jako přečtenou").click()
    page.wait_for_load_state("load")
    expect(page.locator(".lesson__complete")).to_contain_text("přečtenou")

    # The other four lessons through the services, as if studied on other days.
    course = CoursePage.objects.get(slug="housing-first-v-obci")
    for other in LessonPage.objects.live().descendant_of(course).exclude(pk=lesson.pk):
        services.lesson_complete(user=learner, lesson=other, course=course)
        services.quiz_attempt_submit(
            user=learner,
            lesson=other,
            course=course,
            token=uuid.uuid4(),
            answers={
                str(q.pk): [str(o.pk) for o in q.options.all() if o.is_correct]
                for q in other.quiz_questions.all()
            },
        )
    code = Certificate.objects.get(user=learner, course=course).code

    # My courses leads to the certificate; anyone can verify its code.
    visit(page, live_server, "/studium/")
    expect(page.get_by_role("link", name="Stáhnout certifikát (PDF)")).to_be_visible()
    page.context.clear_cookies()
    visit(page, live_server, "/studium/overeni/")
    page.get_by_label("Ověřovací kód certifikátu").fill(code.lower())
    page.get_by_role("button", name="Ověřit").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Certifikát je platný")
    expect(page.locator(".certificate-facts")).to_contain_text("Eva Cestová")
    check_accessibility(page)

    # The adviser sees the learner in a cohort she runs.
    cohort = Cohort.objects.get(name="Podzim – Liberec a Trutnov")
    Enrolment.objects.filter(user=learner, course=course).update(cohort=cohort)
    sign_in_as(page, live_server, User.objects.get(email="poradce@demo.example"))
    visit(page, live_server, "/studium/prehled/")
    expect(page.locator("h1")).to_have_text("Přehled studia")
    page.get_by_role("link", name=cohort.name).click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator("table")).to_contain_text(code)

    # The same key pages in English.
    for path in ("/studium/prehled/", f"/studium/prehled/skupiny/{cohort.pk}/"):
        visit(page, live_server, f"/en{path}")
    sign_in_as(page, live_server, learner)
    for path in ("/kurzy/", COURSE, FIRST_LESSON, "/studium/", f"/studium/overeni/{code}/"):
        visit(page, live_server, f"/en{path}")
    page.context.clear_cookies()
