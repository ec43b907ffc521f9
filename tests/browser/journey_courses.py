"""A learner fails a quiz, waits, is given an attempt by the adviser, passes, finishes, gets the
certificate by e-mail and verifies it; the adviser bulk-enrols a town with one learner already
in another cohort. Key pages checked with axe-core in Czech and under /en/."""

import io
import re
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in_as, visit

COURSE = "/kurzy/housing-first-v-obci/"
FIRST_LESSON = COURSE + "zaklady/principy-housing-first/"


def _answer(page, lesson, *, right: bool):
    """Tick the right (or wrong) options; the answers come from the database, not the page."""
    for question in lesson.quiz_questions.all():
        options = [option for option in question.options.all() if option.is_correct == right]
        for option in options[: 1 if not right else None]:
            page.locator(f"#otazka-{question.pk}-{option.pk}").check()
    page.get_by_role("button", name="Odeslat odpovědi").click()
    page.wait_for_load_state("load")


def journey_learn_to_certificate_and_adviser_dashboard(live_server, page):
    from accounts.models import Organisation, User
    from accounts.roles import Role
    from accounts.services import membership_set
    from courses import services
    from courses.models import Certificate, Cohort, CoursePage, Enrolment, LessonPage, QuizAttempt
    from tests.factories import UserFactory

    call_command("load_demo", stdout=io.StringIO())
    course = CoursePage.objects.get(slug="housing-first-v-obci")
    liberec = Organisation.objects.get(slug="liberec")
    spring = Cohort.objects.get(name="Jaro – Jihlava a Trutnov")
    autumn = Cohort.objects.get(name="Podzim – Liberec a Trutnov")
    learner = UserFactory(email="kurz.cesta@example.org", first_name="Eva", last_name="Cestová")
    membership_set(user=learner, organisation=liberec, role=Role.LEARNER)
    # A colleague from Liberec studies in the spring cohort.
    colleague = UserFactory(email="kurz.jaro@example.org", first_name="Jan", last_name="Jarní")
    membership_set(user=colleague, organisation=liberec, role=Role.LEARNER)
    services.enrolment_create(user=colleague, course=course, cohort=spring, by_adviser=True)
    sign_in_as(page, live_server, learner)

    # The course list and the public overview with its outline.
    visit(page, live_server, "/kurzy/")
    page.get_by_role("link", name="Housing First v obci: od mapování k bydlení").click()
    page.wait_for_load_state("load")
    check_accessibility(page)

    # Enrol, start the first lesson.
    page.get_by_role("button", name="Zapsat se do kurzu").click()
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("Jste zapsáni do kurzu")
    expect(page.locator(".outline")).to_contain_text("zatím nezačato")
    check_accessibility(page)
    page.get_by_role("link", name="Začít první lekcí").click()
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_text("Principy Housing First")
    check_accessibility(page)

    # Fail the quiz twice: the attempts are used up, the page says until when and who helps.
    lesson = LessonPage.objects.get(slug="principy-housing-first")
    _answer(page, lesson, right=False)
    expect(page.locator(".quiz__result")).to_contain_text("Zatím nesplněno")
    expect(page.locator(".quiz__status")).to_contain_text("Zbývá 1 pokus.")
    check_accessibility(page)
    _answer(page, lesson, right=False)
    expect(page.locator(".quiz__wait")).to_contain_text("Další pokus můžete odeslat od")
    expect(page.get_by_role("button", name="Odeslat odpovědi")).to_have_count(0)
    check_accessibility(page)

    # A day later the learner may try once more on her own (and fails again).
    QuizAttempt.objects.filter(user=learner).update(
        submitted_at=timezone.now() - timedelta(hours=25)
    )
    page.reload()
    expect(page.locator(".quiz__status")).to_contain_text("Čekací doba uplynula")
    _answer(page, lesson, right=False)
    expect(page.locator(".quiz__wait")).to_contain_text("Další pokus můžete odeslat od")

    # The adviser enrols Liberec in the autumn cohort: a preview first; the colleague from the
    # spring cohort moves only because she ticks him.
    adviser = User.objects.get(email="poradce@demo.example")
    sign_in_as(page, live_server, adviser)
    visit(page, live_server, f"/studium/prehled/skupiny/{autumn.pk}/")
    page.get_by_label("Organizace").select_option(label=str(liberec))
    page.get_by_role("button", name="Ukázat, koho by zápis zahrnul").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    expect(page.locator(".enrol-plan")).to_contain_text("Eva Cestová")
    move = page.get_by_label(re.compile("Přesunout sem: Jan Jarní"))
    expect(move).not_to_be_checked()
    move.check()
    page.get_by_role("button", name="Zapsat", exact=True).click()
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("pokrok zůstal zachován")
    assert Enrolment.objects.get(user=colleague).cohort == autumn
    assert Enrolment.objects.get(user=learner).cohort == autumn

    # On the dashboard: the move, and Eva among those who used up the attempts.
    visit(page, live_server, "/studium/prehled/")
    expect(page.locator("#changes-title + *")).to_contain_text("Jan Jarní")
    page.get_by_role("link", name="Přidat pokus: Eva Cestová").click()
    page.wait_for_load_state("load")
    check_accessibility(page)
    page.get_by_label("Důvod").fill("Prošly jsme spolu lekci po telefonu.")
    page.get_by_role("button", name="Přidat pokusy").click()
    page.wait_for_load_state("load")
    expect(page.locator(".messages")).to_contain_text("Eva Cestová má o 1 pokus víc")

    # The learner passes, marks the lesson read, and sees where to continue.
    sign_in_as(page, live_server, learner)
    visit(page, live_server, FIRST_LESSON)
    _answer(page, lesson, right=True)
    expect(page.locator(".quiz__result")).to_contain_text("Splněno")
    page.get_by_role("button", name="Označit lekci jako přečtenou").click()
    page.wait_for_load_state("load")
    expect(page.locator(".lesson__complete")).to_contain_text("přečtenou")
    expect(page.get_by_role("link", name=re.compile("^Pokračovat: "))).to_be_visible()
    check_accessibility(page)

    # The other four lessons through the services, as if studied on other days.
    mail.outbox.clear()
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
    certificate = Certificate.objects.get(user=learner, course=course)
    (message,) = [m for m in mail.outbox if m.to == [learner.email]]
    verify_url = re.search(r"https?://\S+/studium/overeni/\S+/", message.body).group(0)
    assert certificate.code in verify_url

    # My courses leads to the certificate; the course page shows the history.
    visit(page, live_server, "/studium/")
    expect(page.get_by_role("link", name="Stáhnout certifikát (PDF)")).to_be_visible()
    visit(page, live_server, COURSE)
    expect(page.locator(".history")).to_contain_text("Prošly jsme spolu lekci po telefonu.")

    # Anyone verifies it, by the address from the e-mail and by its code.
    page.context.clear_cookies()
    visit(page, live_server, urlsplit(verify_url).path)
    expect(page.locator("h1")).to_have_text("Certifikát je platný")
    expect(page.locator(".certificate-facts")).to_contain_text("Platforma pro sociální bydlení")
    visit(page, live_server, "/studium/overeni/")
    page.get_by_label("Ověřovací kód certifikátu").fill(certificate.code.lower())
    page.get_by_role("button", name="Ověřit").click()
    page.wait_for_load_state("load")
    expect(page.locator(".certificate-facts")).to_contain_text("Eva Cestová")
    check_accessibility(page)

    # The adviser sees the learner's certificate in her cohort.
    sign_in_as(page, live_server, adviser)
    visit(page, live_server, f"/studium/prehled/skupiny/{autumn.pk}/")
    expect(page.locator("table").first).to_contain_text(certificate.code)

    # The same key pages in English.
    for path in ("/studium/prehled/", f"/studium/prehled/skupiny/{autumn.pk}/"):
        visit(page, live_server, f"/en{path}")
    sign_in_as(page, live_server, learner)
    for path in (
        "/kurzy/",
        COURSE,
        FIRST_LESSON,
        "/studium/",
        f"/studium/overeni/{certificate.code}/",
    ):
        visit(page, live_server, f"/en{path}")
    page.context.clear_cookies()
